using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Psa.Infrastructure.Live;
using StackExchange.Redis;

namespace Psa.Web.Live;

/// <summary>
/// Live updates across nodes when <c>Psa:Redis</c> is set (a StackExchange.Redis configuration string such as
/// <c>redis.example.com:6379</c>): SignalR's Redis backplane carries <c>/hubs/live</c> groups, and every
/// <see cref="LiveNotifier.Publish"/> is also sent on a Redis channel so the Blazor pages open on the other
/// nodes re-render. Without it, one node works exactly as before.
/// </summary>
public static class RedisLive
{
    public const string ConfigurationKey = "Psa:Redis";

    /// <summary>Channel of the notifier's fan-out; the hub backplane uses its own channels under <c>psa-hub</c>.</summary>
    public const string Channel = "psa:live";

    public static void AddRedisLive(this IServiceCollection services, ISignalRServerBuilder signalR, IConfiguration configuration)
    {
        if (configuration[ConfigurationKey] is not { Length: > 0 } redis)
        {
            return;
        }

        // The backplane for /hubs/live only. AddStackExchangeRedis would put every hub on Redis, Blazor's circuit hub
        // too: with Redis away no page could open a circuit. Circuits live on one node anyway (sticky sessions).
        signalR.Services.Configure<RedisOptions>(o =>
        {
            o.Configuration = Options(redis);
            o.Configuration.ChannelPrefix = RedisChannel.Literal("psa-hub");
        });
        signalR.Services.AddSingleton<HubLifetimeManager<LiveHub>, RedisHubLifetimeManager<LiveHub>>();
        services.AddSingleton(_ => new RedisLiveConnection(Options(redis)));
        services.AddSingleton<ILiveSink, RedisLiveSink>();
        services.AddHostedService<RedisLiveSubscriber>();
    }

    private static ConfigurationOptions Options(string redis)
    {
        var options = ConfigurationOptions.Parse(redis);
        // A node starts, and keeps serving pages, while Redis is down; it reconnects by itself.
        options.AbortOnConnectFail = false;
        return options;
    }
}

/// <summary>One multiplexer per process for the notifier's channel, and this process's identity on it.</summary>
public sealed class RedisLiveConnection(ConfigurationOptions options) : IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() => ConnectionMultiplexer.ConnectAsync(options));

    /// <summary>Messages a node sent itself are skipped: it signalled its own subscriptions when publishing.</summary>
    public string NodeId { get; } = Guid.NewGuid().ToString("N");

    public Task<ConnectionMultiplexer> GetAsync() => _connection.Value;

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated)
        {
            await (await _connection.Value).DisposeAsync();
        }
    }
}

internal sealed record LiveMessage(string Node, string Tenant, string Topic);

/// <summary>Sends every change of this node to the others.</summary>
public sealed class RedisLiveSink(RedisLiveConnection connection, ILogger<RedisLiveSink> logger) : ILiveSink
{
    public async Task ChangedAsync(string tenant, string topic)
    {
        try
        {
            var redis = await connection.GetAsync();
            var message = JsonSerializer.Serialize(new LiveMessage(connection.NodeId, tenant, topic));
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisLive.Channel), message);
        }
        catch (RedisException ex)
        {
            // Pages on this node were already told; the other nodes catch up at their next change or reload.
            logger.LogWarning(ex, "Live update {Tenant}/{Topic} not sent to the other nodes: Redis is unavailable.", tenant, topic);
        }
    }
}

/// <summary>
/// Hands the other nodes' changes to this node's subscribed pages. A node starts while Redis is down and
/// subscribes when it comes up; after that the client re-subscribes by itself on every reconnect.
/// </summary>
public sealed class RedisLiveSubscriber(RedisLiveConnection connection, LiveNotifier notifier, LiveLinkStatus status, ILogger<RedisLiveSubscriber> logger) : BackgroundService
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var redis = await connection.GetAsync();
        // The subscription's own connection is what carries other nodes' changes: its state is the link's.
        redis.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                status.Set(paused: true);
            }
        };
        redis.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                status.Set(paused: false);
            }
        };
        status.Set(paused: !redis.IsConnected);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(RedisLive.Channel), (_, value) => Deliver(value));
                status.Set(paused: false);
                return;
            }
            catch (RedisException ex)
            {
                logger.LogWarning(ex, "Not yet subscribed to {Channel}: Redis is unavailable; live updates from other nodes wait for it.", RedisLive.Channel);
                await Task.Delay(RetryEvery, stoppingToken);
            }
        }
    }

    private void Deliver(RedisValue value)
    {
        try
        {
            if (JsonSerializer.Deserialize<LiveMessage>(value.ToString()) is { } message && message.Node != connection.NodeId)
            {
                Psa.Infrastructure.Telemetry.PsaMetrics.LiveMessages.Add(1, new KeyValuePair<string, object?>("origin", "node"));
                notifier.DeliverLocally(message.Tenant, message.Topic);
            }
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "Ignored a malformed message on {Channel}.", RedisLive.Channel);
        }
    }
}
