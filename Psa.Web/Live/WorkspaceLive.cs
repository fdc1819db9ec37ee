using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Live;

/// <summary>
/// The live notifier bound to the request's workspace: services publish <see cref="LiveTopics"/> without
/// naming the workspace, and pages subscribe to them without naming it, so a change can never be announced to
/// (or heard from) another one. Jobs that visit several
/// workspaces use <see cref="LiveNotifier"/> with the slug they are working on.
/// </summary>
public sealed class WorkspaceLive(LiveNotifier notifier, TenantContext tenant)
{
    /// <summary>Tells every open view of these topics in this workspace, on every node, that they changed.</summary>
    public void Publish(params ReadOnlySpan<string> topics)
    {
        var slug = tenant.Required.Slug.Value;
        foreach (var topic in topics)
        {
            notifier.Publish(slug, topic);
        }
    }

    /// <summary>
    /// Calls <paramref name="onChanged"/> when a topic of this workspace changes, on this node or another
    /// (changes in quick succession are coalesced). Dispose the result to stop; pages do it in Dispose.
    /// </summary>
    public IDisposable Subscribe(string topic, Func<Task> onChanged) => notifier.Subscribe(tenant.Required.Slug.Value, topic, onChanged);
}
