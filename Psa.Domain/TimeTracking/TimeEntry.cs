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
        string? code = null)
    {
        if (minutes <= 0 || minutes > 24 * 60)
        {
            throw new DomainException("Minutes must be between 1 and 1440.", "Minutes");
        }

        if (string.IsNullOrWhiteSpace(workTypeCode))
        {
            throw new DomainException("Work type is required.", "Work type");
        }

        if (agreementId is not null && (projectId is not null || taskId is not null))
        {
            throw new DomainException("A time entry is linked to an agreement or a project, not both.", "Agreement");
        }

        if (taskId is not null && projectId is null)
        {
            throw new DomainException("A task's time entry must name the task's project.", "Project");
        }

        return new TimeEntry
        {
            EngineerId = engineerId,
            ClientId = clientId,
            WorkTypeCode = workTypeCode.Trim(),
            Start = DateTime.SpecifyKind(start, DateTimeKind.Unspecified),
            Minutes = minutes,
            Billable = billable,
            ProjectId = projectId,
            TaskId = taskId,
            AgreementId = agreementId,
            Code = code,
        };
    }

    public void Submit() => Transition(ApprovalState.Submitted, ApprovalState.Draft, ApprovalState.Rejected);

    public void Approve() => Transition(ApprovalState.Approved, ApprovalState.Submitted, ApprovalState.Draft);

    public void Reject() => Transition(ApprovalState.Rejected, ApprovalState.Submitted);

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
