namespace Psa.Web.Portal;

/// <summary>How a phase's progress reads to a client, on the portal home and the project page alike.</summary>
public static class PortalText
{
    public static string PhaseClass(DateOnly? completedOn, bool previousDone) =>
        completedOn is not null ? "done" : previousDone ? "current" : "waiting";

    public static string PhaseState(DateOnly? completedOn, bool previousDone, int done, int total) =>
        completedOn is { } day ? $"Completed {day:d MMM yyyy}"
        : previousDone ? $"In progress · {done} of {total} tasks complete"
        : "Awaiting the previous phase";
}
