using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Scheduling;
using Psa.Infrastructure.Tenancy;
using Quartz;

namespace Psa.Web.ServiceDesk;

/// <summary>Runs <see cref="SlaWatcher"/> in every active workspace each minute; all logic lives in the watcher, so the job ports to any scheduler.</summary>
[DisallowConcurrentExecution]
public sealed class SlaWatchJob(TenantDirectory directory, TenantScopeFactory scopes, ILogger<SlaWatchJob> logger) : IJob
{
    public static readonly JobKey Key = new("sla-watch", "service-desk");

    public async Task Execute(IJobExecutionContext context)
    {
        foreach (var tenant in await directory.ListActiveAsync(context.CancellationToken))
        {
            try
            {
                await using var scope = scopes.Open(tenant);
                await scope.ServiceProvider.GetRequiredService<SlaWatcher>().RunAsync(context.CancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "SLA watch for {Tenant} failed", tenant.Slug);
            }
        }
    }

    public static ScheduledJob Definition() => new(
        JobBuilder.Create<SlaWatchJob>().WithIdentity(Key).Build(),
        [TriggerBuilder.Create().WithIdentity("sla-watch-minutely", "service-desk").StartNow()
            .WithCronSchedule("0 * * * * ?", c => c.WithMisfireHandlingInstructionDoNothing()).Build()]);
}
