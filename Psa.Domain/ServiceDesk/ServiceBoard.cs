using Psa.Domain.Projects.Routing;

namespace Psa.Domain.ServiceDesk;

/// <summary>
/// A queue of the service desk ("Service desk", "Triage", "Projects"): how its new tickets are routed
/// (the project routing modes, over a team or everyone), its default work type and its lead, who hears
/// about breaches with the assignee.
/// </summary>
public sealed class ServiceBoard
{
    private ServiceBoard()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public string Name { get; private set; } = string.Empty;

    public RoutingMode Routing { get; private set; }

    public Guid? TeamId { get; private set; }

    public Guid? LeadEngineerId { get; private set; }

    public string DefaultWorkTypeCode { get; private set; } = string.Empty;

    /// <summary>Where mail from unknown senders lands.</summary>
    public bool IsTriage { get; private set; }

    public int Sequence { get; private set; }

    public static ServiceBoard Create(string name, RoutingMode routing, string defaultWorkTypeCode, Guid? teamId = null, Guid? leadEngineerId = null,
        bool isTriage = false, int sequence = 0)
    {
        var board = new ServiceBoard { IsTriage = isTriage, Sequence = sequence };
        board.Update(name, routing, defaultWorkTypeCode, teamId, leadEngineerId);
        return board;
    }

    public void Update(string name, RoutingMode routing, string defaultWorkTypeCode, Guid? teamId, Guid? leadEngineerId)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 80)
        {
            throw new DomainException("Board name is required (at most 80 characters).", "Name");
        }

        if (string.IsNullOrWhiteSpace(defaultWorkTypeCode))
        {
            throw new DomainException("Default work type is required.", "Work type");
        }

        Name = name.Trim();
        Routing = routing;
        DefaultWorkTypeCode = defaultWorkTypeCode.Trim();
        TeamId = teamId;
        LeadEngineerId = leadEngineerId;
    }
}
