using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Psa.Domain.Accounting;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;
using Quartz;

namespace Psa.Web.Xero;

/// <summary>
/// Syncs connected workspaces with Xero: a tick every five minutes syncs each workspace whose last
/// sync is older than <see cref="XeroOptions.SyncIntervalMinutes"/> or that a webhook asked to pull; a
/// fire with a workspace in its data (webhook, "Sync now" from elsewhere) syncs that one at once.
/// </summary>
[DisallowConcurrentExecution]
public sealed class XeroSyncJob(TenantDirectory directory, TenantScopeFactory scopes, IOptions<XeroOptions> options, TimeProvider time, ILogger<XeroSyncJob> logger) : IJob
{
    public static readonly JobKey Key = new("xero-sync", "xero");
    public const string TenantKey = "tenant";
    public const string TriggerKey = "trigger";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var only = context.MergedJobDataMap.TryGetString(TenantKey, out var slug) ? slug : null;
        var trigger = context.MergedJobDataMap.TryGetString(TriggerKey, out var t) && t is not null ? t : "schedule";
        foreach (var tenant in await directory.ListActiveAsync(cancellationToken))
        {
            if (only is not null && !string.Equals(tenant.Slug.Value, only, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                await using var scope = scopes.Open(tenant);
                if (only is null && !await DueAsync(scope.ServiceProvider, cancellationToken))
                {
                    continue;
                }

                await scope.ServiceProvider.GetRequiredService<XeroSyncService>().RunAsync(trigger, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Xero sync failed for {Tenant}", tenant.Slug);
            }
        }
    }

    private async Task<bool> DueAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var db = services.GetRequiredService<TenantDbContextFactory>().Create();
        var connection = await db.XeroConnections.AsNoTracking().SingleOrDefaultAsync(ct);
        if (connection is not { Status: XeroConnectionStatus.Connected })
        {
            return false;
        }

        if (connection.PullRequestedUtc is not null)
        {
            return true;
        }

        var last = await db.XeroSyncRuns.Select(r => (DateTimeOffset?)r.StartedUtc).OrderByDescending(s => s).FirstOrDefaultAsync(ct);
        return last is null || time.GetUtcNow() - last.Value >= TimeSpan.FromMinutes(options.Value.SyncIntervalMinutes);
    }

    public static void Schedule(IQuartzBuilder quartz)
    {
        quartz.AddJob<XeroSyncJob>(j => j.WithIdentity(Key).StoreDurably());
        quartz.AddTrigger<XeroSyncJob>((_, t) => t.WithIdentity("xero-sync-tick", "xero").ForJob(Key)
            .StartAt(TimeProvider.System.GetUtcNow().AddMinutes(2))
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(5)).RepeatForever()));
    }

    /// <summary>Queues a sync of one workspace now (it runs on the scheduler's threads).</summary>
    public static async Task QueueAsync(ISchedulerFactory quartz, string slug, string trigger, CancellationToken ct = default)
    {
        var scheduler = await quartz.GetScheduler(ct);
        await scheduler.TriggerJob(Key, new JobDataMap { [TenantKey] = slug, [TriggerKey] = trigger }, ct);
    }
}
