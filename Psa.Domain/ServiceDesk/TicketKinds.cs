namespace Psa.Domain.ServiceDesk;

public enum TicketType
{
    Incident = 0,
    ServiceRequest = 1,
    Problem = 2,
    Change = 3,
}

/// <summary>The service desk workflow (see <see cref="Rules.TicketWorkflow"/> for the moves allowed).</summary>
public enum TicketStatus
{
    New = 0,
    Assigned = 1,
    InProgress = 2,
    WaitingOnClient = 3,
    Resolved = 4,
    Closed = 5,
}

public enum TicketImpact
{
    Low = 0,
    Medium = 1,
    High = 2,
}

public enum TicketUrgency
{
    Low = 0,
    Medium = 1,
    High = 2,
}

public enum TicketPriority
{
    P1 = 1,
    P2 = 2,
    P3 = 3,
    P4 = 4,
}

public enum TicketSource
{
    Staff = 0,
    Portal = 1,
    Email = 2,
    Api = 3,
}

public enum MessageKind
{
    PublicReply = 0,
    InternalNote = 1,
}

public enum MessageAuthor
{
    Staff = 0,
    Contact = 1,
}

public static class TicketText
{
    public static string Label(this TicketStatus status) => status switch
    {
        TicketStatus.InProgress => "In progress",
        TicketStatus.WaitingOnClient => "Waiting on client",
        _ => status.ToString(),
    };

    public static string Label(this TicketType type) => type switch
    {
        TicketType.ServiceRequest => "Service request",
        _ => type.ToString(),
    };

    /// <summary>"#42", as tickets are named on invoices, in mail subjects and on the board.</summary>
    public static string Reference(int number) => "#" + number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static bool IsOpen(this TicketStatus status) => status is not (TicketStatus.Resolved or TicketStatus.Closed);
}
