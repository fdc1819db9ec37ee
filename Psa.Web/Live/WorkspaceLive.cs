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

    /// <summary>
    /// A page's first load, followed by its topic. The topic is subscribed before the load starts, so a change
    /// committed while the page was still reading is not missed (the layout is interactive, and a person or
    /// another node can act, before the page's own initialisation ends): it costs one more load after the first.
    /// Later changes call <paramref name="load"/> then <paramref name="render"/> on the component's dispatcher
    /// (<paramref name="invoke"/>, the component's <c>InvokeAsync</c>). Prerendering loads only and returns null.
    /// </summary>
    public async Task<IDisposable?> LoadAndFollowAsync(string topic, bool interactive, Func<Task> load, Func<Func<Task>, Task> invoke, Action render)
    {
        if (!interactive)
        {
            await load();
            return null;
        }

        // Both the callback and this method run on the component's dispatcher: the flags need no lock.
        var loading = true;
        var missed = false;
        var subscription = Subscribe(topic, () => invoke(async () =>
        {
            if (loading)
            {
                missed = true;
                return;
            }

            await load();
            render();
        }));
        try
        {
            await load();
            while (missed)
            {
                missed = false;
                await load();
            }
        }
        catch
        {
            subscription.Dispose();
            throw;
        }

        loading = false;
        return subscription;
    }
}
