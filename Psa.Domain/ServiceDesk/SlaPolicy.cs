namespace Psa.Domain.ServiceDesk;

/// <summary>Response and resolution targets of one priority, in business minutes.</summary>
public readonly record struct SlaTarget(int ResponseMinutes, int ResolutionMinutes);

/// <summary>
/// Response and resolution targets per priority, counted in business hours. One policy is the
/// workspace default; a policy may belong to an agreement, and then governs that agreement's tickets.
/// </summary>
public sealed class SlaPolicy
{
    private SlaPolicy()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public string Name { get; private set; } = string.Empty;

    /// <summary>The agreement whose tickets this policy governs; null for workspace policies.</summary>
    public Guid? AgreementId { get; private set; }

    public bool IsDefault { get; private set; }

    public int P1ResponseMinutes { get; private set; }

    public int P1ResolutionMinutes { get; private set; }

    public int P2ResponseMinutes { get; private set; }

    public int P2ResolutionMinutes { get; private set; }

    public int P3ResponseMinutes { get; private set; }

    public int P3ResolutionMinutes { get; private set; }

    public int P4ResponseMinutes { get; private set; }

    public int P4ResolutionMinutes { get; private set; }

    /// <summary>A sensible MSP default: P1 1 h / 4 h, P2 2 h / 8 h, P3 4 h / 3 days, P4 8 h / 5 days (business time, 10-hour days).</summary>
    public static SlaPolicy StandardDefault() => Create("Standard", null, true,
        new Dictionary<TicketPriority, SlaTarget>
        {
            [TicketPriority.P1] = new(60, 240),
            [TicketPriority.P2] = new(120, 480),
            [TicketPriority.P3] = new(240, 1800),
            [TicketPriority.P4] = new(480, 3000),
        });

    public static SlaPolicy Create(string name, Guid? agreementId, bool isDefault, IReadOnlyDictionary<TicketPriority, SlaTarget> targets)
    {
        var policy = new SlaPolicy { AgreementId = agreementId, IsDefault = isDefault && agreementId is null };
        policy.Rename(name);
        policy.SetTargets(targets);
        return policy;
    }

    public void Rename(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
        {
            throw new DomainException("Policy name is required (at most 100 characters).", "Name");
        }

        Name = name.Trim();
    }

    public void SetTargets(IReadOnlyDictionary<TicketPriority, SlaTarget> targets)
    {
        foreach (var priority in Enum.GetValues<TicketPriority>())
        {
            if (!targets.TryGetValue(priority, out var target))
            {
                throw new DomainException($"Targets for {priority} are required.", $"{priority} response");
            }

            if (target.ResponseMinutes <= 0)
            {
                throw new DomainException($"{priority} response target must be at least one minute.", $"{priority} response");
            }

            if (target.ResolutionMinutes < target.ResponseMinutes)
            {
                throw new DomainException($"{priority} resolution target cannot be shorter than its response target.", $"{priority} resolution");
            }
        }

        (P1ResponseMinutes, P1ResolutionMinutes) = (targets[TicketPriority.P1].ResponseMinutes, targets[TicketPriority.P1].ResolutionMinutes);
        (P2ResponseMinutes, P2ResolutionMinutes) = (targets[TicketPriority.P2].ResponseMinutes, targets[TicketPriority.P2].ResolutionMinutes);
        (P3ResponseMinutes, P3ResolutionMinutes) = (targets[TicketPriority.P3].ResponseMinutes, targets[TicketPriority.P3].ResolutionMinutes);
        (P4ResponseMinutes, P4ResolutionMinutes) = (targets[TicketPriority.P4].ResponseMinutes, targets[TicketPriority.P4].ResolutionMinutes);
    }

    public SlaTarget TargetFor(TicketPriority priority) => priority switch
    {
        TicketPriority.P1 => new(P1ResponseMinutes, P1ResolutionMinutes),
        TicketPriority.P2 => new(P2ResponseMinutes, P2ResolutionMinutes),
        TicketPriority.P3 => new(P3ResponseMinutes, P3ResolutionMinutes),
        _ => new(P4ResponseMinutes, P4ResolutionMinutes),
    };
}
