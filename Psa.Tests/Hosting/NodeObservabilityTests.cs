using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Billing;
using Psa.Domain.Tenancy;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Telemetry;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Billing;
using Psa.Tests.Support;
using Psa.Web.Billing;
using Psa.Web.Onboarding;
using Quartz;
using Shouldly;

namespace Psa.Tests.Hosting;

/// <summary>Issue 15, observability: <c>/healthz</c> per node and Psa's own metrics.</summary>
public sealed class NodeObservabilityTests : IDisposable
{
    private readonly PsaAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Healthz_NamesTheNode_AndReportsDatabaseAndScheduler()
    {
        _app.Settings["Psa:NodeName"] = "node-a";
        await SchedulerTesting.RunningSchedulerAsync(_app.Service<ISchedulerFactory>());

        var response = await _app.ClientFor(null).GetAsync("/healthz");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        body["status"]!.GetValue<string>().ShouldBe("Healthy");
        body["node"]!.GetValue<string>().ShouldBe("node-a");
        body["checks"]!["database"]!["status"]!.GetValue<string>().ShouldBe("Healthy");
        body["checks"]!["scheduler"]!["status"]!.GetValue<string>().ShouldBe("Healthy");
        body["checks"]!["redis"].ShouldBeNull("no Redis is configured, so none is checked");
    }

    [Fact]
    public async Task Healthz_WithRedisUnreachable_StaysUp_ButSaysLiveUpdatesArePaused()
    {
        // Nothing listens on port 1: the node serves, degraded.
        _app.Settings["Psa:Redis"] = "127.0.0.1:1,connectTimeout=500";
        await SchedulerTesting.RunningSchedulerAsync(_app.Service<ISchedulerFactory>());

        var response = await _app.ClientFor(null).GetAsync("/healthz");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        body["status"]!.GetValue<string>().ShouldBe("Degraded");
        body["checks"]!["redis"]!["status"]!.GetValue<string>().ShouldBe("Degraded");
        body["checks"]!["redis"]!["description"]!.GetValue<string>().ShouldContain("live updates from other nodes are paused");
        body["checks"]!["database"]!["status"]!.GetValue<string>().ShouldBe("Healthy");
        // The pages say so too (LivePaused in both layouts).
        _app.Service<LiveLinkStatus>().Paused.ShouldBeTrue();
    }

    [Fact]
    public async Task BillingRun_AndLiveChanges_AreMeasuredOnPsasMeter()
    {
        var measurements = new ConcurrentBag<(string Instrument, double Value, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PsaMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Add((i.Name, v, Tags(tags))));
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Add((i.Name, v, Tags(tags))));
        listener.Start();

        await _app.CreateTenantAsync("metered");
        var tenant = (await _app.Service<TenantDirectory>().FindAsync(TenantSlug.Parse("metered")))!;
        await using var scope = _app.Service<TenantScopeFactory>().Open(tenant);
        var sp = scope.ServiceProvider;
        await sp.GetRequiredService<ScenarioImportService>().ImportJsonAsync(ScenarioFiles.Read("s01-time-and-materials-tiers.json"), includeSettings: true);
        var outcome = await sp.GetRequiredService<BillingRunService>().RunAsync(BillingPeriod.Parse("2026-10"), "test");
        outcome.InvoiceIds.Count.ShouldBeGreaterThan(0);

        // Other tests in this process bill too; this run's figures are among what was recorded.
        measurements.ShouldContain(m => m.Instrument == "psa.billing.run.duration" && m.Tags.Contains("outcome=completed") && m.Value > 0);
        measurements.ShouldContain(m => m.Instrument == "psa.billing.run.documents" && m.Value >= outcome.InvoiceIds.Count);
        measurements.ShouldContain(m => m.Instrument == "psa.live.messages" && m.Tags.Contains("origin=local"));
    }

    private static string Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>();
        foreach (var tag in tags)
        {
            parts.Add($"{tag.Key}={tag.Value}");
        }

        return string.Join(",", parts);
    }
}
