using Microsoft.EntityFrameworkCore;
using Psa.Infrastructure.Tenancy;
using Quartz;

namespace Psa.Infrastructure.Catalog;

/// <summary>Removes used and expired sign-in hand-off tokens from the catalog.</summary>
[DisallowConcurrentExecution]
public sealed class CatalogHousekeepingJob(DatabaseLocator locator, TimeProvider time) : IJob
{
    public static readonly JobKey Key = new("catalog-housekeeping", "platform");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var cutoff = time.GetUtcNow().AddHours(-1);
        await using var catalog = locator.CreateCatalog();
        var stale = await catalog.HandoffTokens.Where(h => h.ExpiresUtc < cutoff).ToListAsync(cancellationToken);
        catalog.HandoffTokens.RemoveRange(stale);
        await catalog.SaveChangesAsync(cancellationToken);
    }

    public static void Schedule(IQuartzBuilder quartz)
    {
        quartz.AddJob<CatalogHousekeepingJob>(j => j.WithIdentity(Key));
        quartz.AddTrigger<CatalogHousekeepingJob>(t => t.WithIdentity("catalog-housekeeping-hourly", "platform").ForJob(Key).StartNow()
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromHours(1)).RepeatForever()));
    }
}
