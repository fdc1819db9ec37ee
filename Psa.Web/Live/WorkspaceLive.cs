using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Live;

/// <summary>
/// The live notifier bound to the request's workspace: services publish <see cref="LiveTopics"/> without
/// naming the workspace, so a change can never be announced to another one. Jobs that visit several
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
}
