using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Projects;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Live;

namespace Psa.Web.Projects;

public sealed record TemplateSummary(Guid Id, string Name, string? ProjectType, Domain.Projects.Routing.RoutingMode RoutingMode, int Phases, int Tasks, decimal EstimateHours);

/// <summary>Project templates: edit, create from a project, and deploy through a reviewed draft.</summary>
public sealed class TemplateService(TenantDbContextFactory databases, WorkspaceLive live, WorkspaceClock clock, StaffNotifications notifications)
{
    public async Task<IReadOnlyList<TemplateSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var templates = await db.ProjectTemplates.AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken);
        return templates.Select(t => new TemplateSummary(t.Id, t.Name, t.ProjectType, t.RoutingMode, t.Phases.Count, t.TaskCount, t.EstimateHours)).ToList();
    }

    public async Task<ProjectTemplate?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        return await db.ProjectTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
    }

    public async Task<Guid> SaveAsync(Guid? id, TemplateInput input, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        if (await db.ProjectTemplates.AnyAsync(t => t.Name == input.Name.Trim() && t.Id != id, cancellationToken))
        {
            throw new ValidationFailedException([new("Name", $"A template named {input.Name.Trim()} already exists.")]);
        }

        ProjectTemplate template;
        if (id is null)
        {
            template = ProjectTemplate.Create(input.Name, input.ProjectType, input.RoutingMode, input.Phases);
            db.ProjectTemplates.Add(template);
        }
        else
        {
            template = await db.ProjectTemplates.SingleOrDefaultAsync(t => t.Id == id, cancellationToken) ?? throw new DomainException("The template does not exist.", "Template");
            template.Rename(input.Name);
            template.ProjectType = input.ProjectType;
            template.RoutingMode = input.RoutingMode;
            template.SetPhases(input.Phases);
        }

        template.TeamId = input.TeamId;
        template.BillingModel = input.BillingModel;
        template.Description = input.Description;
        await db.SaveChangesAsync(cancellationToken);
        return template.Id;
    }

    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        await db.ProjectTemplates.Where(t => t.Id == id).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<Guid> CreateFromProjectAsync(Guid projectId, string name, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var plan = await ProjectStore.LoadAsync(db, projectId, cancellationToken) ?? throw new DomainException("The project does not exist.", "Project");
        if (await db.ProjectTemplates.AnyAsync(t => t.Name == name.Trim(), cancellationToken))
        {
            throw new ValidationFailedException([new("Template name", $"A template named {name.Trim()} already exists.")]);
        }

        var template = ProjectTemplate.FromProject(plan, name);
        db.ProjectTemplates.Add(template);
        await db.SaveChangesAsync(cancellationToken);
        return template.Id;
    }

    /// <summary>The first step of a deployment: what would be created, with routed assignees proposed.</summary>
    public async Task<DeploymentDraft> DraftAsync(Guid templateId, Guid clientId, DateOnly? start = null, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var template = await db.ProjectTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == templateId, cancellationToken) ?? throw new DomainException("The template does not exist.", "Template");
        var client = await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken) ?? throw new ValidationFailedException([new("Client", "Choose the client.")]);
        var code = await UniqueCodeAsync(db, $"{client.Code}-{Slug(template.ProjectType ?? template.Name)}", cancellationToken);
        var draft = template.Draft(client.Id, code, $"{client.Name} — {template.Name}", start ?? NextWorkingDay(clock.Today));
        var router = await RoutingService.CreateAsync(db, template.RoutingMode, template.TeamId, clock.Today, cancellationToken);
        RoutingService.RouteDraft(draft, router);
        await PlanScheduling.ScheduleDraftAsync(db, draft, cancellationToken);
        return draft;
    }

    /// <summary>Proposes assignees again for tasks left unassigned in the wizard, and working-day dates for every task.</summary>
    public async Task RouteAsync(DeploymentDraft draft, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var router = await RoutingService.CreateAsync(db, draft.RoutingMode, draft.TeamId, clock.Today, cancellationToken);
        RoutingService.RouteDraft(draft, router);
        await PlanScheduling.ScheduleDraftAsync(db, draft, cancellationToken);
    }

    /// <summary>Creates the project from the reviewed draft in one transaction, then notifies the assigned engineers.</summary>
    public async Task<Guid> DeployAsync(DeploymentDraft draft, Uri? workspaceBase = null, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var plan = await DeployInAsync(db, draft, clock.Today, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        live.Publish(LiveTopics.Projects, LiveTopics.Workload);
        await notifications.TasksAssignedAsync(plan, workspaceBase, cancellationToken);
        return plan.Project.Id;
    }

    /// <summary>Validates the draft, routes what is still unassigned, and adds the project to <paramref name="db"/> (not saved).</summary>
    internal static async Task<ProjectPlan> DeployInAsync(TenantDbContext db, DeploymentDraft draft, DateOnly today, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        draft.Code = (draft.Code ?? string.Empty).Trim().ToLowerInvariant();
        if (draft.Code.Length == 0)
        {
            errors.Add(new("Code", "Project code is required."));
        }
        else if (await db.Projects.AnyAsync(p => p.Code == draft.Code, cancellationToken))
        {
            errors.Add(new("Code", $"Another project already has the code {draft.Code}."));
        }

        if (string.IsNullOrWhiteSpace(draft.Name))
        {
            errors.Add(new("Name", "Project name is required."));
        }

        if (!await db.Clients.AnyAsync(c => c.Id == draft.ClientId, cancellationToken))
        {
            errors.Add(new("Client", "Choose the client."));
        }

        if (!draft.IncludedTasks.Any())
        {
            errors.Add(new("Tasks", "Include at least one task."));
        }

        foreach (var task in draft.IncludedTasks.Where(t => t.Due < t.Start))
        {
            errors.Add(new("Due", $"“{task.Title}” is due before it starts."));
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var router = await RoutingService.CreateAsync(db, draft.RoutingMode, draft.TeamId, today, cancellationToken);
        RoutingService.RouteDraft(draft, router);
        await RoutingService.SavePointerAsync(db, draft.TeamId, router, cancellationToken);
        // Dates already on free working days stay; the rest move to the next ones that fit.
        await PlanScheduling.ScheduleDraftAsync(db, draft, cancellationToken);
        var plan = ProjectDeployment.Build(draft);
        ProjectStore.TrackNew(db, plan);
        return plan;
    }

    internal static async Task<string> UniqueCodeAsync(TenantDbContext db, string stem, CancellationToken cancellationToken)
    {
        stem = stem[..Math.Min(stem.Length, 54)].Trim('-');
        var code = stem;
        for (var n = 2; await db.Projects.AnyAsync(p => p.Code == code, cancellationToken); n++)
        {
            code = $"{stem}-{n}";
        }

        return code;
    }

    public static string SlugOf(string text) => Slug(text);

    internal static string Slug(string text) =>
        string.Join('-', new string(text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray()).Split(' ', StringSplitOptions.RemoveEmptyEntries));

    public static DateOnly NextWorkingDay(DateOnly day)
    {
        var next = day.AddDays(1);
        while (next.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            next = next.AddDays(1);
        }

        return next;
    }
}

public sealed record TemplateInput(
    string Name, string? ProjectType, Domain.Projects.Routing.RoutingMode RoutingMode, Guid? TeamId, ProjectBillingModel BillingModel,
    string? Description, List<TemplatePhase> Phases);
