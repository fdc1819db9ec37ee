using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Projects;
using Psa.Domain.Projects.Routing;
using Psa.Domain.Projects.Scheduling;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Live;

namespace Psa.Web.Projects;

public sealed record ProjectSummary(
    Guid Id, string Code, string Name, Guid ClientId, string ClientName, ProjectStatus Status, string? ProjectType,
    DateOnly? Start, DateOnly? End, int TasksDone, int TaskCount, decimal? BudgetHours, decimal LoggedHours);

/// <summary>Budget against what is logged: hours and cost (logged minutes at each engineer's cost rate).</summary>
public sealed record BudgetActuals(decimal? BudgetHours, decimal? BudgetAmount, decimal LoggedHours, decimal LoggedCost, decimal EstimatedHours, int Entries, decimal ApprovedHours = 0)
{
    /// <summary>Logged but not yet approved on a timesheet (not billable until it is).</summary>
    public decimal UnapprovedHours => LoggedHours - ApprovedHours;

    public decimal? RemainingHours => BudgetHours - LoggedHours;

    public decimal? RemainingAmount => BudgetAmount - LoggedCost;

    public int? HoursUsedPercent => BudgetHours is > 0 ? (int)Math.Round(LoggedHours / BudgetHours.Value * 100) : null;

    public int? AmountUsedPercent => BudgetAmount is > 0 ? (int)Math.Round(LoggedCost / BudgetAmount.Value * 100) : null;

    public bool HoursOver => RemainingHours < 0;

    public bool AmountOver => RemainingAmount < 0;
}

/// <summary>A reschedule's outcome: later tasks moved with it, the dates kept, and why the start moved (a non-working day), if it did.</summary>
public sealed record RescheduleResult(int Moved, DateOnly Start, DateOnly Due, string? Snapped);

public sealed record TaskActivity(IReadOnlyList<Domain.Portal.TaskComment> Comments, IReadOnlyList<Domain.Portal.TaskAttachment> Attachments)
{
    public static readonly TaskActivity None = new([], []);
}

public sealed record EngineerRef(Guid Id, string Code, string Name);

public sealed record ProjectDetail(ProjectPlan Plan, string ClientName, string ClientCode, IReadOnlyList<EngineerRef> Engineers, BudgetActuals Budget, string? ProjectManagerName, string? TeamName)
{
    public string EngineerName(Guid? id) => id is null ? "Unassigned" : Engineers.FirstOrDefault(e => e.Id == id)?.Name ?? "Unknown";
}

public sealed record NewTask(
    Guid PhaseId, string Title, int? EstimateMinutes, DateOnly? Start, DateOnly? Due, string? Description, Guid? Assignee,
    IReadOnlyList<Guid> Predecessors, IReadOnlyList<string> Checklist);

public sealed record ProjectInput(
    string Code, Guid ClientId, string Name, string? ProjectType, ProjectStatus Status, string? ProjectManagerUserId,
    DateOnly? Start, DateOnly? End, decimal? BudgetHours, decimal? BudgetAmount, ProjectBillingModel BillingModel,
    decimal? Value, decimal? DepositPercent, RoutingMode RoutingMode, Guid? TeamId, string? Description);

