namespace Psa.Web.Portal;

/// <summary>How a phase's progress reads to a client, on the portal home and the project page alike.</summary>
public static class PortalText
{
    public static string PhaseClass(Psa.Domain.Projects.PhaseStatus status) => status.Stage switch
    {
        Psa.Domain.Projects.PhaseStage.Complete => "done",
        Psa.Domain.Projects.PhaseStage.Awaiting => "waiting",
        _ => "current",
    };
}
