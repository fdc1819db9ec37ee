using Microsoft.EntityFrameworkCore;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Scheduling;
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

        var scheduler = _app.Service<QuartzHostedService>().Scheduler;
        scheduler.IsStarted.ShouldBeTrue();
        var done = new TaskCompletionSource();
        scheduler.ListenerManager.AddJobListener(new CompletionListener(done), Quartz.Impl.Matchers.KeyMatcher<JobKey>.KeyEquals(CatalogHousekeepingJob.Key));
        await scheduler.TriggerJob(CatalogHousekeepingJob.Key);
        await done.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await using var check = locator.CreateCatalog();
        (await check.HandoffTokens.Select(h => h.TokenHash).ToListAsync()).ShouldBe([new string('b', 64)]);
    }

    private sealed class CompletionListener(TaskCompletionSource done) : IJobListener
    {
        public string Name => "completion";

        public Task JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            if (jobException is null)
            {
                done.TrySetResult();
            }
            else
            {
                done.TrySetException(jobException);
            }

            return Task.CompletedTask;
        }
    }

    public void Dispose() => _app.Dispose();
}
