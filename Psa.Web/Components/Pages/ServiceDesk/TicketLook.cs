using MudBlazor;
using Psa.Domain.ServiceDesk;

namespace Psa.Web.Components.Pages.ServiceDesk;

/// <summary>How tickets look wherever they are shown: colours and the words on workflow buttons.</summary>
public static class TicketLook
{
    public static Color PriorityColor(TicketPriority priority) => priority switch
    {
        TicketPriority.P1 => Color.Error,
        TicketPriority.P2 => Color.Warning,
        TicketPriority.P3 => Color.Info,
        _ => Color.Default,
    };

    public static Color StatusColor(TicketStatus status) => status switch
    {
        TicketStatus.New => Color.Secondary,
        TicketStatus.InProgress => Color.Primary,
        TicketStatus.WaitingOnClient => Color.Info,
        TicketStatus.Resolved or TicketStatus.Closed => Color.Success,
        _ => Color.Default,
    };

    /// <summary>The button that makes a move ("Start work", "Waiting on client", "Resolve").</summary>
    public static string ActionName(TicketStatus from, TicketStatus to) => to switch
    {
        TicketStatus.New => "Back to queue",
        TicketStatus.Assigned => from == TicketStatus.InProgress ? "Stop work" : "Assigned",
        TicketStatus.InProgress => from == TicketStatus.WaitingOnClient ? "Resume work" : "Start work",
        TicketStatus.WaitingOnClient => "Waiting on client",
        TicketStatus.Resolved => "Resolve",
        _ => "Close",
    };
}
