using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Ledger;
using Psa.Infrastructure;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;
using Quartz;

namespace Psa.Web.Billing;

/// <summary>When a workspace's scheduled run is due (BillingPreferences: day of month and time, in the workspace's zone).</summary>
public static class BillingSchedule
{
    /// <summary>
    /// The period to bill at <paramref name="localNow"/>, or null when the run is not due (or already done). A run that fell
    /// due before the workspace existed (<paramref name="createdLocal"/>) was never missed: the next month's run is its first.
    /// </summary>
    public static BillingPeriod? DuePeriod(BillingPreferences preferences, DateTime localNow, IReadOnlySet<string> scheduledPeriodsDone, DateTime? createdLocal = null)
    {
        if (!preferences.ScheduleEnabled)
        {
            return null;
        }

        var day = Math.Clamp(preferences.RunDayOfMonth, 1, 28);
        var due = new DateTime(localNow.Year, localNow.Month, day).Add(preferences.RunTime.ToTimeSpan());
        if (localNow < due || (createdLocal is { } created && due < created))
        {
            return null;
        }

        var previous = BillingPeriod.Containing(DateOnly.FromDateTime(localNow).AddDays(-localNow.Day));
        return scheduledPeriodsDone.Contains(previous.ToString()) ? null : previous;
    }

    public static DateTime NextRun(BillingPreferences preferences, DateTime localNow)
    {
        var day = Math.Clamp(preferences.RunDayOfMonth, 1, 28);
        var thisMonth = new DateTime(localNow.Year, localNow.Month, day).Add(preferences.RunTime.ToTimeSpan());
        return thisMonth > localNow ? thisMonth : thisMonth.AddMonths(1);
    }
}

/// <summary>
/// Bills the previous period of a workspace when its own cron trigger fires (<see cref="BillingScheduler"/>:
/// day of month and time in the workspace's zone). Every few minutes a tick without a workspace
/// re-applies every workspace's trigger and catches up a missed run (runs are idempotent, so a
/// missed or repeated tick does no harm).
/// </summary>
[DisallowConcurrentExecution]
public sealed class BillingScheduleJob(TenantDirectory directory, DatabaseLocator databases, TenantScopeFactory scopes, BillingScheduler scheduler, TimeProvider time, ILogger<BillingScheduleJob> logger) : IJob
{
    public static readonly JobKey Key = new("billing-schedule", "billing");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var only = context.MergedJobDataMap.TryGetString(BillingScheduler.TenantKey, out var slug) ? slug : null;
        if (only is null)
        {
            logger.LogInformation("Billing tick on scheduler {Instance}", context.Scheduler.SchedulerInstanceId);
        }

        // A node died while running this job (clustered store): another node runs it again from the start.
        var recovering = context.Recovering;
        if (recovering)
        {
            logger.LogWarning("Billing job recovered on scheduler {Instance} after the node running it stopped", context.Scheduler.SchedulerInstanceId);
        }

        // When each workspace was created, read once per tick rather than once per workspace.
        Dictionary<string, DateTimeOffset> created;
        await using (var catalog = databases.CreateCatalog())
        {
            created = await catalog.Tenants.AsNoTracking().ToDictionaryAsync(t => t.Slug, t => t.CreatedUtc, StringComparer.Ordinal, cancellationToken);
        }

        foreach (var tenant in await directory.ListActiveAsync(cancellationToken))
        {
            if (only is not null && !string.Equals(tenant.Slug.Value, only, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                await RunForAsync(tenant, created.GetValueOrDefault(tenant.Slug.Value), cancellationToken, recovering);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Scheduled billing failed for {Tenant}", tenant.Slug);
            }
        }
    }

    /// <param name="recovering">
    /// The job is run again after the node running it died: a scheduled run it left <c>Running</c> (its transaction
    /// rolled back, nothing billed) is marked failed, and the run starts afresh. Scheduled runs never overlap (the
    /// job disallows concurrent execution, across nodes too), so such a run cannot still be running anywhere.
    /// </param>
    public async Task<BillingPeriod?> RunForAsync(TenantInfo tenant, DateTimeOffset createdUtc, CancellationToken ct, bool recovering = false)
    {
        await using var scope = scopes.Open(tenant);
        BillingPreferences preferences;
        HashSet<string> done;
        TimeZoneInfo zone;
        await using (var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create())
        {
            if (recovering)
            {
                foreach (var interrupted in await db.BillingRuns.Where(r => r.Trigger == "schedule" && r.Status == BillingRunStatus.Running).ToListAsync(ct))
                {
                    interrupted.Status = BillingRunStatus.Failed;
                    interrupted.CompletedUtc = time.GetUtcNow();
                    interrupted.Failure = "Interrupted: the node running it stopped; the run was started again on another node.";
                }

                await db.SaveChangesAsync(ct);
            }

            preferences = await db.BillingPreferences.AsNoTracking().SingleOrDefaultAsync(ct) ?? new BillingPreferences();
            done = (await db.BillingRuns.Where(r => r.Trigger == "schedule" && r.Status == BillingRunStatus.Completed).Select(r => r.Period).ToListAsync(ct))
                .ToHashSet(StringComparer.Ordinal);
            zone = await BillingScheduler.ZoneAsync(db, tenant, ct);
        }

        await scheduler.ApplyAsync(tenant.Slug.Value, preferences, zone, ct);
        var localNow = TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime;
        if (BillingSchedule.DuePeriod(preferences, localNow, done, TimeZoneInfo.ConvertTime(createdUtc, zone).DateTime) is not { } period)
        {
            return null;
        }

        await scope.ServiceProvider.GetRequiredService<BillingRunService>().RunAsync(period, "schedule", ct);
        logger.LogInformation("Scheduled billing of {Period} for {Tenant}", period, tenant.Slug);
        return period;
    }

    /// <summary>
    /// The job (durable: workspace triggers come and go; recoverable: on clustered nodes a run cut short by a dead
    /// node is run again by another, which is safe because runs are idempotent) and its ten-minute tick.
    /// </summary>
    public static void Schedule(IQuartzBuilder quartz)
    {
        quartz.AddJob<BillingScheduleJob>(j => j.WithIdentity(Key).StoreDurably().RequestRecovery());
        // The scheduler runs on the system clock, so its first tick is Psa:Scheduler:FirstTickAfter (a minute) after it is built.
        quartz.AddTrigger<BillingScheduleJob>((services, t) => t.WithIdentity("billing-schedule-tick", "billing").ForJob(Key)
            .StartAt(TimeProvider.System.GetUtcNow() + services.GetRequiredService<IOptions<PsaOptions>>().Value.Scheduler.FirstTickAfter)
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(10)).RepeatForever()));
    }
}
