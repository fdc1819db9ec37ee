using Psa.Domain.Common;
using Psa.Domain.Projects.Rules;

namespace Psa.Domain.Projects;

/// <summary>
/// A project with its phases, tasks and checklists, loaded together: the aggregate that enforces the
/// delivery rules (gates, dependencies, sign-off). Persistence loads and saves the parts; every change
/// to them goes through here.
/// </summary>
public sealed class ProjectPlan
{
    private readonly List<ProjectPhase> _phases;
    private readonly List<ProjectTask> _tasks;
    private readonly List<ChecklistItem> _checklist;
    private readonly List<object> _removed = [];

    public ProjectPlan(Project project, IEnumerable<ProjectPhase> phases, IEnumerable<ProjectTask> tasks, IEnumerable<ChecklistItem> checklist)
    {
        Project = project;
        _phases = phases.OrderBy(p => p.Order).ToList();
        _tasks = tasks.OrderBy(t => t.Order).ToList();
        _checklist = checklist.OrderBy(c => c.Order).ToList();
    }

    public Project Project { get; }

    public IReadOnlyList<ProjectPhase> Phases => _phases;

    public IReadOnlyList<ProjectTask> Tasks => _tasks;

    public IReadOnlyList<ChecklistItem> Checklist => _checklist;

    /// <summary>Phases and checklist items taken out of the plan since it was loaded (persistence deletes them).</summary>
    public IReadOnlyList<object> Removed => _removed;

    public ProjectPhase Phase(Guid id) => _phases.FirstOrDefault(p => p.Id == id) ?? throw new DomainException("That phase is not part of this project.", "Phase");

    public ProjectTask Task(Guid id) => _tasks.FirstOrDefault(t => t.Id == id) ?? throw new DomainException("That task is not part of this project.", "Task");

    public ChecklistItem Item(Guid id) =>
        _checklist.FirstOrDefault(c => c.Id == id) ?? throw new DomainException("That checklist item is not part of this project.", "Checklist item");

    public IEnumerable<ProjectTask> TasksOf(Guid phaseId) => _tasks.Where(t => t.PhaseId == phaseId);

    public IEnumerable<ChecklistItem> GateItems(Guid phaseId) => _checklist.Where(c => c.PhaseId == phaseId && c.IsGateItem);

    public IEnumerable<ChecklistItem> ChecklistOf(Guid taskId) => _checklist.Where(c => c.TaskId == taskId);

    /// <summary>"4 of 6 tasks complete".</summary>
    public (int Done, int Total) Progress(Guid phaseId)
    {
        var tasks = TasksOf(phaseId).ToList();
        return (tasks.Count(t => t.Status == ProjectTaskStatus.Done), tasks.Count);
    }

    public IEnumerable<ProjectTask> Successors(Guid taskId) => _tasks.Where(t => t.PredecessorIds.Contains(taskId));

    public ProjectPhase AddPhase(string name, bool requiresClientSignOff = false, decimal? milestonePercent = null, decimal? milestoneAmount = null)
    {
        var phase = ProjectPhase.Create(Project.Id, _phases.Count == 0 ? 1 : _phases.Max(p => p.Order) + 1, name);
        phase.RequiresClientSignOff = requiresClientSignOff;
        phase.MilestonePercent = milestonePercent;
        phase.MilestoneAmount = milestoneAmount;
        _phases.Add(phase);
        return phase;
    }

    /// <summary>Renames a phase and sets its sign-off requirement and milestone (a fraction of the project value, or an amount).</summary>
    public void UpdatePhase(Guid phaseId, string name, bool requiresClientSignOff, decimal? milestonePercent, decimal? milestoneAmount)
    {
        var phase = Phase(phaseId);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("Phase name is required.", "Phase name");
        }

        if (milestonePercent is < 0 or > 1)
        {
            throw new DomainException("Milestone percentage must be between 0 and 100 %.", "Milestone %");
        }

        if (milestoneAmount < 0)
        {
            throw new DomainException("Milestone amount cannot be negative.", "Milestone amount");
        }

