using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Projects;
using Psa.Domain.Projects.Routing;
using Psa.Domain.Projects.Scheduling;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Live;

namespace Psa.Web.Projects;

/// <summary>Changes a project's plan (phases, tasks, gates, dependencies, dates, routing); every change goes through <see cref="ProjectPlan"/>, runs in one transaction and is published live when it commits.</summary>
public sealed class PlanEditor(TenantDbContextFactory databases, WorkspaceClock clock)
{
    /// <summary>
    /// Moves a task; <paramref name="actingUserId"/> is the staff user who moved it (null for a client contact).
    /// Timers react to the task's status event in the same transaction (see TimersFollowTaskStatus).
    /// </summary>
    public Task ChangeStatusAsync(Guid projectId, Guid taskId, ProjectTaskStatus status, string? actingUserId = null, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (plan, today) => plan.ChangeStatus(taskId, status, today, actingUserId), cancellationToken);

    /// <summary>Opens a task to the client's contacts in the portal (comment, attach, complete), or closes it again.</summary>
    public Task SetClientEditableAsync(Guid projectId, Guid taskId, bool editable, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (plan, _) => plan.SetClientEditable(taskId, editable), cancellationToken);

    /// <summary>Gantt drag/resize. Returns how many successors were pushed later.</summary>
    /// <summary>
    /// Moves a task to new dates. A start on a day its assignee does not work (weekend, holiday, time off) moves
    /// to the next working day, the due date with it (the length is kept); work is only ever counted on working days.
    /// </summary>
    public Task<RescheduleResult> RescheduleAsync(Guid projectId, Guid taskId, DateOnly start, DateOnly due, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, async (db, plan, _) =>
        {
            var calendar = await PlanScheduling.LoadCalendarAsync(db, cancellationToken);
            var assignee = plan.Task(taskId).AssigneeEngineerId;
            var engineer = assignee is null ? null : await db.Engineers.AsNoTracking().Include(e => e.TimeOff).SingleOrDefaultAsync(e => e.Id == assignee, cancellationToken);
            string? snapped = null;
            if (calendar.WhyNotWorking(engineer, start) is { } why)
            {
                var next = calendar.NextWorkingDay(engineer, start);
                snapped = $"{Weekday(start)} is {why}: the task starts on {Weekday(next)}.";
                due = due.AddDays(next.DayNumber - start.DayNumber);
                start = next;
            }

            var moved = plan.Reschedule(taskId, start, due < start ? start : due).Count;
            return new RescheduleResult(moved, start, due < start ? start : due, snapped);
        }, cancellationToken);

    public Task AssignAsync(Guid projectId, Guid taskId, Guid? engineerId, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (plan, _) => plan.AssignTask(taskId, engineerId, "assigned by hand"), cancellationToken);

    public Task CheckItemAsync(Guid projectId, Guid itemId, bool done, string by, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (plan, today) => plan.CheckItem(itemId, done, by, today), cancellationToken);

    public Task RecordSignOffAsync(Guid projectId, Guid phaseId, string by, string? note, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (plan, today) => plan.RecordClientSignOff(phaseId, by, note, today), cancellationToken);

    /// <summary>A client contact signs a phase off in the portal with their typed name (the phase completes under the plan's rules).</summary>
    public Task SignOffByClientAsync(Guid projectId, Guid phaseId, string? typedName, string contactName, DateTimeOffset utc, string? fromIp, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (plan, today) => plan.SignOffByClient(phaseId, typedName, contactName, utc, fromIp, today), cancellationToken);

    public Task CompletePhaseAsync(Guid projectId, Guid phaseId, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (plan, today) => plan.CompletePhase(phaseId, today), cancellationToken);

    /// <summary>Adds a phase at the end; a milestone percentage (a fraction) sets the amount from the project value.</summary>
    public Task<Guid> AddPhaseAsync(Guid projectId, string name, bool requiresSignOff, decimal? milestonePercent, Guid? dependsOnPhaseId, decimal? milestoneAmount = null, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (plan, _) =>
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new DomainException("Phase name is required.", "Phase name");
            }

