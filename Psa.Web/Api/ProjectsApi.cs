using Psa.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;
using Psa.Domain.Projects;
using Psa.Web.Projects;

namespace Psa.Web.Api;

public sealed record ChecklistItemDto(Guid Id, string Text, bool IsDone, string? DoneBy, DateOnly? DoneOn);

public sealed record PhaseDto(Guid Id, int Order, string Name, bool RequiresClientSignOff, decimal? MilestoneAmount, decimal? MilestonePercent,
    Guid[] DependsOnPhaseIds, DateOnly? CompletedOn, DateOnly? SignedOffOn, string? SignOffNote, int TasksDone, int TaskCount, ChecklistItemDto[] GateItems);

public sealed record TaskDto(Guid Id, Guid PhaseId, string Title, string? Description, int? EstimateMinutes, DateOnly? StartDate, DateOnly? DueDate,
    ProjectTaskStatus Status, Guid? AssigneeEngineerId, string? AssignmentReason, Guid[] PredecessorIds, ChecklistItemDto[] Checklist, bool ClientEditable = false);

public sealed record ProjectDto(Guid Id, string Code, Guid ClientId, string ClientName, string Name, ProjectStatus Status, string? ProjectType, string? ProjectManagerUserId,
    DateOnly? StartDate, DateOnly? EndDate, decimal? BudgetHours, decimal? BudgetAmount, ProjectBillingModel BillingModel, decimal? Value, decimal? DepositPercent,
    Domain.Projects.Routing.RoutingMode RoutingMode, Guid? TeamId, Guid? QuoteId, BudgetActuals Budget, PhaseDto[] Phases, TaskDto[] Tasks)
{
    public static ChecklistItemDto Item(ChecklistItem c) => new(c.Id, c.Text, c.IsDone, c.DoneBy, c.DoneOn);

    public static ProjectDto From(ProjectDetail d)
    {
        var p = d.Plan.Project;
        return new(p.Id, p.Code, p.ClientId, d.ClientName, p.Name, p.Status, p.ProjectType, p.ProjectManagerUserId, p.StartDate, p.EndDate, p.BudgetHours, p.BudgetAmount,
            p.BillingModel, p.Value, p.DepositPercent, p.RoutingMode, p.TeamId, p.QuoteId, d.Budget,
            d.Plan.Phases.Select(ph =>
            {
                var (done, total) = d.Plan.Progress(ph.Id);
                return new PhaseDto(ph.Id, ph.Order, ph.Name, ph.RequiresClientSignOff, ph.MilestoneAmount, ph.MilestonePercent, ph.DependsOnPhaseIds.ToArray(),
                    ph.CompletedOn, ph.SignedOffOn, ph.SignOffNote, done, total, d.Plan.GateItems(ph.Id).Select(Item).ToArray());
            }).ToArray(),
            d.Plan.Tasks.Select(t => Task(d.Plan, t)).ToArray());
    }

    public static TaskDto Task(ProjectPlan plan, ProjectTask t) => new(t.Id, t.PhaseId, t.Title, t.Description, t.EstimateMinutes, t.StartDate, t.DueDate, t.Status,
        t.AssigneeEngineerId, t.AssignmentReason, t.PredecessorIds.ToArray(), plan.ChecklistOf(t.Id).Select(Item).ToArray(), t.ClientEditable);
}

public sealed record PhaseInput(string Name, bool RequiresClientSignOff, decimal? MilestonePercent, Guid? DependsOnPhaseId);

public sealed record TaskInput(Guid PhaseId, string Title, string? Description, int? EstimateMinutes, DateOnly? StartDate, DateOnly? DueDate, Guid? AssigneeEngineerId);

/// <summary>A partial update: only the fields present change. Dates move successors as on the Gantt.</summary>
public sealed record TaskPatch(ProjectTaskStatus? Status, DateOnly? StartDate, DateOnly? DueDate, Guid? AssigneeEngineerId, bool? Unassign, string? Title, string? Description, int? EstimateMinutes, bool? ClientEditable = null)
{
    /// <summary>Anything beyond the status: dates, assignee, text or portal editing.</summary>
    internal bool PlansChange => StartDate is not null || DueDate is not null || AssigneeEngineerId is not null || Unassign == true
        || Title is not null || Description is not null || EstimateMinutes is not null || ClientEditable is not null;
}

public sealed record DependencyInput(Guid PredecessorId);

public sealed record SignOffInput(string Note);

public sealed record GateCheckInput(bool Done);

public sealed record ChecklistTextInput(string Text);

