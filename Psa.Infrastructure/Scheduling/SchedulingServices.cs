using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Psa.Infrastructure.Scheduling;

public static class SchedulingServices
{
    /// <summary>
    /// Quartz's own hosting (docs/decisions/012). Features add their jobs with further
    /// <c>AddQuartz</c> calls, which configure this same scheduler.
    /// </summary>
    public static IServiceCollection AddPsaScheduling(this IServiceCollection services)
    {
        // A name of its own per host: test hosts in one process must never share a scheduler.
        var instanceName = "psa-" + Guid.NewGuid().ToString("N");
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o => o.InstanceName = instanceName);
            q.UseDefaultThreadPool(4);
            q.UseInMemoryStore();
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = false);
        return services;
    }
}