            var phase = plan.AddPhase(name);
            plan.UpdatePhase(phase.Id, name, requiresSignOff, milestonePercent, milestoneAmount);
            if (dependsOnPhaseId is { } dependsOn)
            {
                plan.AddPhaseDependency(phase.Id, dependsOn);
            }

            return phase.Id;
        }, cancellationToken);

    public Task UpdatePhaseAsync(Guid projectId, Guid phaseId, string name, bool requiresSignOff, decimal? milestonePercent, decimal? milestoneAmount, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (plan, _) => plan.UpdatePhase(phaseId, name, requiresSignOff, milestonePercent, milestoneAmount), cancellationToken);

    public Task MovePhaseAsync(Guid projectId, Guid phaseId, int offset, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (plan, _) => plan.MovePhase(phaseId, offset), cancellationToken);

    public Task RemovePhaseAsync(Guid projectId, Guid phaseId, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (plan, _) => plan.RemovePhase(phaseId), cancellationToken);

    public Task RemovePhaseDependencyAsync(Guid projectId, Guid phaseId, Guid dependsOnPhaseId, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (plan, _) => plan.RemovePhaseDependency(phaseId, dependsOnPhaseId), cancellationToken);

    public Task EditChecklistItemAsync(Guid projectId, Guid itemId, string text, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (plan, _) => plan.EditChecklistItem(itemId, text), cancellationToken);

    public Task RemoveChecklistItemAsync(Guid projectId, Guid itemId, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (plan, _) => plan.RemoveChecklistItem(itemId), cancellationToken);

    public Task AddPhaseDependencyAsync(Guid projectId, Guid phaseId, Guid dependsOnPhaseId, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (plan, _) => plan.AddPhaseDependency(phaseId, dependsOnPhaseId), cancellationToken);

    public Task<Guid> AddGateItemAsync(Guid projectId, Guid phaseId, string text, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (plan, _) => plan.AddGateItem(phaseId, text).Id, cancellationToken);

    public Task<Guid> AddTaskChecklistItemAsync(Guid projectId, Guid taskId, string text, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (plan, _) => plan.AddTaskChecklistItem(taskId, text).Id, cancellationToken);

    public Task AddTaskDependencyAsync(Guid projectId, Guid taskId, Guid predecessorId, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (plan, _) => plan.AddTaskDependency(taskId, predecessorId), cancellationToken);

    public Task RemoveTaskDependencyAsync(Guid projectId, Guid taskId, Guid predecessorId, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (plan, _) => plan.RemoveTaskDependency(taskId, predecessorId), cancellationToken);

    public Task UpdateTaskAsync(Guid projectId, Guid taskId, string title, string? description, int? estimateMinutes, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (plan, _) => plan.EditTask(taskId, title, description, estimateMinutes), cancellationToken);

    /// <summary>Adds a task; with automatic routing on the project, an unassigned task is routed at once.</summary>
    public async Task<Guid> AddTaskAsync(Guid projectId, Guid phaseId, string title, int? estimateMinutes, DateOnly? start, DateOnly? due, string? description = null, Guid? assignee = null, CancellationToken cancellationToken = default) =>
        await AddTaskAsync(projectId, new NewTask(phaseId, title, estimateMinutes, start, due, description, assignee, [], []), cancellationToken);

    /// <summary>Adds a task with its finish-to-start predecessors and checklist, in one transaction.</summary>
    public async Task<Guid> AddTaskAsync(Guid projectId, NewTask input, CancellationToken cancellationToken = default)
    {
        var (phaseId, title, estimateMinutes, start, due, description, assignee, predecessors, checklist) = input;
        if (estimateMinutes < 0)
        {
            throw new DomainException("Estimate cannot be negative.", "Estimate");
        }

        return await MutateAsync(projectId, async (db, plan, today) =>
        {
            var task = plan.AddTask(phaseId, title, estimateMinutes, start, due, string.IsNullOrWhiteSpace(description) ? null : description.Trim());
            plan.AssignTask(task.Id, assignee, null);
            foreach (var predecessor in predecessors)
            {
                plan.AddTaskDependency(task.Id, predecessor);
            }

            foreach (var item in checklist.Where(c => !string.IsNullOrWhiteSpace(c)))
            {
                plan.AddTaskChecklistItem(task.Id, item);
            }

            if (assignee is null && plan.Project.RoutingMode != RoutingMode.Manual)
            {
                var router = await RoutingService.CreateAsync(db, plan.Project.RoutingMode, plan.Project.TeamId, today, cancellationToken);
                var decision = router.Route(new RoutingRequest(task.Title, task.Description, start, due, task.EstimateHours));
                plan.AssignTask(task.Id, decision.EngineerId, decision.Reason);
                await RoutingService.SavePointerAsync(db, plan.Project.TeamId, router, cancellationToken);
            }

            if (task.AssigneeEngineerId is not null && (task.StartDate ?? task.DueDate) is not null)
            {
                PlaceOnCalendar(plan, task, await PlanScheduling.CreateAsync(db, cancellationToken: cancellationToken));
            }

            return task.Id;
        }, cancellationToken);
    }

    /// <summary>Routes every open, unassigned task with the project's routing mode. Returns how many were assigned.</summary>
    public async Task<int> RouteUnassignedAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        return await MutateAsync(projectId, async (db, plan, today) =>
        {
            var mode = plan.Project.RoutingMode == RoutingMode.Manual ? RoutingMode.LoadBalancing : plan.Project.RoutingMode;
            var router = await RoutingService.CreateAsync(db, mode, plan.Project.TeamId, today, cancellationToken);
            var scheduler = await PlanScheduling.CreateAsync(db, cancellationToken: cancellationToken);
            var count = 0;
            // In date order, so earlier work gets the earlier free days and a successor follows its routed predecessor.
            foreach (var task in plan.Tasks.Where(t => t.IsOpen && t.AssigneeEngineerId is null).OrderBy(t => t.StartDate ?? t.DueDate ?? DateOnly.MaxValue).ToList())
            {
                var decision = router.Route(new RoutingRequest(task.Title, task.Description, task.StartDate, task.DueDate, task.EstimateHours));
                plan.AssignTask(task.Id, decision.EngineerId, decision.Reason);
                count += decision.EngineerId is null ? 0 : 1;
                PlaceOnCalendar(plan, task, scheduler);
            }

            await RoutingService.SavePointerAsync(db, plan.Project.TeamId, router, cancellationToken);
            return count;
        }, cancellationToken);
    }

    /// <summary>
    /// Puts a task that has just got its engineer on that engineer's working days (business week, holidays,
    /// time off) without booking a day beyond their hours, as the deploy wizard does: no earlier than its
    /// proposed start or its predecessors' finish; later tasks that depend on it move with it. A task
    /// without dates stays unscheduled.
    /// </summary>
    private static void PlaceOnCalendar(ProjectPlan plan, ProjectTask task, PlanScheduler scheduler)
    {
        if (task.AssigneeEngineerId is null || (task.StartDate ?? task.DueDate) is not { } start)
        {
            return;
        }

        var earliest = plan.Tasks.Where(t => task.PredecessorIds.Contains(t.Id) && t.DueDate is not null)
            .Select(t => t.DueDate!.Value.AddDays(1)).Append(start).Max();
        var dates = scheduler.ScheduleProposed(task.AssigneeEngineerId, task.EstimateHours, start, task.DueDate ?? start, earliest);
        plan.Reschedule(task.Id, dates.Start, dates.Due);
    }

    private Task MutateAsync(Guid projectId, Action<ProjectPlan, DateOnly> change, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (_, plan, today) =>
        {
            change(plan, today);
            return Task.FromResult(0);
        }, cancellationToken);

    private static string Weekday(DateOnly day) => day.ToString("ddd d MMM", System.Globalization.CultureInfo.InvariantCulture);

    private Task<T> MutateAsync<T>(Guid projectId, Func<ProjectPlan, DateOnly, T> change, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (_, plan, today) => Task.FromResult(change(plan, today)), cancellationToken);

    private async Task<T> MutateAsync<T>(Guid projectId, Func<TenantDbContext, ProjectPlan, DateOnly, Task<T>> change, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var plan = await ProjectStore.LoadAsync(db, projectId, cancellationToken) ?? throw new DomainException("The project does not exist.", "Project");
        var result = await change(db, plan, clock.Today);
        ProjectStore.TrackNew(db, plan);
        ProjectStore.PublishChangeOnCommit(db, projectId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
