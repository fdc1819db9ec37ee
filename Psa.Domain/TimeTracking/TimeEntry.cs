namespace Psa.Domain.TimeTracking;

public enum ApprovalState
{
    Draft = 0,
    Submitted = 1,
    Approved = 2,
    Rejected = 3,
}

/// <summary>
/// Time an engineer spent for a client: linked to at most one of a project (through a task or
/// directly), an agreement, or neither (client-level time and materials). <see cref="Start"/> is a
/// naive wall-clock time in the workspace's time zone.
/// </summary>
public sealed class TimeEntry
{
    /// <summary>The longest time entry: one day (timers split at midnight; a longer stretch is entered per day).</summary>
    public const int MaxMinutes = 24 * 60;

    private TimeEntry()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    /// <summary>External key (imported entries keep their source id), unique when present.</summary>
    public string? Code { get; private set; }

    public Guid EngineerId { get; private set; }

    public Guid ClientId { get; private set; }

    public Guid? ProjectId { get; private set; }

    public Guid? TaskId { get; private set; }

    public Guid? AgreementId { get; private set; }

    /// <summary>The service desk ticket the time was spent on (it carries the ticket's client, agreement and work type).</summary>
    public Guid? TicketId { get; private set; }

    public DateTime Start { get; private set; }

    public int Minutes { get; private set; }

    public string WorkTypeCode { get; private set; } = string.Empty;

    public bool Billable { get; private set; }

    public string? InternalNote { get; set; }

    public string? ClientNote { get; set; }

    public ApprovalState Approval { get; private set; } = ApprovalState.Draft;

    /// <summary>Approved entries are locked: only a recorded adjustment may change them.</summary>
    public bool IsLocked => Approval == ApprovalState.Approved;

    public static TimeEntry Create(
        Guid engineerId,
        Guid clientId,
        string workTypeCode,
        DateTime start,
        int minutes,
        bool billable,
        Guid? projectId = null,
        Guid? taskId = null,
        Guid? agreementId = null,
        string? code = null,
        Guid? ticketId = null)
    {
        if (ticketId is not null && projectId is not null)
        {
            throw new DomainException("A time entry is on a ticket or a project task, not both.", "Ticket");
        }

        var entry = new TimeEntry { EngineerId = engineerId, Code = code, TicketId = ticketId };
        entry.Apply(clientId, workTypeCode, start, minutes, billable, projectId, taskId, agreementId);
        return entry;
    }

    /// <summary>The engineer changes an unlocked entry (draft or rejected; a submitted one returns to draft).</summary>
    public void Edit(Guid clientId, string workTypeCode, DateTime start, int minutes, bool billable, Guid? projectId, Guid? taskId, Guid? agreementId)
    {
        EnsureEditable();
        Apply(clientId, workTypeCode, start, minutes, billable, projectId, taskId, agreementId);
        if (Approval == ApprovalState.Submitted)
        {
            Approval = ApprovalState.Draft;
        }
    }

    /// <summary>Refuses any change to an approved (locked) or submitted entry.</summary>
    public void EnsureEditable()
    {
        if (IsLocked)
        {
            throw new DomainException("This entry is approved and locked; a manager can correct it with an adjustment.", "Approval");
        }

        if (Approval == ApprovalState.Submitted)
        {
            throw new DomainException("This entry's week is submitted for approval; it can be changed after a manager rejects it.", "Approval");
        }
    }

    /// <summary>
    /// A manager's correction of a locked entry, only through <see cref="TimeAdjustment.Apply"/>, which
    /// refuses billed time (the billing ledger says what is billed) and records the change.
    /// </summary>
    internal void Adjust(DateTime start, int minutes, string workTypeCode, bool billable)
    {
        if (!IsLocked)
        {
            throw new DomainException("Only approved entries are adjusted; edit this entry instead.", "Approval");
        }

        Apply(ClientId, workTypeCode, start, minutes, billable, ProjectId, TaskId, AgreementId);
    }

    private void Apply(Guid clientId, string workTypeCode, DateTime start, int minutes, bool billable, Guid? projectId, Guid? taskId, Guid? agreementId)
    {
        if (minutes <= 0 || minutes > MaxMinutes)
        {
            throw new DomainException($"Minutes must be between 1 and {MaxMinutes}.", "Minutes");
        }

        if (clientId == Guid.Empty)
        {
            throw new DomainException("Client is required.", "Client");
        }

        if (string.IsNullOrWhiteSpace(workTypeCode))
        {
            throw new DomainException("Work type is required.", "Work type");
        }

        if (agreementId is not null && (projectId is not null || taskId is not null))
        {
            throw new DomainException("A time entry is linked to an agreement or a project task, not both.", "Agreement");
        }

        if (taskId is not null && projectId is null)
        {
            throw new DomainException("A task's time entry must name the task's project.", "Project");
        }

        ClientId = clientId;
        WorkTypeCode = workTypeCode.Trim();
        Start = DateTime.SpecifyKind(start, DateTimeKind.Unspecified);
        Minutes = minutes;
        Billable = billable;
        ProjectId = projectId;
        TaskId = taskId;
        AgreementId = agreementId;
    }

    public void Submit() => Transition(ApprovalState.Submitted, ApprovalState.Draft, ApprovalState.Rejected);

    public void Approve() => Transition(ApprovalState.Approved, ApprovalState.Submitted, ApprovalState.Draft);

    public void Reject() => Transition(ApprovalState.Rejected, ApprovalState.Submitted);

    /// <summary>A rejected week's entries return to draft so the engineer can fix them.</summary>
    public void Reopen() => Transition(ApprovalState.Draft, ApprovalState.Rejected);

    /// <summary>Imported history arrives already approved (or not) as its source says.</summary>
    public void SetImportedApproval(bool approved) => Approval = approved ? ApprovalState.Approved : ApprovalState.Submitted;

    private void Transition(ApprovalState to, params ApprovalState[] from)
    {
        if (!from.Contains(Approval))
        {
            throw new DomainException($"A {Approval.ToString().ToLowerInvariant()} time entry cannot become {to.ToString().ToLowerInvariant()}.", "Approval");
        }

        Approval = to;
    }
}
