using Microsoft.AspNetCore.Components.Server.Circuits;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Psa.Infrastructure;
using Psa.Infrastructure.Telemetry;

namespace Psa.Web.Hosting;

/// <summary>
/// OpenTelemetry for each node: Psa's own meter (<see cref="PsaMetrics"/>), ASP.NET Core's request metrics
/// and traces. Nothing leaves the process unless an OTLP endpoint is configured, by
/// <c>Psa:Telemetry:OtlpEndpoint</c> or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable.
/// </summary>
public static class Telemetry
{
    public const string OtlpEndpointKey = "Psa:Telemetry:OtlpEndpoint";

    public static void AddPsaTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<CircuitMetricsHandler>();
        services.AddSingleton<CircuitHandler>(sp => sp.GetRequiredService<CircuitMetricsHandler>());
        var endpoint = configuration[OtlpEndpointKey] is { Length: > 0 } configured ? configured : configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var export = !string.IsNullOrWhiteSpace(endpoint);
        var node = (configuration.GetSection(PsaOptions.Section).Get<PsaOptions>() ?? new PsaOptions()).Node;
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("psa", serviceInstanceId: node))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(PsaMetrics.MeterName).AddAspNetCoreInstrumentation();
                if (export)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = new Uri(endpoint!));
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/healthz"));
                if (export)
                {
                    tracing.AddOtlpExporter(o => o.Endpoint = new Uri(endpoint!));
                }
            });
    }
}

/// <summary>
/// Keeps <see cref="PsaMetrics.OpenCircuits"/> equal to the circuits open on this node, and counts them for
/// <c>/healthz/memory</c> (<see cref="Open"/>, <see cref="Connected"/>).
/// </summary>
internal sealed class CircuitMetricsHandler : CircuitHandler
{
    private long _open;
    private long _connected;

    /// <summary>Circuits open on this node, connected or waiting for their client to come back.</summary>
    public long Open => Interlocked.Read(ref _open);

    /// <summary>Open circuits whose client is connected now.</summary>
    public long Connected => Interlocked.Read(ref _connected);

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _open);
        PsaMetrics.OpenCircuits.Add(1);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref _open);
        PsaMetrics.OpenCircuits.Add(-1);
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _connected);
        return Task.CompletedTask;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref _connected);
        return Task.CompletedTask;
    }
}
