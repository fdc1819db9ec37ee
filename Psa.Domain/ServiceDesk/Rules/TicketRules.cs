using Psa.Domain.Common;

namespace Psa.Domain.ServiceDesk.Rules;

/// <summary>
/// The moves of the workflow: New → Assigned → In progress ⇄ Waiting on client → Resolved → Closed.
/// Work may also be resolved straight from Assigned or Waiting on client, handed back (In progress →
/// Assigned, Assigned → New), and a resolved ticket reopened (see <see cref="ReopenOnlyWithinWindow"/>).
/// </summary>
public static class TicketWorkflow
{
    private static readonly Dictionary<TicketStatus, TicketStatus[]> Moves = new()
    {
        [TicketStatus.New] = [TicketStatus.Assigned, TicketStatus.InProgress],
        [TicketStatus.Assigned] = [TicketStatus.New, TicketStatus.InProgress, TicketStatus.Resolved],
        [TicketStatus.InProgress] = [TicketStatus.Assigned, TicketStatus.WaitingOnClient, TicketStatus.Resolved],
        [TicketStatus.WaitingOnClient] = [TicketStatus.InProgress, TicketStatus.Assigned, TicketStatus.Resolved],
        [TicketStatus.Resolved] = [TicketStatus.Closed],
        [TicketStatus.Closed] = [],
    };

    public static bool Allows(TicketStatus from, TicketStatus to) => Moves[from].Contains(to);

    public static IReadOnlyList<TicketStatus> NextFrom(TicketStatus from) => Moves[from];
}

/// <summary>Only the moves of <see cref="TicketWorkflow"/> are allowed.</summary>
public sealed class StatusChangeFollowsWorkflow(Ticket ticket, TicketStatus to) : IBusinessRule
{
    public bool IsBroken() => !TicketWorkflow.Allows(ticket.Status, to);

    public string Message => $"Ticket {TicketText.Reference(ticket.Number)} cannot move from {ticket.Status.Label()} to {to.Label()}.";

    public string? Field => "Status";
}

/// <summary>Assigned, In progress and Waiting on client need someone to own the ticket.</summary>
public sealed class WorkNeedsAnAssignee(Ticket ticket, TicketStatus to) : IBusinessRule
{
    public bool IsBroken() => ticket.AssigneeEngineerId is null && to is TicketStatus.Assigned or TicketStatus.InProgress or TicketStatus.WaitingOnClient;

    public string Message => $"Assign ticket {TicketText.Reference(ticket.Number)} to an engineer before setting it {to.Label()}.";

    public string? Field => "Assignee";
}

/// <summary>A resolved ticket reopens only within the workspace's reopen window; after that the client raises a new one.</summary>
public sealed class ReopenOnlyWithinWindow(Ticket ticket, DateTimeOffset nowUtc, int reopenDays) : IBusinessRule
{
    public bool IsBroken() => ticket.Status != TicketStatus.Resolved || ticket.ResolvedUtc is not { } resolved || nowUtc > resolved.AddDays(reopenDays);

    public string Message => ticket.Status != TicketStatus.Resolved
        ? $"Only a resolved ticket can be reopened; {TicketText.Reference(ticket.Number)} is {ticket.Status.Label()}."
        : $"Ticket {TicketText.Reference(ticket.Number)} was resolved more than {reopenDays} days ago; raise a new ticket instead.";

    public string? Field => "Status";
}

/// <summary>Time still running on a ticket must be stopped (and saved) before it closes, so no minute is lost.</summary>
public sealed class CannotCloseWithRunningTimer(Ticket ticket, bool timerRunning) : IBusinessRule
{
    public bool IsBroken() => timerRunning;

    public string Message => $"Ticket {TicketText.Reference(ticket.Number)} has a running timer; stop it before closing.";

    public string? Field => "Status";
}

/// <summary>Resolving or closing needs what the service desk lead reviews: a resolution summary and a work type for the time.</summary>
public sealed class ResolutionNeedsRequiredFields(Ticket ticket, string? resolution) : IBusinessRule
{
    private IReadOnlyList<string> Missing =>
    [
        .. string.IsNullOrWhiteSpace(resolution ?? ticket.Resolution) ? ["a resolution"] : Array.Empty<string>(),
        .. string.IsNullOrWhiteSpace(ticket.WorkTypeCode) ? ["a work type"] : Array.Empty<string>(),
    ];

    public bool IsBroken() => Missing.Count > 0;

    public string Message => $"Ticket {TicketText.Reference(ticket.Number)} needs {string.Join(" and ", Missing)} first.";

    public string? Field => string.IsNullOrWhiteSpace(resolution ?? ticket.Resolution) ? "Resolution" : "Work type";
}

/// <summary>A closed ticket is the record of what was done; it does not change.</summary>
public sealed class ClosedTicketCannotChange(Ticket ticket) : IBusinessRule
{
    public bool IsBroken() => ticket.Status == TicketStatus.Closed;

    public string Message => $"Ticket {TicketText.Reference(ticket.Number)} is closed and cannot change.";

    public string? Field => "Status";
}

/// <summary>A duplicate merges into another open ticket of the same client, never into itself or a ticket merged away.</summary>
public sealed class MergeTargetMustBeAnotherOpenTicketOfTheClient(Ticket duplicate, Ticket target) : IBusinessRule
{
    public bool IsBroken() => duplicate.Id == target.Id || duplicate.ClientId != target.ClientId || !target.Status.IsOpen() || target.MergedIntoTicketId is not null;

    public string Message => duplicate.Id == target.Id
        ? "A ticket cannot be merged into itself."
        : duplicate.ClientId != target.ClientId
            ? $"Ticket {TicketText.Reference(target.Number)} belongs to another client."
            : $"Ticket {TicketText.Reference(target.Number)} is not open.";

    public string? Field => "Merge into";
}

/// <summary>Parent and child belong to one client and the chain has no loop (a parent is never its own descendant).</summary>
public sealed class ParentMustBeAnotherTicketOfTheClientWithoutLoop(Ticket child, Ticket parent, IReadOnlyCollection<Guid> parentAncestors) : IBusinessRule
{
    public bool IsBroken() => child.Id == parent.Id || child.ClientId != parent.ClientId || parentAncestors.Contains(child.Id);

    public string Message => child.ClientId != parent.ClientId
        ? $"Ticket {TicketText.Reference(parent.Number)} belongs to another client."
        : $"Ticket {TicketText.Reference(parent.Number)} cannot be the parent of {TicketText.Reference(child.Number)} (it would make a loop).";

    public string? Field => "Parent";
}
