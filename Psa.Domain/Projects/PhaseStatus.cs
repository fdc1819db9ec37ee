using System.Globalization;

namespace Psa.Domain.Projects;

public enum PhaseStage
{
    Ready = 0,
    InProgress = 1,
    Awaiting = 2,
    Complete = 3,
}

/// <summary>
/// How a phase's status reads: one rule for the staff milestone tracker and the client portal, so a
/// client and the project manager never see the same phase described two ways.
/// </summary>
public sealed record PhaseStatus(PhaseStage Stage, string Text)
{
    /// <param name="awaiting">The names of the not yet complete phases this one depends on.</param>
    /// <param name="started">A task of the phase is done or one of its gate items is checked.</param>
    public static PhaseStatus Of(DateOnly? completedOn, IEnumerable<string> awaiting, bool started)
    {
        if (completedOn is { } day)
        {
            return new(PhaseStage.Complete, "Completed " + day.ToString("d MMM yyyy", CultureInfo.InvariantCulture));
        }

        var blockers = awaiting.ToList();
        return blockers.Count > 0 ? new(PhaseStage.Awaiting, "Awaiting " + string.Join(", ", blockers))
            : started ? new(PhaseStage.InProgress, "In progress")
            : new(PhaseStage.Ready, "Ready to start");
    }

    public static PhaseStatus Of(ProjectPlan plan, ProjectPhase phase) =>
        Of(phase.CompletedOn,
            phase.DependsOnPhaseIds.Select(plan.Phase).Where(p => !p.IsComplete).OrderBy(p => p.Order).Select(p => p.Name),
            plan.Progress(phase.Id).Done > 0 || plan.GateItems(phase.Id).Any(g => g.IsDone));

    /// <summary>The status with the phase's task count, as the portal lists it.</summary>
    public string WithTasks(int done, int total) => $"{Text} · {done} of {total} tasks complete";
}
