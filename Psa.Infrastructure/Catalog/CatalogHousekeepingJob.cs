using Microsoft.EntityFrameworkCore;
using Psa.Infrastructure.Scheduling;
using Psa.Infrastructure.Tenancy;
using Quartz;

namespace Psa.Infrastructure.Catalog;

/// <summary>Removes used and expired sign-in hand-off tokens from the catalog.</summary>
[DisallowConcurrentExecution]
public sealed class CatalogHousekeepingJob(DatabaseLocator locator, TimeProvider time) : IJob
{
    public static readonly JobKey Key = new("catalog-housekeeping", "platform");

    public async Task Execute(IJobExecutionContext context)
    {
        var cutoff = time.GetUtcNow().AddHours(-1);
        await using var catalog = locator.CreateCatalog();
        var stale = await catalog.HandoffTokens.Where(h => h.ExpiresUtc < cutoff).ToListAsync(context.CancellationToken);
        catalog.HandoffTokens.RemoveRange(stale);
        await catalog.SaveChangesAsync(context.CancellationToken);
    }

    public static ScheduledJob Definition() => new(
        JobBuilder.Create<CatalogHousekeepingJob>().WithIdentity(Key).Build(),
        [TriggerBuilder.Create().WithIdentity("catalog-housekeeping-hourly", "platform").StartNow()
            .WithSimpleSchedule(s => s.WithIntervalInHours(1).RepeatForever()).Build()]);
}
