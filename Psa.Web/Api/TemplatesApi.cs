using Psa.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Psa.Domain.Projects;
using Psa.Web.Projects;

namespace Psa.Web.Api;

public sealed record TemplateDto(Guid Id, string Name, string? ProjectType, string? Description, Domain.Projects.Routing.RoutingMode RoutingMode, Guid? TeamId,
    ProjectBillingModel BillingModel, decimal EstimateHours, List<TemplatePhase> Phases)
{
    public static TemplateDto From(ProjectTemplate t) => new(t.Id, t.Name, t.ProjectType, t.Description, t.RoutingMode, t.TeamId, t.BillingModel, t.EstimateHours, t.Phases);
}

/// <summary>Deploys a template for a client. Assignees left out are routed; <see cref="Draft"/> (from <c>/draft</c>) may be sent back adjusted.</summary>
public sealed record DeployInput(Guid ClientId, DateOnly? Start, string? Code, string? Name, decimal? BudgetHours, decimal? BudgetAmount, DeploymentDraft? Draft);

public sealed record FromProjectInput(Guid ProjectId, string Name);

public static class TemplatesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/templates").WithTags("Templates").AddEndpointFilter<DomainErrorFilter>();
        g.MapGet("/", async (TemplateService templates) => TypedResults.Ok(await templates.ListAsync())).WithName("ListTemplates").RequirePermission(Permission.TemplatesRead);
        g.MapGet("/{id:guid}", async Task<Results<Ok<TemplateDto>, NotFound>> (Guid id, TemplateService templates) =>
            await templates.GetAsync(id) is { } t ? TypedResults.Ok(TemplateDto.From(t)) : TypedResults.NotFound()).WithName("GetTemplate").RequirePermission(Permission.TemplatesRead);
        g.MapPost("/", async (TemplateInput input, TemplateService templates) =>
        {
            var id = await templates.SaveAsync(null, input);
            return TypedResults.Created($"/api/v1/templates/{id}", TemplateDto.From((await templates.GetAsync(id))!));
        }).WithName("CreateTemplate").RequirePermission(Permission.TemplatesManage).WithSummary("Creates a template: nested phases with gate items and dependencies, tasks with estimates, offsets, predecessors and checklists.");
        g.MapPut("/{id:guid}", async (Guid id, TemplateInput input, TemplateService templates) =>
        {
            await templates.SaveAsync(id, input);
            return TypedResults.Ok(TemplateDto.From((await templates.GetAsync(id))!));
        }).WithName("UpdateTemplate").RequirePermission(Permission.TemplatesManage);
        g.MapPost("/from-project", async (FromProjectInput input, TemplateService templates) =>
        {
            var id = await templates.CreateFromProjectAsync(input.ProjectId, input.Name);
            return TypedResults.Created($"/api/v1/templates/{id}", TemplateDto.From((await templates.GetAsync(id))!));
        }).WithName("CreateTemplateFromProject").RequirePermission(Permission.TemplatesManage);
        g.MapPost("/{id:guid}/draft", async (Guid id, DeployInput input, TemplateService templates) =>
            TypedResults.Ok(await templates.DraftAsync(id, input.ClientId, input.Start)))
            .WithName("DraftTemplateDeployment").RequirePermission(Permission.ProjectsManage).WithSummary("The review step: what deploying would create, with proposed assignees and reasons. Nothing is saved.");
        g.MapPost("/{id:guid}/deploy", async (Guid id, DeployInput input, TemplateService templates, ProjectQueries projects, HttpContext http) =>
        {
            var draft = input.Draft ?? await templates.DraftAsync(id, input.ClientId, input.Start);
            draft.TemplateId = id;
            draft.Code = input.Code ?? draft.Code;
            draft.Name = input.Name ?? draft.Name;
            draft.BudgetHours = input.BudgetHours ?? draft.BudgetHours;
            draft.BudgetAmount = input.BudgetAmount ?? draft.BudgetAmount;
            var projectId = await templates.DeployAsync(draft, new Uri($"{http.Request.Scheme}://{http.Request.Host}/"));
            return TypedResults.Created($"/api/v1/projects/{projectId}", ProjectDto.From((await projects.GetAsync(projectId))!));
        }).WithName("DeployTemplate").RequirePermission(Permission.ProjectsManage).WithSummary("Creates a project for a client from the template (or from an adjusted draft), routes tasks and notifies engineers.");
    }
}
