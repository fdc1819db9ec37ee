using Psa.Infrastructure.Telemetry;
using Quartz;

namespace Psa.Infrastructure.Scheduling;

/// <summary>Counts every job execution on this node by outcome and times it (<see cref="PsaMetrics"/>).</summary>
public sealed class JobMetricsListener : IJobListener
{
    public string Name => "psa-metrics";

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        PsaMetrics.JobExecutions.Add(1, Tag(context), new KeyValuePair<string, object?>("outcome", "vetoed"));
        return ValueTask.CompletedTask;
    }

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        PsaMetrics.JobExecutions.Add(1, Tag(context), new KeyValuePair<string, object?>("outcome", jobException is null ? "succeeded" : "failed"));
        PsaMetrics.JobDuration.Record(context.JobRunTime.TotalSeconds, Tag(context));
        return ValueTask.CompletedTask;
    }

    // The job class names the kind (billing, reconciliation, …); a per-workspace key would make a series per workspace.
    private static KeyValuePair<string, object?> Tag(IJobExecutionContext context) =>
        new("job", context.JobInstance.GetType().Name);
}
