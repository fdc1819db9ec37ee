using Quartz;

namespace Psa.Tests.Support;

/// <summary>Runs a scheduled job now, inside the real scheduler of a test host, and waits for it to finish.</summary>
public static class SchedulerTesting
{
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
