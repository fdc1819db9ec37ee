using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Auth;
using Psa.Web.Billing;
using Psa.Web.Clients;
using Psa.Web.Engineers;
using Psa.Web.Projects;
using Psa.Web.Quotes;
using Psa.Web.Settings;
using Psa.Web.TimeTracking;
using Psa.Infrastructure.Live;

namespace Psa.Web.Live;

/// <summary>
/// Which live topics a member of staff may join on <c>/hubs/live</c>: the permission that reads the same
/// data. A topic not listed here is refused, so a new topic must be added with its permission.
/// </summary>
public static class StaffTopics
{
    private static readonly Dictionary<string, Permission> Exact = new(StringComparer.Ordinal)
    {
        [LiveTopics.Projects] = Permission.ProjectsRead,
        [LiveTopics.Workload] = Permission.ProjectsRead,
        [LiveTopics.Clients] = Permission.ClientsRead,
        [LiveTopics.Settings] = Permission.UseWorkspace,
        [LiveTopics.Quotes] = Permission.QuotesRead,
        [LiveTopics.Engineers] = Permission.EngineersRead,
        [LiveTopics.Billing] = Permission.InvoicesRead,
        [LiveTopics.Timesheets] = Permission.TimesheetApproval,
        [LiveTopics.WorkspaceStatus] = Permission.UseWorkspace,
        [LiveTopics.Board] = Permission.Tickets,
        [LiveTopics.Xero] = Permission.Integrations,
        [LiveTopics.Reconciliation] = Permission.Reconciliation,
    };

    private static readonly Dictionary<string, Permission> Prefixed = new(StringComparer.Ordinal)
    {
        [LiveTopics.ProjectPrefix] = Permission.ProjectsRead,
        [LiveTopics.TicketPrefix] = Permission.Tickets,
        [LiveTopics.ClientTicketsPrefix] = Permission.Tickets,
    };

    /// <summary>Extra topics declared by features (prefix ending in ':' or an exact name) with the permission that reads them.</summary>
    public static void Declare(string topicOrPrefix, Permission permission)
    {
        lock (Exact)
        {
            (topicOrPrefix.EndsWith(':') ? Prefixed : Exact)[topicOrPrefix] = permission;
        }
    }

    public static async Task<bool> MayJoinAsync(ClaimsPrincipal user, string topic, IServiceProvider services, CancellationToken cancellationToken)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (topic.StartsWith(LiveTopics.NotificationsPrefix, StringComparison.Ordinal))
        {
            return userId is not null && topic == LiveTopics.Notifications(userId);
        }

        if (topic.StartsWith(LiveTopics.TimePrefix, StringComparison.Ordinal))
        {
            if (user.Can(Permission.TimeOfOthersRead))
            {
                return true;
            }

            if (!Guid.TryParse(topic[LiveTopics.TimePrefix.Length..], out var engineerId) || userId is null)
            {
                return false;
            }

            await using var db = services.GetRequiredService<TenantDbContextFactory>().Create();
            return await db.Engineers.AnyAsync(e => e.Id == engineerId && e.UserId == userId, cancellationToken);
        }

        Permission? needed;
        lock (Exact)
        {
            needed = Exact.TryGetValue(topic, out var exact) ? exact
                : Prefixed.FirstOrDefault(p => topic.StartsWith(p.Key, StringComparison.Ordinal)) is { Key: not null } prefixed ? prefixed.Value
                : null;
        }

        return needed is { } permission && user.Can(permission);
    }
}
