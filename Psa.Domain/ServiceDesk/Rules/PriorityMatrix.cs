namespace Psa.Domain.ServiceDesk.Rules;

/// <summary>
/// Priority from impact × urgency (the ITIL matrix): both high is P1; one high and one medium is P2;
/// high with low, or both medium, is P3; anything lower is P4.
/// </summary>
public static class PriorityMatrix
{
    public static TicketPriority For(TicketImpact impact, TicketUrgency urgency) => ((int)impact + (int)urgency) switch
    {
        4 => TicketPriority.P1,
        3 => TicketPriority.P2,
        2 => TicketPriority.P3,
        _ => TicketPriority.P4,
    };
}
