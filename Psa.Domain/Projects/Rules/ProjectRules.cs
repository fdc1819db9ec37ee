using Psa.Domain.Common;

namespace Psa.Domain.Projects.Rules;

/// <summary>A task cannot start while a phase its phase depends on is incomplete or has open gate items.</summary>
public sealed class TaskCannotStartWhileDependedPhaseIsOpen(ProjectPlan plan, ProjectTask task) : IBusinessRule
{
    private IReadOnlyList<string> Blockers => plan.Phase(task.PhaseId).DependsOnPhaseIds
        .Select(plan.Phase)
        .Select(p => (Phase: p, OpenGates: plan.GateItems(p.Id).Where(g => !g.IsDone).Select(g => $"“{g.Text}”").ToList()))
        .Where(x => !x.Phase.IsComplete || x.OpenGates.Count > 0)
        .Select(x =>
        {
            var (done, total) = plan.Progress(x.Phase.Id);
            var parts = new List<string>();
            if (!x.Phase.IsComplete)
            {
                parts.Add($"is not complete ({done} of {total} tasks done)");
            }

            if (x.OpenGates.Count > 0)
            {
                parts.Add($"has open gate items: {string.Join(", ", x.OpenGates)}");
            }

            return $"phase “{x.Phase.Name}” {string.Join(" and ", parts)}";
        })
        .ToList();

    public bool IsBroken() => Blockers.Count > 0;

    public string Message => $"“{task.Title}” cannot start: {string.Join("; ", Blockers)}.";

    public string? Field => "Status";
}

/// <summary>Finish-to-start: a task cannot start before the tasks it depends on are done.</summary>
public sealed class TaskCannotStartBeforePredecessorsAreDone(ProjectPlan plan, ProjectTask task) : IBusinessRule
{
    private List<ProjectTask> Open => task.PredecessorIds.Select(plan.Task).Where(t => t.IsOpen).ToList();

    public bool IsBroken() => Open.Count > 0;

    public string Message => $"“{task.Title}” cannot start: waiting for {string.Join(", ", Open.Select(t => $"“{t.Title}”"))} to be done.";

    public string? Field => "Status";
}

/// <summary>A phase completes only when its tasks are done, its gate items checked and, where required, the client signed off.</summary>
public sealed class PhaseCompletesOnlyWhenTasksDoneGatesCheckedAndSignedOff(ProjectPlan plan, ProjectPhase phase) : IBusinessRule
{
    public IReadOnlyList<string> Missing
    {
        get
        {
            var missing = new List<string>();
            var (done, total) = plan.Progress(phase.Id);
            if (done < total)
            {
                missing.Add($"{total - done} of {total} tasks are not done");
            }

            var open = plan.GateItems(phase.Id).Where(g => !g.IsDone).ToList();
            if (open.Count > 0)
            {
                missing.Add($"gate items not checked: {string.Join(", ", open.Select(g => $"“{g.Text}”"))}");
            }

            if (phase.RequiresClientSignOff && !phase.IsSignedOff)
            {
                missing.Add("client sign-off is not recorded");
            }

            return missing;
        }
    }

    public bool IsBroken() => Missing.Count > 0;

    public string Message => $"Phase “{phase.Name}” cannot complete: {string.Join("; ", Missing)}.";
}

/// <summary>Dependencies (between tasks, or between phases) cannot form a cycle.</summary>
public sealed class DependenciesMustNotFormCycle(
    IReadOnlyDictionary<Guid, IReadOnlyList<Guid>> predecessorsOf,
    Guid successor,
    Guid predecessor,
    Func<Guid, string> name) : IBusinessRule
{
    public bool IsBroken() => successor == predecessor || DependsOn(predecessor, successor);

    public string Message => successor == predecessor
        ? $"“{name(successor)}” cannot depend on itself."
        : $"“{name(successor)}” cannot depend on “{name(predecessor)}”: “{name(predecessor)}” already depends on “{name(successor)}”, which would form a cycle.";

    public string? Field => "Depends on";

    /// <summary>True when <paramref name="from"/> (transitively) depends on <paramref name="target"/>.</summary>
    private bool DependsOn(Guid from, Guid target)
    {
        var seen = new HashSet<Guid>();
        var stack = new Stack<Guid>([from]);
        while (stack.TryPop(out var current))
        {
            if (current == target)
            {
                return true;
            }

            if (seen.Add(current) && predecessorsOf.TryGetValue(current, out var next))
            {
                foreach (var n in next)
                {
                    stack.Push(n);
                }
            }
        }

        return false;
    }
}

