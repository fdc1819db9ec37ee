using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Psa.Infrastructure.Scheduling;

public static class SchedulingServices
{
    /// <summary>
    /// Quartz's own hosting (docs/decisions/012). Features add their jobs with further
    /// <c>AddQuartz</c> calls, which configure this same scheduler. With <c>Psa:Scheduler:Clustered</c> the
    /// schedule lives in the PostgreSQL catalog and the nodes share it (docs/decisions/015).
    /// </summary>
    public static IServiceCollection AddPsaScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        var psa = configuration.GetSection(PsaOptions.Section).Get<PsaOptions>() ?? new PsaOptions();
        var clustered = psa.Scheduler.Clustered;
        if (clustered && (!psa.UsesPostgres || string.IsNullOrWhiteSpace(psa.CatalogConnectionString)))
        {
            throw new InvalidOperationException(
                "Psa:Scheduler:Clustered needs Psa:DatabaseProvider=Postgres and Psa:CatalogConnectionString: the nodes share the schedule in the catalog.");
        }

        // Clustered nodes are one scheduler by name (each gets its own instance id); otherwise a name of its
        // own per host, since test hosts in one process must never share a scheduler.
        var instanceName = clustered ? "psa" : "psa-" + Guid.NewGuid().ToString("N");
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o => o.InstanceName = instanceName);
            q.UseDefaultThreadPool(4);
            q.AddJobListener<JobMetricsListener>();
            if (clustered)
            {
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(Npgsql.NpgsqlFactory.Instance, psa.CatalogConnectionString!);
                    // A dead node's triggers and recoverable jobs move to another within about 20 s.
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(5);
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(15);
                    });
                    store.ProvisionSchema();
                });
            }
            else
            {
                q.UseInMemoryStore();
            }
        });
        if (clustered)
        {
            // The first node stores each declared job and trigger; a node starting later keeps them rather than
            // replacing them (a replaced tick would start its countdown again and fire twice in one interval).
            services.Configure<QuartzOptions>(o => o.Scheduling.IgnoreDuplicates = true);
        }

        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = false);
        return services;
    }
}
