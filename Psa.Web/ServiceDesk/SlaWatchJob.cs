using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;
using Quartz;

namespace Psa.Web.ServiceDesk;

/// <summary>Runs <see cref="SlaWatcher"/> in every active workspace each minute; all logic lives in the watcher, so the job ports to any scheduler.</summary>
[DisallowConcurrentExecution]
public sealed class SlaWatchJob(TenantDirectory directory, TenantScopeFactory scopes, ILogger<SlaWatchJob> logger) : IJob
{
    public static readonly JobKey Key = new("sla-watch", "service-desk");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        foreach (var tenant in await directory.ListActiveAsync(cancellationToken))
        {
            try
            {
                await using var scope = scopes.Open(tenant);
                await scope.ServiceProvider.GetRequiredService<SlaWatcher>().RunAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "SLA watch for {Tenant} failed", tenant.Slug);
            }
        }
    }

    public static void Schedule(IQuartzBuilder quartz)
    {
        quartz.AddJob<SlaWatchJob>(j => j.WithIdentity(Key));
        quartz.AddTrigger<SlaWatchJob>(t => t.WithIdentity("sla-watch-minutely", "service-desk").ForJob(Key).StartNow()
            .WithCronSchedule("0 * * * * ?", c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
    }
}
