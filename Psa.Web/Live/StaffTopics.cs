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

namespace Psa.Web.Live;

/// <summary>
/// Which live topics a member of staff may join on <c>/hubs/live</c>: the permission that reads the same
/// data. A topic not listed here is refused, so a new topic must be added with its permission.
/// </summary>
public static class StaffTopics
{
    private static readonly Dictionary<string, Permission> Exact = new(StringComparer.Ordinal)
    {
        [ProjectStore.ListTopic] = Permission.ProjectsRead,
        [WorkloadService.Topic] = Permission.ProjectsRead,
        [ClientService.Topic] = Permission.ClientsRead,
        [WorkspaceSettingsService.Topic] = Permission.UseWorkspace,
        [QuoteService.Topic] = Permission.QuotesRead,
        [EngineerService.Topic] = Permission.EngineersRead,
        [BillingRunService.LiveTopic] = Permission.InvoicesRead,
        [TimeEntryService.TimesheetsTopic] = Permission.TimesheetApproval,
        [PlatformAdministration.StatusTopic] = Permission.UseWorkspace,
        [Psa.Web.ServiceDesk.TicketService.BoardTopic] = Permission.Tickets,
        [Psa.Web.Xero.XeroConnectionService.LiveTopic] = Permission.Integrations,
        [Psa.Web.Reconciliation.ReconciliationService.LiveTopic] = Permission.Reconciliation,
    };

    private static readonly Dictionary<string, Permission> Prefixed = new(StringComparer.Ordinal)
    {
        ["project:"] = Permission.ProjectsRead,
        ["ticket:"] = Permission.Tickets,
        ["tickets:client:"] = Permission.Tickets,
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
        if (topic.StartsWith("notifications:", StringComparison.Ordinal))
        {
            return userId is not null && topic == StaffNotifications.Topic(userId);
        }

        if (topic.StartsWith("time:", StringComparison.Ordinal))
        {
            if (user.Can(Permission.TimeOfOthersRead))
            {
                return true;
            }

            if (!Guid.TryParse(topic["time:".Length..], out var engineerId) || userId is null)
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