/// <summary>A phase may only depend on phases that come before it.</summary>
public sealed class PhaseMayOnlyDependOnEarlierPhases(ProjectPhase phase, ProjectPhase dependsOn) : IBusinessRule
{
    public bool IsBroken() => dependsOn.Order >= phase.Order;

    public string Message => $"Phase “{phase.Name}” can only depend on an earlier phase, not on “{dependsOn.Name}”.";

    public string? Field => "Depends on";
}

/// <summary>Finish-to-start on the timeline: a task is scheduled to start after its predecessors' due dates.</summary>
public sealed class TaskMustStartAfterPredecessorsFinish(ProjectPlan plan, ProjectTask task, DateOnly newStart) : IBusinessRule
{
    private List<ProjectTask> Conflicts => task.PredecessorIds.Select(plan.Task)
        .Where(p => p.DueDate is { } due && newStart <= due).ToList();

    public bool IsBroken() => Conflicts.Count > 0;

    public string Message => $"“{task.Title}” cannot start on {newStart:d MMM}: it must start after {string.Join(", ", Conflicts.Select(p => $"“{p.Title}” finishes ({p.DueDate:d MMM})"))}.";

    public string? Field => "Start";
}

public sealed class TaskDueDateNotBeforeStart(string title, DateOnly? start, DateOnly? due) : IBusinessRule
{
    public bool IsBroken() => start is not null && due is not null && due < start;

    public string Message => $"“{title}” cannot be due ({due:d MMM}) before it starts ({start:d MMM}).";

    public string? Field => "Due";
}

/// <summary>Staff recording a client's sign-off on the client's behalf must say how it was given.</summary>
public sealed class SignOffOnBehalfNeedsNote(string? note) : IBusinessRule
{
    public bool IsBroken() => string.IsNullOrWhiteSpace(note);

    public string Message => "Say how the client signed off (e.g. “Email from J. Smith, 12 May”).";

    public string? Field => "Sign-off note";
}

/// <summary>Reordering keeps every phase after the phases it depends on.</summary>
public sealed class PhaseOrderKeepsDependenciesEarlier(ProjectPhase later, ProjectPhase earlier) : IBusinessRule
{
    public bool IsBroken() => earlier.DependsOnPhaseIds.Contains(later.Id);

    public string Message => $"Phase “{earlier.Name}” cannot move before “{later.Name}”: it depends on “{later.Name}”. Remove that dependency first.";

    public string? Field => "Order";
}

/// <summary>Only a phase without tasks, and that no other phase depends on, can be removed.</summary>
public sealed class PhaseCanBeRemovedOnlyWhenUnused(ProjectPlan plan, ProjectPhase phase) : IBusinessRule
{
    private int TaskCount => plan.TasksOf(phase.Id).Count();

    private List<ProjectPhase> Dependents => plan.Phases.Where(p => p.DependsOnPhaseIds.Contains(phase.Id)).ToList();

    public bool IsBroken() => TaskCount > 0 || Dependents.Count > 0;

    public string Message
    {
        get
        {
            var reasons = new List<string>();
            if (TaskCount > 0)
            {
                reasons.Add($"it has {TaskCount} task{(TaskCount == 1 ? string.Empty : "s")}");
            }

            if (Dependents.Count > 0)
            {
                reasons.Add($"{string.Join(", ", Dependents.Select(p => $"“{p.Name}”"))} depend{(Dependents.Count == 1 ? "s" : string.Empty)} on it");
            }

            return $"Phase “{phase.Name}” cannot be removed: {string.Join(" and ", reasons)}.";
        }
    }

    public string? Field => "Phase";
}