public static class ProjectsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/projects").WithTags("Projects").AddEndpointFilter<DomainErrorFilter>();
        g.MapGet("/", async (ProjectQueries projects, Guid? clientId) => TypedResults.Ok(await projects.ListAsync(clientId))).WithName("ListProjects").RequirePermission(Permission.ProjectsRead);
        g.MapGet("/{id:guid}", async Task<Results<Ok<ProjectDto>, NotFound>> (Guid id, ProjectQueries projects) =>
            await projects.GetAsync(id) is { } d ? TypedResults.Ok(ProjectDto.From(d)) : TypedResults.NotFound())
            .WithName("GetProject").RequirePermission(Permission.ProjectsRead).WithSummary("A project with its phases, tasks, checklists and budget against actuals.");
        g.MapPost("/", async (ProjectInput input, ProjectQueries projects, ProjectEditor editor) =>
        {
            var id = await editor.CreateAsync(input);
            return TypedResults.Created($"/api/v1/projects/{id}", ProjectDto.From((await projects.GetAsync(id))!));
        }).WithName("CreateProject").RequirePermission(Permission.ProjectsManage);
        g.MapPut("/{id:guid}", async (Guid id, ProjectInput input, ProjectQueries projects, ProjectEditor editor) =>
        {
            await editor.UpdateAsync(id, input);
            return TypedResults.Ok(ProjectDto.From((await projects.GetAsync(id))!));
        }).WithName("UpdateProject").RequirePermission(Permission.ProjectsManage);

        g.MapGet("/{id:guid}/phases", async Task<Results<Ok<PhaseDto[]>, NotFound>> (Guid id, ProjectQueries projects) =>
            await projects.GetAsync(id) is { } d ? TypedResults.Ok(ProjectDto.From(d).Phases) : TypedResults.NotFound()).WithName("ListPhases").RequirePermission(Permission.ProjectsRead);
        g.MapPost("/{id:guid}/phases", async (Guid id, PhaseInput input, ProjectQueries projects, PlanEditor plans) =>
        {
            var phaseId = await plans.AddPhaseAsync(id, input.Name, input.RequiresClientSignOff, input.MilestonePercent, input.DependsOnPhaseId);
            return TypedResults.Created($"/api/v1/projects/{id}/phases", ProjectDto.From((await projects.GetAsync(id))!).Phases.Single(p => p.Id == phaseId));
        }).WithName("AddPhase").RequirePermission(Permission.ProjectsManage);
        g.MapPost("/{id:guid}/phases/{phaseId:guid}/gate-items", async (Guid id, Guid phaseId, SignOffInput input, ProjectQueries projects, PlanEditor plans) =>
        {
            await plans.AddGateItemAsync(id, phaseId, input.Note);
            return TypedResults.Ok(ProjectDto.From((await projects.GetAsync(id))!).Phases.Single(p => p.Id == phaseId));
        }).WithName("AddGateItem").RequirePermission(Permission.ProjectsManage).WithSummary("Adds a stage-gate checklist item (the text in `note`).");
        g.MapPost("/{id:guid}/checklist/{itemId:guid}", async (Guid id, Guid itemId, GateCheckInput input, PlanEditor plans, ClaimsPrincipal user) =>
        {
            await plans.CheckItemAsync(id, itemId, input.Done, DomainErrorFilter.Actor(user));
            return TypedResults.NoContent();
        }).WithName("CheckChecklistItem").RequirePermission(Permission.TasksWork).WithSummary("Checks or unchecks a gate or task checklist item.");
        g.MapPut("/{id:guid}/checklist/{itemId:guid}", async (Guid id, Guid itemId, ChecklistTextInput input, PlanEditor plans) =>
        {
            await plans.EditChecklistItemAsync(id, itemId, input.Text);
            return TypedResults.NoContent();
        }).WithName("EditChecklistItem").RequirePermission(Permission.TasksWork).WithSummary("Changes the text of a gate or task checklist item (whether it is checked stays).");
        g.MapPost("/{id:guid}/phases/{phaseId:guid}/sign-off", async (Guid id, Guid phaseId, SignOffInput input, ProjectQueries projects, PlanEditor plans, ClaimsPrincipal user) =>
        {
            await plans.RecordSignOffAsync(id, phaseId, DomainErrorFilter.Actor(user), input.Note);
            return TypedResults.Ok(ProjectDto.From((await projects.GetAsync(id))!).Phases.Single(p => p.Id == phaseId));
        }).WithName("RecordSignOff").RequirePermission(Permission.ProjectsManage).WithSummary("Records the client's sign-off on their behalf, with a note saying how it was given.");
        g.MapPost("/{id:guid}/phases/{phaseId:guid}/complete", async (Guid id, Guid phaseId, PlanEditor plans) =>
        {
            await plans.CompletePhaseAsync(id, phaseId);
            return TypedResults.NoContent();
        }).WithName("CompletePhase").RequirePermission(Permission.ProjectsManage);

        g.MapGet("/{id:guid}/tasks", async Task<Results<Ok<TaskDto[]>, NotFound>> (Guid id, ProjectQueries projects) =>
            await projects.GetAsync(id) is { } d ? TypedResults.Ok(ProjectDto.From(d).Tasks) : TypedResults.NotFound()).WithName("ListTasks").RequirePermission(Permission.ProjectsRead);
        g.MapPost("/{id:guid}/tasks", async (Guid id, TaskInput input, ProjectQueries projects, PlanEditor plans) =>
        {
            var taskId = await plans.AddTaskAsync(id, input.PhaseId, input.Title, input.EstimateMinutes, input.StartDate, input.DueDate, input.Description, input.AssigneeEngineerId);
            return TypedResults.Created($"/api/v1/projects/{id}/tasks/{taskId}", ProjectDto.From((await projects.GetAsync(id))!).Tasks.Single(t => t.Id == taskId));
        }).WithName("AddTask").RequirePermission(Permission.ProjectsManage).WithSummary("Adds a task; without an assignee it is routed with the project's routing mode.");
        g.MapPatch("/{id:guid}/tasks/{taskId:guid}", async Task<Results<Ok<TaskDto>, NotFound, ForbidHttpResult>> (Guid id, Guid taskId, TaskPatch patch, ProjectQueries projects, PlanEditor plans, System.Security.Claims.ClaimsPrincipal user) =>
        {
            // Doing the work moves a task's status; re-planning it is managing the project.
            if (patch.PlansChange && !user.Can(Permission.ProjectsManage))
            {
                return TypedResults.Forbid();
            }

            if (await projects.GetAsync(id) is not { } before || before.Plan.Tasks.All(t => t.Id != taskId))
            {
                return TypedResults.NotFound();
            }

            var task = before.Plan.Task(taskId);
            if (patch.Title is not null || patch.Description is not null || patch.EstimateMinutes is not null)
            {
                await plans.UpdateTaskAsync(id, taskId, patch.Title ?? task.Title, patch.Description ?? task.Description, patch.EstimateMinutes ?? task.EstimateMinutes);
            }

            if (patch.StartDate is not null || patch.DueDate is not null)
            {
                var start = patch.StartDate ?? task.StartDate ?? patch.DueDate!.Value;
                await plans.RescheduleAsync(id, taskId, start, patch.DueDate ?? task.DueDate ?? start);
            }

            if (patch.AssigneeEngineerId is not null || patch.Unassign == true)
            {
                await plans.AssignAsync(id, taskId, patch.Unassign == true ? null : patch.AssigneeEngineerId);
            }

            if (patch.ClientEditable is { } editable)
            {
                await plans.SetClientEditableAsync(id, taskId, editable);
            }

            if (patch.Status is { } status)
            {
                await plans.ChangeStatusAsync(id, taskId, status, user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value);
            }

            var after = (await projects.GetAsync(id))!;
            return TypedResults.Ok(ProjectDto.Task(after.Plan, after.Plan.Task(taskId)));
        }).WithName("UpdateTask").RequirePermission(Permission.TasksWork).WithSummary("Changes a task's status, dates (successors shift), assignee, text or whether the client may edit it in the portal. Broken rules answer 409 naming the rule.");
        g.MapPost("/{id:guid}/tasks/{taskId:guid}/dependencies", async (Guid id, Guid taskId, DependencyInput input, PlanEditor plans) =>
        {
            await plans.AddTaskDependencyAsync(id, taskId, input.PredecessorId);
            return TypedResults.NoContent();
        }).WithName("AddTaskDependency").RequirePermission(Permission.ProjectsManage).WithSummary("Adds a finish-to-start dependency; cycles are refused (409, rule DependenciesMustNotFormCycle).");
        g.MapPost("/{id:guid}/route", async (Guid id, PlanEditor plans) => TypedResults.Ok(new { assigned = await plans.RouteUnassignedAsync(id) }))
            .WithName("RouteProjectTasks").RequirePermission(Permission.ProjectsManage).WithSummary("Routes every open unassigned task with the project's routing mode.");
    }
}
