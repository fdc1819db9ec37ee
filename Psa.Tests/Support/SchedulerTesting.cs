using Quartz;

namespace Psa.Tests.Support;

/// <summary>Runs a scheduled job now, inside the real scheduler of a test host, and waits for it to finish.</summary>
public static class SchedulerTesting
{
    /// <summary>
    /// The host's scheduler once its hosted service has started it. Quartz hosting starts the scheduler after the
    /// application has started, so right after the test server is built it may still be <c>Created</c>.
    /// </summary>
    public static async Task<IScheduler> RunningSchedulerAsync(ISchedulerFactory factory, TimeSpan? timeout = null)
    {
        var scheduler = await factory.GetScheduler();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (scheduler.Status != SchedulerStatus.Running && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        if (scheduler.Status != SchedulerStatus.Running)
        {
            throw new TimeoutException($"The scheduler {scheduler.SchedulerName} is {scheduler.Status}, not running, after {(timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds} s.");
        }

        return scheduler;
    }

    public static async Task RunJobOnceAsync(IScheduler scheduler, JobKey key, TimeSpan timeout)
    {
        var done = new TaskCompletionSource();
        var listener = new CompletionListener(done);
        scheduler.ListenerManager.AddJobListener(listener, [Matchers.Key(key)]);
        try
        {
            await scheduler.TriggerJob(key);
            await done.Task.WaitAsync(timeout);
        }
        finally
        {
            scheduler.ListenerManager.RemoveJobListener(listener.Name);
        }
    }

    private sealed class CompletionListener(TaskCompletionSource done) : IJobListener
    {
        public string Name { get; } = "test-completion-" + Guid.NewGuid();

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            if (jobException is null)
            {
                done.TrySetResult();
            }
            else
            {
                done.TrySetException(jobException);
            }

            return ValueTask.CompletedTask;
        }
    }
}
