using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;
using Quartz;

namespace Psa.Web.ServiceDesk;

/// <summary>Polls the support mailbox of every active workspace each minute (<see cref="MailIntake"/> holds the logic; a workspace without a mailbox costs one query).</summary>
[DisallowConcurrentExecution]
public sealed class MailIntakeJob(TenantDirectory directory, TenantScopeFactory scopes, ILogger<MailIntakeJob> logger) : IJob
{
    public static readonly JobKey Key = new("mail-intake", "service-desk");

    public static readonly TriggerKey Minutely = new("mail-intake-minutely", "service-desk");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        foreach (var tenant in await directory.ListActiveAsync(cancellationToken))
        {
            try
            {
                await using var scope = scopes.Open(tenant);
                await scope.ServiceProvider.GetRequiredService<MailIntake>().PollAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Mail intake for {Tenant} failed", tenant.Slug);
            }
        }
    }

    public static void Schedule(IQuartzBuilder quartz)
    {
        quartz.AddJob<MailIntakeJob>(j => j.WithIdentity(Key));
        quartz.AddTrigger<MailIntakeJob>(t => t.WithIdentity(Minutely).ForJob(Key).StartNow()
            .WithCronSchedule("30 * * * * ?", c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
    }
}
