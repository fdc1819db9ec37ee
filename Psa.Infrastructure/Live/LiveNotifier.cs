using System.Collections.Concurrent;

namespace Psa.Infrastructure.Live;

/// <summary>Something outside the process's components that wants every change, e.g. the SignalR hub.</summary>
public interface ILiveSink
{
    Task ChangedAsync(string tenant, string topic);
}

/// <summary>
/// Tells open views that something in a workspace changed. Keyed by tenant and topic
/// (<c>project:42</c>, <c>settings</c>, …). Each subscription coalesces bursts: many publishes inside
/// the window run its callback once. Dispose the returned handle when the component goes away.
/// </summary>
public sealed class LiveNotifier(IEnumerable<ILiveSink> sinks)
{
    /// <summary>How long a burst is gathered before subscribers are called.</summary>
    public static readonly TimeSpan CoalesceWindow = TimeSpan.FromMilliseconds(75);

    private readonly ConcurrentDictionary<(string Tenant, string Topic), ConcurrentDictionary<Subscription, byte>> _subscriptions = new();
    private readonly ILiveSink[] _sinks = sinks.ToArray();
    private readonly ConcurrentDictionary<Watcher, byte> _watchers = new();

    public int SubscriptionCount => _subscriptions.Values.Sum(s => s.Count);

    public IDisposable Subscribe(string tenant, string topic, Func<Task> onChanged)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var key = (tenant, topic);
        var subscription = new Subscription(this, key, onChanged);
        _subscriptions.GetOrAdd(key, _ => new()).TryAdd(subscription, 0);
        return subscription;
    }

    public void Publish(string tenant, string topic)
    {
        Telemetry.PsaMetrics.LiveMessages.Add(1, new KeyValuePair<string, object?>("origin", "local"));
        DeliverLocally(tenant, topic);
        foreach (var sink in _sinks)
        {
            _ = sink.ChangedAsync(tenant, topic);
        }
    }

    /// <summary>
    /// Signals this process's subscriptions only: a change published on another node arrives here, and its
    /// sinks (the hub's backplane, the node bus) have already carried it everywhere else.
    /// </summary>
    public void DeliverLocally(string tenant, string topic)
    {
        foreach (var watcher in _watchers.Keys)
        {
            watcher.OnDelivered(tenant, topic);
        }

        if (_subscriptions.TryGetValue((tenant, topic), out var set))
        {
            foreach (var subscription in set.Keys)
            {
                subscription.Signal();
            }
        }
    }

    /// <summary>
    /// Calls <paramref name="onDelivered"/> synchronously with every change delivered on this node (published here or
    /// received from another node), before any subscription is signalled: for caches of this node that must drop
    /// what changed at once. It must be quick and must not throw. Dispose the handle to stop.
    /// </summary>
    public IDisposable Watch(Action<string, string> onDelivered)
    {
        var watcher = new Watcher(this, onDelivered);
        _watchers.TryAdd(watcher, 0);
        return watcher;
    }

    private sealed class Watcher(LiveNotifier owner, Action<string, string> onDelivered) : IDisposable
    {
        public Action<string, string> OnDelivered { get; } = onDelivered;

        public void Dispose() => owner._watchers.TryRemove(this, out _);
    }

    private void Remove(Subscription subscription)
    {
        if (_subscriptions.TryGetValue(subscription.Key, out var set))
        {
            set.TryRemove(subscription, out _);
        }
    }

    private sealed class Subscription(LiveNotifier owner, (string Tenant, string Topic) key, Func<Task> onChanged) : IDisposable
    {
        private int _pending;
        private volatile bool _disposed;

        public (string Tenant, string Topic) Key { get; } = key;

        public void Signal()
        {
            if (_disposed || Interlocked.Exchange(ref _pending, 1) == 1)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                await Task.Delay(CoalesceWindow);
                Interlocked.Exchange(ref _pending, 0);
                if (_disposed)
                {
                    return;
                }

                try
                {
                    await onChanged();
                }
                catch (ObjectDisposedException)
                {
                    // The component went away between the signal and the callback.
                }
            });
        }

        public void Dispose()
        {
            _disposed = true;
            owner.Remove(this);
        }
    }
}
