using Microsoft.EntityFrameworkCore;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Quartz;
using Shouldly;

namespace Psa.Tests.Scheduling;

public sealed class SchedulerTests : IDisposable
{
    private readonly PsaAppFactory _app = new();

    [Fact]
    public async Task HousekeepingJob_RunsInsideTheHost_AndPurgesExpiredHandoffTokens()
    {
        _ = _app.Server;
        var locator = _app.Service<DatabaseLocator>();
        await using (var catalog = locator.CreateCatalog())
        {
            catalog.HandoffTokens.Add(new HandoffToken { TokenHash = new string('a', 64), TenantSlug = "x", UserId = "u", ExpiresUtc = DateTimeOffset.UtcNow.AddHours(-3) });
            catalog.HandoffTokens.Add(new HandoffToken { TokenHash = new string('b', 64), TenantSlug = "x", UserId = "u", ExpiresUtc = DateTimeOffset.UtcNow.AddMinutes(1) });
            await catalog.SaveChangesAsync();
        }

        var scheduler = await SchedulerTesting.RunningSchedulerAsync(_app.Service<ISchedulerFactory>());
        scheduler.Status.ShouldBe(SchedulerStatus.Running);
        await SchedulerTesting.RunJobOnceAsync(scheduler, CatalogHousekeepingJob.Key, TimeSpan.FromSeconds(10));

        await using var check = locator.CreateCatalog();
        (await check.HandoffTokens.Select(h => h.TokenHash).ToListAsync()).ShouldBe([new string('b', 64)]);
    }

    public void Dispose() => _app.Dispose();
}