/// <summary>Reads and changes projects; every change goes through <see cref="ProjectPlan"/>, runs in one transaction and is published live.</summary>
public sealed class ProjectService(
    TenantDbContextFactory databases,
    WorkspaceLive live,
    WorkspaceClock clock)
{
    public async Task<IReadOnlyList<ProjectSummary>> ListAsync(Guid? clientId = null, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var projects = await db.Projects.AsNoTracking().Where(p => clientId == null || p.ClientId == clientId).ToListAsync(cancellationToken);
        var clients = await db.Clients.AsNoTracking().Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var counts = await db.ProjectTasks.GroupBy(t => t.ProjectId)
            .Select(g => new { g.Key, Total = g.Count(), Done = g.Count(t => t.Status == ProjectTaskStatus.Done) })
            .ToDictionaryAsync(x => x.Key, cancellationToken);
        var logged = await db.TimeEntries.Where(t => t.ProjectId != null).GroupBy(t => t.ProjectId!.Value)
            .Select(g => new { g.Key, Minutes = g.Sum(t => t.Minutes) }).ToDictionaryAsync(x => x.Key, x => x.Minutes, cancellationToken);
        return projects
            .Select(p => new ProjectSummary(p.Id, p.Code, p.Name, p.ClientId, clients.GetValueOrDefault(p.ClientId, "?"), p.Status, p.ProjectType,
                p.StartDate, p.EndDate, counts.GetValueOrDefault(p.Id)?.Done ?? 0, counts.GetValueOrDefault(p.Id)?.Total ?? 0, p.BudgetHours,
                logged.GetValueOrDefault(p.Id) / 60m))
            .OrderBy(p => p.Status is ProjectStatus.Completed or ProjectStatus.Cancelled).ThenBy(p => p.Start ?? DateOnly.MaxValue).ThenBy(p => p.Name)
            .ToList();
    }

    public async Task<ProjectDetail?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        var plan = await ProjectStore.LoadAsync(db, id, cancellationToken);
        if (plan is null)
        {
            return null;
        }

        var client = await db.Clients.Where(c => c.Id == plan.Project.ClientId).Select(c => new { c.Name, c.Code }).SingleAsync(cancellationToken);
        var engineers = await db.Engineers.OrderBy(e => e.Name).Select(e => new EngineerRef(e.Id, e.Code, e.Name)).ToListAsync(cancellationToken);
        var pm = plan.Project.ProjectManagerUserId is { } pmId ? await db.Users.Where(u => u.Id == pmId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken) : null;
        var team = plan.Project.TeamId is { } teamId ? await db.Teams.Where(t => t.Id == teamId).Select(t => t.Name).SingleOrDefaultAsync(cancellationToken) : null;
        return new ProjectDetail(plan, client.Name, client.Code, engineers, await BudgetAsync(db, plan, cancellationToken), pm, team);
    }

    public static async Task<BudgetActuals> BudgetAsync(TenantDbContext db, ProjectPlan plan, CancellationToken cancellationToken = default)
    {
        var id = plan.Project.Id;
        var entries = await (from t in db.TimeEntries
                             where t.ProjectId == id
                             join e in db.Engineers on t.EngineerId equals e.Id into es
                             from e in es.DefaultIfEmpty()
                             select new { t.Minutes, t.Approval, Rate = e != null ? e.CostRate : 0m })
            .ToListAsync(cancellationToken);
        var hours = entries.Sum(e => e.Minutes) / 60m;
        var approved = entries.Where(e => e.Approval == Domain.TimeTracking.ApprovalState.Approved).Sum(e => e.Minutes) / 60m;
        var cost = Domain.Common.MoneyMath.Round2(entries.Sum(e => e.Minutes / 60m * e.Rate));
        var estimated = plan.Tasks.Sum(t => t.EstimateHours);
        return new BudgetActuals(plan.Project.BudgetHours, plan.Project.BudgetAmount, hours, cost, estimated, entries.Count, approved);
    }

    public async Task<Guid> CreateAsync(ProjectInput input, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        await ValidateAsync(db, input, null, cancellationToken);
        var project = Project.Create(input.Code, input.ClientId, input.Name);
        Apply(project, input);
        db.Projects.Add(project);
        await db.SaveChangesAsync(cancellationToken);
        live.Publish(LiveTopics.Projects);
        return project.Id;
    }

    /// <summary>The project's editable fields, as the edit form starts from them.</summary>
    public static ProjectInput ToInput(Project p) => new(
        p.Code, p.ClientId, p.Name, p.ProjectType, p.Status, p.ProjectManagerUserId, p.StartDate, p.EndDate, p.BudgetHours, p.BudgetAmount,
        p.BillingModel, p.Value, p.DepositPercent, p.RoutingMode, p.TeamId, p.Description);

    public async Task UpdateAsync(Guid id, ProjectInput input, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var project = await db.Projects.SingleOrDefaultAsync(p => p.Id == id, cancellationToken) ?? throw new DomainException("The project does not exist.", "Project");
        await ValidateAsync(db, input, id, cancellationToken);
        Apply(project, input);
        PublishOnCommit(db, id);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task ValidateAsync(TenantDbContext db, ProjectInput input, Guid? id, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (!await db.Clients.AnyAsync(c => c.Id == input.ClientId, cancellationToken))
        {
            errors.Add(new("Client", "Choose the client."));
        }

        var code = (input.Code ?? string.Empty).Trim().ToLowerInvariant();
        if (code.Length == 0)
        {
            errors.Add(new("Code", "Project code is required."));
        }
        else if (await db.Projects.AnyAsync(p => p.Code == code && p.Id != id, cancellationToken))
        {
            errors.Add(new("Code", $"Another project already has the code {code}."));
        }

        errors.AddRange(Project.DetailProblems(input.Name, input.Start, input.End, input.BudgetHours, input.BudgetAmount, input.BillingModel, input.DepositPercent));

        if (input.ProjectManagerUserId is { } pm && !await db.Users.AnyAsync(u => u.Id == pm, cancellationToken))
        {
            errors.Add(new("Project manager", "Choose a project manager from the workspace's staff."));
        }

        if (input.TeamId is { } team && !await db.Teams.AnyAsync(t => t.Id == team, cancellationToken))
        {
            errors.Add(new("Team", "The team does not exist."));
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }

    private static void Apply(Project project, ProjectInput input) =>
        project.Update(input.Name, input.ProjectType, input.Status, input.ProjectManagerUserId, input.Start, input.End, input.BudgetHours, input.BudgetAmount,
            input.BillingModel, input.Value, input.DepositPercent, input.RoutingMode, input.TeamId, input.Description);

    /// <summary>
    /// Moves a task; <paramref name="actingUserId"/> is the staff user who moved it (null for a client contact).
    /// Timers react to the task's status event in the same transaction (see TimersFollowTaskStatus).
    /// </summary>
    public Task ChangeStatusAsync(Guid projectId, Guid taskId, ProjectTaskStatus status, string? actingUserId = null, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (plan, today) => plan.ChangeStatus(taskId, status, today, actingUserId), cancellationToken);

    /// <summary>Opens a task to the client's contacts in the portal (comment, attach, complete), or closes it again.</summary>
    public Task SetClientEditableAsync(Guid projectId, Guid taskId, bool editable, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (plan, _) => plan.SetClientEditable(taskId, editable), cancellationToken);

    /// <summary>Comments and files on the project's tasks (from the portal), oldest first.</summary>
    public async Task<TaskActivity> ActivityAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var comments = await db.TaskComments.AsNoTracking().Where(c => c.ProjectId == projectId).ToListAsync(cancellationToken);
        var files = await db.TaskAttachments.AsNoTracking().Where(a => a.ProjectId == projectId).ToListAsync(cancellationToken);
        return new TaskActivity(comments.OrderBy(c => c.CreatedUtc).ToList(), files.OrderBy(a => a.UploadedUtc).ToList());
    }

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

    public Task MutateAsync(Guid projectId, Action<ProjectPlan, DateOnly> change, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (_, plan, today) =>
        {
            change(plan, today);
            return Task.FromResult(0);
        }, cancellationToken);

    private static string Weekday(DateOnly day) => day.ToString("ddd d MMM", System.Globalization.CultureInfo.InvariantCulture);

    public Task<T> MutateAsync<T>(Guid projectId, Func<ProjectPlan, DateOnly, T> change, CancellationToken cancellationToken = default) =>
        MutateAsync(projectId, (_, plan, today) => Task.FromResult(change(plan, today)), cancellationToken);

    private async Task<T> MutateAsync<T>(Guid projectId, Func<TenantDbContext, ProjectPlan, DateOnly, Task<T>> change, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var plan = await ProjectStore.LoadAsync(db, projectId, cancellationToken) ?? throw new DomainException("The project does not exist.", "Project");
        var result = await change(db, plan, clock.Today);
        ProjectStore.TrackNew(db, plan);
        PublishOnCommit(db, projectId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private static void PublishOnCommit(TenantDbContext db, Guid projectId)
    {
        db.PublishOnCommit(LiveTopics.Project(projectId));
        db.PublishOnCommit(LiveTopics.Projects);
        db.PublishOnCommit(LiveTopics.Workload);
    }
}
