using System.Collections.Concurrent;
using Psa.Infrastructure.Live;

namespace Psa.Web.Portal;

/// <summary>
/// The portal project views of this node, shared by every circuit showing the same project: one staff change
/// re-renders hundreds of circuits, and they all read one load instead of several queries each. A view is
/// dropped the moment its project's live topic is delivered on this node (published here or received from
/// another node), before any page is told, so no view loaded before a published change is served after it;
/// concurrent readers of a missing view await one load. Topics whose changes show on the page without touching
/// the project (settings, clients, engineers, time) drop the workspace's views, and a view is never older than
/// <see cref="MaxAge"/>. The views are shared: pages only read them.
/// </summary>
public sealed class PortalProjectViews : IDisposable
{
    /// <summary>Bounds what a change that publishes no topic can leave stale, and how long an unviewed project is held.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    /// <summary>Topics after which every view of the workspace is loaded again (prefixes end with a colon).</summary>
    private static readonly string[] WorkspaceTopics =
        [LiveTopics.Settings, LiveTopics.Clients, LiveTopics.Engineers, LiveTopics.Timesheets, LiveTopics.WorkspaceStatus];

    private readonly ConcurrentDictionary<(string Tenant, Guid Project), Entry> _views = new();
    private readonly TimeProvider _time;
    private readonly IDisposable _watch;
    private long _loads;

    public PortalProjectViews(LiveNotifier notifier, TimeProvider time)
    {
        _time = time;
        _watch = notifier.Watch(Delivered);
    }

    /// <summary>How many loads ran (each shared by the readers that asked while it was current).</summary>
    public long Loads => Interlocked.Read(ref _loads);

    public int Count => _views.Count;

    /// <summary>The current view of a project, loading it once for all concurrent readers; null when the project does not exist.</summary>
    public async Task<PortalProjectView?> GetAsync(string tenant, Guid projectId, Func<Task<PortalProjectView?>> load, CancellationToken cancellationToken = default)
    {
        var key = (tenant, projectId);
        var now = _time.GetUtcNow();
        while (true)
        {
            var entry = _views.GetOrAdd(key, static (_, state) => new Entry(state.Owner, state.Load, state.Now), (Owner: this, Load: load, Now: now));
            if (now - entry.LoadedUtc > MaxAge || entry.Task.IsFaulted || entry.Task.IsCanceled)
            {
                _views.TryRemove(new KeyValuePair<(string, Guid), Entry>(key, entry));
                continue;
            }

            // The shared load is not cancelled with one reader; the reader stops waiting.
            var view = await entry.Task.WaitAsync(cancellationToken);
            if (view is null)
            {
                _views.TryRemove(new KeyValuePair<(string, Guid), Entry>(key, entry));
            }

            Sweep(now);
            return view;
        }
    }

    private void Delivered(string tenant, string topic)
    {
        if (topic.StartsWith(LiveTopics.ProjectPrefix, StringComparison.Ordinal))
        {
            if (Guid.TryParse(topic.AsSpan(LiveTopics.ProjectPrefix.Length), out var projectId))
            {
                _views.TryRemove((tenant, projectId), out _);
            }

            return;
        }

        if (Array.IndexOf(WorkspaceTopics, topic) >= 0 || topic.StartsWith(LiveTopics.TimePrefix, StringComparison.Ordinal))
        {
            foreach (var key in _views.Keys)
            {
                if (key.Tenant == tenant)
                {
                    _views.TryRemove(key, out _);
                }
            }
        }
    }

    private long _lastSweepTicks;

    /// <summary>Drops views past their age now and then, so projects nobody views any more are not held.</summary>
    private void Sweep(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastSweepTicks);
        if (now.UtcTicks - last < MaxAge.Ticks || Interlocked.CompareExchange(ref _lastSweepTicks, now.UtcTicks, last) != last)
        {
            return;
        }

        foreach (var (key, entry) in _views)
        {
            if (now - entry.LoadedUtc > MaxAge)
            {
                _views.TryRemove(new KeyValuePair<(string, Guid), Entry>(key, entry));
            }
        }
    }

    public void Dispose() => _watch.Dispose();

    private sealed class Entry
    {
        private readonly Lazy<Task<PortalProjectView?>> _task;

        public Entry(PortalProjectViews owner, Func<Task<PortalProjectView?>> load, DateTimeOffset now)
        {
            LoadedUtc = now;
            _task = new(() =>
            {
                Interlocked.Increment(ref owner._loads);
                return load();
            });
        }

        public DateTimeOffset LoadedUtc { get; }

        public Task<PortalProjectView?> Task => _task.Value;
    }
}
