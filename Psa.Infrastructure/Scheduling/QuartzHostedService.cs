using System.Collections.Specialized;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;
using Quartz.Impl;
using Quartz.Spi;

namespace Psa.Infrastructure.Scheduling;

/// <summary>A job and its triggers, registered in DI and scheduled when the host starts.</summary>
public interface IScheduledJobDefinition
{
    IJobDetail Job { get; }

    IReadOnlyCollection<ITrigger> Triggers { get; }
}

/// <summary>
/// Runs Quartz core inside the host (Quartz.Extensions.Hosting is not in our package source).
/// Every host gets its own scheduler instance name, so test hosts in one process stay apart.
/// </summary>
public sealed class QuartzHostedService(
    IServiceProvider services,
    IEnumerable<IScheduledJobDefinition> definitions,
    ILogger<QuartzHostedService> logger) : IHostedService
{
    private IScheduler? _scheduler;

    public IScheduler Scheduler => _scheduler ?? throw new InvalidOperationException("The scheduler has not started.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var properties = new NameValueCollection
        {
            ["quartz.scheduler.instanceName"] = "psa-" + Guid.NewGuid().ToString("N"),
            ["quartz.threadPool.maxConcurrency"] = "4",
        };
        _scheduler = await new StdSchedulerFactory(properties).GetScheduler(cancellationToken);
        _scheduler.JobFactory = new ScopedJobFactory(services);
        foreach (var definition in definitions)
        {
            await _scheduler.ScheduleJob(definition.Job, definition.Triggers, replace: true, cancellationToken);
        }

        await _scheduler.Start(cancellationToken);
        logger.LogInformation("Scheduler started with {Count} job(s)", definitions.Count());
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is not null)
        {
            await _scheduler.Shutdown(waitForJobsToComplete: false, cancellationToken);
        }
    }

    /// <summary>Creates each job in its own DI scope and disposes the scope when the job ends.</summary>
    private sealed class ScopedJobFactory(IServiceProvider services) : IJobFactory
    {
        private readonly Dictionary<IJob, AsyncServiceScope> _scopes = [];
        private readonly Lock _gate = new();

        public IJob NewJob(TriggerFiredBundle bundle, IScheduler scheduler)
        {
            var scope = services.CreateAsyncScope();
            var job = (IJob)ActivatorUtilities.CreateInstance(scope.ServiceProvider, bundle.JobDetail.JobType);
            lock (_gate)
            {
                _scopes[job] = scope;
            }

            return job;
        }

        public void ReturnJob(IJob job)
        {
            AsyncServiceScope scope;
            lock (_gate)
            {
                if (!_scopes.Remove(job, out scope))
                {
                    return;
                }
            }

            scope.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}

/// <summary>A simple <see cref="IScheduledJobDefinition"/>.</summary>
public sealed record ScheduledJob(IJobDetail Job, IReadOnlyCollection<ITrigger> Triggers) : IScheduledJobDefinition;
