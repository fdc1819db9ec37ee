using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Auth;
using Psa.Web.Portal;

namespace Psa.Web.Live;

/// <summary>
/// Live updates for API clients at <c>/hubs/live</c>. A connection belongs to the workspace of the host
/// it connected to, and can only join that workspace's topics. Clients receive <c>changed(topic)</c>.
/// Staff may join the topics their role may read (<see cref="StaffTopics"/>); a portal contact only <c>project:{id}</c> of their own
/// client's projects.
/// </summary>
[Authorize]
public sealed class LiveHub(LiveConnections connections) : Hub
{
    public override Task OnConnectedAsync()
    {
        if (Context.GetHttpContext()?.RequestServices.GetRequiredService<TenantContext>() is { IsSet: true } tenant)
        {
            connections.Opened(Context, tenant.Required.Slug);
        }

        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Closed(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// Hub methods run in their own DI scope; the workspace is the one fixed on the connection's
    /// HTTP request by the host-name middleware.
    /// </summary>
    private TenantContext Tenant =>
        Context.GetHttpContext()?.RequestServices.GetRequiredService<TenantContext>() is { IsSet: true } tenant
            ? tenant
            : throw new HubException("This connection has no workspace.");

    public static string Group(string tenantSlug, string topic) => tenantSlug + "|" + topic;

    public async Task Subscribe(string topic)
    {
        if (string.IsNullOrWhiteSpace(topic) || topic.Length > 100)
        {
            throw new HubException("topic: a topic name is required (at most 100 characters).");
        }

        var slug = Tenant.Required.Slug.Value;
        var user = Context.User;
        if (user?.FindFirst(PsaClaims.Tenant)?.Value != slug)
        {
            if (user is null || !user.HasClaim(c => c.Type == PsaClaims.Contact) || user.FindFirst(PsaClaims.PortalTenant)?.Value != slug)
            {
                throw new HubException("This connection does not belong to this workspace.");
            }

            var portal = Context.GetHttpContext()!.RequestServices.GetRequiredService<PortalService>();
            var ownTickets = topic == LiveTopics.ClientTickets(PortalQueries.ClientOf(user));
            if (!ownTickets && (!topic.StartsWith(LiveTopics.ProjectPrefix, StringComparison.Ordinal) || !Guid.TryParse(topic[LiveTopics.ProjectPrefix.Length..], out var projectId)
                || !await portal.OwnsProjectAsync(user, projectId, Context.ConnectionAborted)))
            {
                throw new HubException("topic: not available to this contact.");
            }
        }
        else if (!await StaffTopics.MayJoinAsync(user, topic, Context.GetHttpContext()!.RequestServices, Context.ConnectionAborted))
        {
            throw new HubException("topic: your role may not read this topic.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, Group(slug, topic));
    }

    public Task Unsubscribe(string topic) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(Tenant.Required.Slug.Value, topic));
}

/// <summary>Forwards every notifier change to the hub group of its tenant and topic.</summary>
public sealed class LiveHubSink(IHubContext<LiveHub> hub) : ILiveSink
{
    public Task ChangedAsync(string tenant, string topic) =>
        hub.Clients.Group(LiveHub.Group(tenant, topic)).SendAsync("changed", topic);
}
