namespace Psa.Infrastructure.Live;

/// <summary>
/// Whether this node currently hears the other nodes' live changes. One node alone is never paused; with
/// Redis fan-out, losing Redis pauses updates from elsewhere (this node's own changes still reach its pages)
/// until the connection comes back by itself. Views show it, so nobody trusts a page that silently went stale.
/// </summary>
public sealed class LiveLinkStatus
{
    private int _paused;

    public bool Paused => Volatile.Read(ref _paused) == 1;

    public event Action? Changed;

    public void Set(bool paused)
    {
        if (Interlocked.Exchange(ref _paused, paused ? 1 : 0) != (paused ? 1 : 0))
        {
            Changed?.Invoke();
        }
    }
}
