using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Psa.Infrastructure;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Live;
using Quartz;

namespace Psa.Web.Hosting;

/// <summary>
/// <c>/healthz</c> of one node: the database (the catalog), the scheduler, and Redis when live updates fan out
/// through it. 200 while the node can serve (a scheduler still starting, or Redis away, is <c>Degraded</c>:
/// pages keep working); 503 when the database cannot be reached. The body names the node, so a load balancer's
/// log says which one answered.
/// </summary>
public static class NodeHealth
{
    public static void AddNodeHealth(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<SchedulerHealthCheck>("scheduler");
        if (configuration[RedisLive.ConfigurationKey] is { Length: > 0 })
        {
            checks.AddCheck<RedisHealthCheck>("redis");
        }
    }

    public static void MapNodeHealth(this WebApplication app) =>
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteAsync }).AllowAnonymous();

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var node = context.RequestServices.GetRequiredService<IOptions<PsaOptions>>().Value.Node;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            node,
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                milliseconds = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        }, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

internal sealed class DatabaseHealthCheck(DatabaseLocator locator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var catalog = locator.CreateCatalog();
        return await catalog.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The catalog database cannot be reached.");
    }
}

internal sealed class SchedulerHealthCheck(ISchedulerFactory factory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        return scheduler.Status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy(scheduler.SchedulerInstanceId)
            : HealthCheckResult.Degraded($"The scheduler is {scheduler.Status.ToString().ToLowerInvariant()}: scheduled billing and reconciliation do not run on this node now.");
    }
}

internal sealed class RedisHealthCheck(RedisLiveConnection connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var redis = await connection.GetAsync();
        if (!redis.IsConnected)
        {
            return HealthCheckResult.Degraded("Redis cannot be reached: live updates from other nodes are paused.");
        }

        var latency = await redis.GetDatabase().PingAsync();
        return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:0.#} ms");
    }
}
