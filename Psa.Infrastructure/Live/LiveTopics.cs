namespace Psa.Infrastructure.Live;

/// <summary>
/// Every live topic, in one place: what a page subscribes to and what a change publishes, within one workspace.
/// A topic staff may join on <c>/hubs/live</c> also needs its permission in <c>StaffTopics</c>.
/// </summary>
public static class LiveTopics
{
    /// <summary>The project list (and anything shown on it).</summary>
    public const string Projects = "projects";

    public const string ProjectPrefix = "project:";

    /// <summary>One project's plan, sign-offs and activity (staff and its client's portal).</summary>
    public static string Project(Guid projectId) => $"{ProjectPrefix}{projectId}";

    public const string Workload = "workload";

    public const string Clients = "clients";

    public const string Engineers = "engineers";

    public const string Quotes = "quotes";

    public static string Quote(Guid quoteId) => $"{Quotes}:{quoteId}";

    /// <summary>Runs, invoices and credit notes.</summary>
    public const string Billing = "billing";

    /// <summary>Timesheets waiting for approval.</summary>
    public const string Timesheets = "timesheets";

    public const string TimePrefix = "time:";

    /// <summary>One engineer's time entries and running timer.</summary>
    public static string Time(Guid engineerId) => $"{TimePrefix}{engineerId}";

    public const string NotificationsPrefix = "notifications:";

    /// <summary>One staff user's notifications.</summary>
    public static string Notifications(string userId) => $"{NotificationsPrefix}{userId}";

    /// <summary>The service board.</summary>
    public const string Board = "tickets";

    public const string TicketPrefix = "ticket:";

    public static string Ticket(int number) => $"{TicketPrefix}{number}";

    public const string ClientTicketsPrefix = "tickets:client:";

    /// <summary>One client's tickets, as its portal lists them.</summary>
    public static string ClientTickets(Guid clientId) => $"{ClientTicketsPrefix}{clientId:N}";

    /// <summary>Workspace settings: name, branding, business hours.</summary>
    public const string Settings = "settings";

    /// <summary>The workspace's status (suspended, deleted), published by the platform.</summary>
    public const string WorkspaceStatus = "workspace-status";

    public const string Xero = "xero";

    public const string Reconciliation = "reconciliation";
}
