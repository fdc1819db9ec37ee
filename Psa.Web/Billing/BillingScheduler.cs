using Microsoft.EntityFrameworkCore;
using Psa.Domain.Billing.Ledger;
using Psa.Infrastructure.Tenancy;
using Quartz;

namespace Psa.Web.Billing;

/// <summary>
/// One Quartz cron trigger per workspace for its scheduled billing run: the configured day of the
/// month and wall-clock time, in the workspace's time zone. Saving the billing settings reschedules
/// it; the billing tick re-applies every workspace's trigger (new workspaces, restarts).
/// </summary>
public sealed class BillingScheduler(ISchedulerFactory quartz)
{
    public const string TenantKey = "tenant";

    public static TriggerKey TriggerKeyFor(string slug) => new("billing-run-" + slug, "billing-tenants");

    /// <summary>The workspace's zone as its settings say (falls back to the zone it was created with).</summary>
    public static async Task<TimeZoneInfo> ZoneAsync(TenantDbContext db, TenantInfo tenant, CancellationToken ct) =>
        Psa.Web.Projects.WorkspaceClock.ZoneOf(await db.Settings.Select(s => s.TimeZone).SingleOrDefaultAsync(ct) ?? tenant.TimeZone);

    /// <summary>Creates, replaces or (when the schedule is off) removes the workspace's trigger.</summary>
    public async Task ApplyAsync(string slug, BillingPreferences preferences, TimeZoneInfo zone, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        var scheduler = await quartz.GetScheduler(ct);
        var key = TriggerKeyFor(slug);
        if (!preferences.ScheduleEnabled)
        {
            await scheduler.UnscheduleJob(key, ct);
            return;
        }

        var cron = $"0 {preferences.RunTime.Minute} {preferences.RunTime.Hour} {Math.Clamp(preferences.RunDayOfMonth, 1, 28)} * ?";
        var existing = await scheduler.GetTrigger(key, ct);
        if (existing is ICronTrigger current && current.CronExpressionString == cron && current.TimeZone.Id == zone.Id)
        {
            return;
        }

        var trigger = TriggerBuilder.Create()
            .WithIdentity(key)
            .ForJob(BillingScheduleJob.Key)
            .UsingJobData(TenantKey, slug)
            .WithCronSchedule(cron, c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
        await scheduler.ScheduleJob(trigger, new ScheduleJobOptions { Replace = true }, ct);
    }

    /// <summary>When the workspace's trigger fires next, in UTC (null when the schedule is off).</summary>
    public async Task<DateTimeOffset?> NextFireUtcAsync(string slug, CancellationToken ct = default) =>
        (await (await quartz.GetScheduler(ct)).GetTrigger(TriggerKeyFor(slug), ct))?.NextFireTimeUtc;
}