        phase.Name = name.Trim();
        phase.RequiresClientSignOff = requiresClientSignOff;
        phase.MilestonePercent = milestonePercent;
        phase.MilestoneAmount = milestonePercent is { } percent && Project.Value is { } value ? MoneyMath.Round2(value * percent) : milestoneAmount;
        Reevaluate(phaseId, null);
    }

    /// <summary>Moves a phase one place earlier (<paramref name="offset"/> -1) or later (+1); a phase stays after the phases it depends on.</summary>
    public void MovePhase(Guid phaseId, int offset)
    {
        var phase = Phase(phaseId);
        var index = _phases.IndexOf(phase);
        var other = index + Math.Sign(offset);
        if (offset == 0 || other < 0 || other >= _phases.Count)
        {
            return;
        }

        var neighbour = _phases[other];
        var (earlier, later) = offset < 0 ? (phase, neighbour) : (neighbour, phase);
        BusinessRuleViolationException.Check(new PhaseOrderKeepsDependenciesEarlier(later, earlier));
        (phase.Order, neighbour.Order) = (neighbour.Order, phase.Order);
        _phases.Sort((a, b) => a.Order.CompareTo(b.Order));
    }

    /// <summary>Removes an empty phase that no other phase depends on (its gate items go with it).</summary>
    public void RemovePhase(Guid phaseId)
    {
        var phase = Phase(phaseId);
        BusinessRuleViolationException.Check(new PhaseCanBeRemovedOnlyWhenUnused(this, phase));
        foreach (var item in _checklist.Where(c => c.PhaseId == phaseId).ToList())
        {
            _checklist.Remove(item);
            _removed.Add(item);
        }

        _phases.Remove(phase);
        _removed.Add(phase);
    }

    public void RemovePhaseDependency(Guid phaseId, Guid dependsOnPhaseId)
    {
        var phase = Phase(phaseId);
        phase.DependsOnPhaseIds = phase.DependsOnPhaseIds.Where(p => p != dependsOnPhaseId).ToList();
    }

    /// <summary>Removes a gate or task checklist item; the phase it belonged to may now be ready.</summary>
    public void RemoveChecklistItem(Guid itemId)
    {
        var item = Item(itemId);
        _checklist.Remove(item);
        _removed.Add(item);
        Reevaluate(item.PhaseId, null);
    }

    public ProjectTask AddTask(Guid phaseId, string title, int? estimateMinutes = null, DateOnly? start = null, DateOnly? due = null, string? description = null)
    {
        Phase(phaseId);
        BusinessRuleViolationException.Check(new TaskDueDateNotBeforeStart(title, start, due));
        var task = ProjectTask.Create(Project.Id, phaseId, title);
        task.Description = description;
        task.EstimateMinutes = estimateMinutes;
        task.StartDate = start;
        task.DueDate = due;
        task.Order = _tasks.Count == 0 ? 1 : _tasks.Max(t => t.Order) + 1;
        _tasks.Add(task);
        Reevaluate(phaseId, null);
        return task;
    }

    /// <summary>Changes a task's title, description and estimate: a title is required, an estimate is never negative.</summary>
    public void EditTask(Guid taskId, string title, string? description, int? estimateMinutes)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new DomainException("Task title is required.", "Title");
        }

        if (estimateMinutes < 0)
        {
            throw new DomainException("Estimate cannot be negative.", "Estimate");
        }

        var task = Task(taskId);
        task.Title = title.Trim();
        task.Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        task.EstimateMinutes = estimateMinutes;
    }

    /// <summary>Gives a task to an engineer (or nobody), with the reason shown beside it ("assigned by hand", the router's reasoning).</summary>
    public void AssignTask(Guid taskId, Guid? engineerId, string? reason)
    {
        var task = Task(taskId);
        task.AssigneeEngineerId = engineerId;
        task.AssignmentReason = engineerId is null ? null : reason;
    }

    /// <summary>Opens a task to the client's contacts in the portal (comment, attach, complete), or closes it again.</summary>
    public void SetClientEditable(Guid taskId, bool editable) => Task(taskId).ClientEditable = editable;

    public ChecklistItem AddGateItem(Guid phaseId, string text)
    {
        Phase(phaseId);
        var item = ChecklistItem.ForGate(Project.Id, phaseId, text, _checklist.Count + 1);
        _checklist.Add(item);
        return item;
    }

    public ChecklistItem AddTaskChecklistItem(Guid taskId, string text)
    {
        var task = Task(taskId);
        var item = ChecklistItem.ForTask(Project.Id, task.PhaseId, taskId, text, _checklist.Count + 1);
        _checklist.Add(item);
        return item;
    }

    public void AddPhaseDependency(Guid phaseId, Guid dependsOnPhaseId)
    {
        var phase = Phase(phaseId);
        var dependsOn = Phase(dependsOnPhaseId);
        BusinessRuleViolationException.Check(new DependenciesMustNotFormCycle(
            _phases.ToDictionary(p => p.Id, p => (IReadOnlyList<Guid>)p.DependsOnPhaseIds), phaseId, dependsOnPhaseId, id => Phase(id).Name));
        BusinessRuleViolationException.Check(new PhaseMayOnlyDependOnEarlierPhases(phase, dependsOn));
        if (!phase.DependsOnPhaseIds.Contains(dependsOnPhaseId))
        {
            phase.DependsOnPhaseIds = [.. phase.DependsOnPhaseIds, dependsOnPhaseId];
        }
    }

    public void AddTaskDependency(Guid taskId, Guid predecessorId)
    {
        var task = Task(taskId);
        Task(predecessorId);
        BusinessRuleViolationException.Check(new DependenciesMustNotFormCycle(
            _tasks.ToDictionary(t => t.Id, t => (IReadOnlyList<Guid>)t.PredecessorIds), taskId, predecessorId, id => Task(id).Title));
        if (!task.PredecessorIds.Contains(predecessorId))
        {
            task.PredecessorIds = [.. task.PredecessorIds, predecessorId];
        }
    }

    public void RemoveTaskDependency(Guid taskId, Guid predecessorId)
    {
        var task = Task(taskId);
        task.PredecessorIds = task.PredecessorIds.Where(p => p != predecessorId).ToList();
    }

    /// <summary>
    /// Moves a task through To do → In progress → Blocked → Done; starting checks the gates and predecessors.
    /// <paramref name="movedByUserId"/> is the staff user who moved it (null for a client, an import or the system);
    /// timers react to the <see cref="TaskStatusChanged"/> this raises.
    /// </summary>
    public void ChangeStatus(Guid taskId, ProjectTaskStatus status, DateOnly today, string? movedByUserId = null)
    {
        var task = Task(taskId);
        if (task.Status == status)
        {
            return;
        }

        var from = task.Status;
        if (status is ProjectTaskStatus.InProgress or ProjectTaskStatus.Done)
        {
            BusinessRuleViolationException.Check(new TaskCannotStartWhileDependedPhaseIsOpen(this, task));
            BusinessRuleViolationException.Check(new TaskCannotStartBeforePredecessorsAreDone(this, task));
        }

        task.Status = status;
        task.CompletedOn = status == ProjectTaskStatus.Done ? today : null;
        Project.Raise(new TaskStatusChanged(Project.Id, task.Id, from, status, task.AssigneeEngineerId, movedByUserId));
        Reevaluate(task.PhaseId, today);
    }

    /// <summary>Corrects the wording of a gate or task checklist item; whether it is checked stays as it was.</summary>
    public void EditChecklistItem(Guid itemId, string text) => Item(itemId).Rename(text);

    public void CheckItem(Guid itemId, bool done, string by, DateOnly today)
    {
        var item = Item(itemId);
        item.Mark(done, by, today);
        Reevaluate(item.PhaseId, today);
    }

    /// <summary>Staff record the client's sign-off on the client's behalf (the portal will let clients do it themselves).</summary>
    public void RecordClientSignOff(Guid phaseId, string by, string? note, DateOnly today)
    {
        var phase = Phase(phaseId);
        BusinessRuleViolationException.Check(new SignOffOnBehalfNeedsNote(note));
        phase.RecordSignOff(by, note!.Trim(), today);
        Reevaluate(phaseId, today);
    }

    /// <summary>
    /// A client contact signs a phase off in the portal with their typed full name. The phase must need
    /// sign-off and be otherwise ready (tasks done, gate items checked); signing off completes it.
    /// </summary>
    public void SignOffByClient(Guid phaseId, string? typedName, string contact, DateTimeOffset utc, string? ip, DateOnly today)
    {
        var phase = Phase(phaseId);
        if (!phase.RequiresClientSignOff)
        {
            throw new DomainException($"Phase “{phase.Name}” does not need your sign-off.", "Phase");
        }

        if (phase.IsSignedOff)
        {
            throw new DomainException($"Phase “{phase.Name}” is already signed off.", "Phase");
        }

        if (string.IsNullOrWhiteSpace(typedName) || typedName.Trim().Length < 3 || typedName.Trim().Length > 200)
        {
            throw new DomainException("Type your full name to sign.", "Full name");
        }

        phase.RecordPortalSignOff(typedName.Trim(), contact, utc, ip, today);
        CompletePhase(phaseId, today);
    }

    /// <summary>Completes a phase explicitly; refuses, saying what is missing, unless it is ready.</summary>
    public void CompletePhase(Guid phaseId, DateOnly today)
    {
        var phase = Phase(phaseId);
        BusinessRuleViolationException.Check(new PhaseCompletesOnlyWhenTasksDoneGatesCheckedAndSignedOff(this, phase));
        MarkComplete(phase, today);
    }

    /// <summary>
    /// Reschedules a task (Gantt drag or resize). Refuses a start before a predecessor finishes; pushes
    /// successors that would now start too early later by the same amount, keeping their durations.
    /// Returns the successors that moved.
    /// </summary>
    public IReadOnlyList<ProjectTask> Reschedule(Guid taskId, DateOnly start, DateOnly due)
    {
        var task = Task(taskId);
        BusinessRuleViolationException.Check(new TaskDueDateNotBeforeStart(task.Title, start, due));
        BusinessRuleViolationException.Check(new TaskMustStartAfterPredecessorsFinish(this, task, start));
        task.StartDate = start;
        task.DueDate = due;
        var moved = new List<ProjectTask>();
        var queue = new Queue<ProjectTask>([task]);
        while (queue.TryDequeue(out var current))
        {
            foreach (var successor in Successors(current.Id))
            {
                if (successor.StartDate is { } s && current.DueDate is { } d && s <= d)
                {
                    var shift = d.DayNumber - s.DayNumber + 1;
                    successor.StartDate = s.AddDays(shift);
                    successor.DueDate = successor.DueDate?.AddDays(shift);
                    if (!moved.Contains(successor))
                    {
                        moved.Add(successor);
                    }

                    queue.Enqueue(successor);
                }
            }
        }

        return moved;
    }

    /// <summary>
    /// Completes a phase when it becomes ready (its tasks done, or, without tasks, its gate items checked),
    /// and reopens it when it stops being ready. A phase with neither completes only by hand, and stays so.
    /// </summary>
    private void Reevaluate(Guid phaseId, DateOnly? today)
    {
        var phase = Phase(phaseId);
        var ready = !new PhaseCompletesOnlyWhenTasksDoneGatesCheckedAndSignedOff(this, phase).IsBroken();
        var hasWork = TasksOf(phaseId).Any() || GateItems(phaseId).Any();
        if (ready && hasWork && today is { } day)
        {
            MarkComplete(phase, day);
        }
        else if (!ready)
        {
            phase.CompletedOn = null;
        }
    }

    private void MarkComplete(ProjectPhase phase, DateOnly today)
    {
        if (phase.CompletedOn is not null)
        {
            return;
        }

        phase.CompletedOn = today;
        Project.Raise(new PhaseCompleted(Project.Id, phase.Id,
            Project.BillingModel == ProjectBillingModel.Milestone && (phase.MilestoneAmount is not null || phase.MilestonePercent is not null)));
    }
}
