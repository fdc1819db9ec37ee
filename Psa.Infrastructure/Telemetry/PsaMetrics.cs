using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Psa.Infrastructure.Telemetry;

/// <summary>
/// Psa's own metrics, on the meter <see cref="MeterName"/> that OpenTelemetry exports (README, "Observability").
/// One process is one node, so every figure is per node; an exporter adds the node's resource attributes.
/// The meter is static because the places that count (the live notifier, the scheduler's listener, the Xero
/// call counter) exist once per process and are also built outside the container in tests.
/// </summary>
public static class PsaMetrics
{
    public const string MeterName = "Psa";

    private static readonly Meter Meter = new(MeterName, "1.0");

    /// <summary>Seconds a billing run took, tagged <c>outcome</c> (<c>completed</c>, <c>failed</c>).</summary>
    public static readonly Histogram<double> BillingRunDuration = Meter.CreateHistogram<double>(
        "psa.billing.run.duration", unit: "s", description: "Duration of billing runs.");

    /// <summary>Invoices a billing run wrote (new drafts and drafts that took new lines).</summary>
    public static readonly Counter<long> BillingRunDocuments = Meter.CreateCounter<long>(
        "psa.billing.run.documents", unit: "{invoice}", description: "Invoices written by billing runs.");

    /// <summary>Blazor circuits open on this node (staff and portal).</summary>
    public static readonly UpDownCounter<long> OpenCircuits = Meter.CreateUpDownCounter<long>(
        "psa.circuits.open", unit: "{circuit}", description: "Blazor circuits open on this node.");

    /// <summary>Live changes, tagged <c>origin</c>: <c>local</c> (published here) or <c>node</c> (received from another node).</summary>
    public static readonly Counter<long> LiveMessages = Meter.CreateCounter<long>(
        "psa.live.messages", unit: "{message}", description: "Live changes delivered to this node's views.");

    /// <summary>Scheduled job executions, tagged <c>job</c> and <c>outcome</c> (<c>succeeded</c>, <c>failed</c>, <c>vetoed</c>).</summary>
    public static readonly Counter<long> JobExecutions = Meter.CreateCounter<long>(
        "psa.jobs.executions", unit: "{execution}", description: "Quartz job executions by outcome.");

    /// <summary>Seconds a scheduled job ran, tagged <c>job</c>.</summary>
    public static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>(
        "psa.jobs.duration", unit: "s", description: "Duration of Quartz job executions.");

    /// <summary>Requests answered by Xero (retries included), tagged <c>status</c>.</summary>
    public static readonly Counter<long> XeroCalls = Meter.CreateCounter<long>(
        "psa.xero.calls", unit: "{call}", description: "Requests answered by the Xero API.");

    public static void RecordBillingRun(long startTimestamp, bool completed, int invoices)
    {
        BillingRunDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("outcome", completed ? "completed" : "failed"));
        if (invoices > 0)
        {
            BillingRunDocuments.Add(invoices);
        }
    }
}
