using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Projects;
using Psa.Domain.Projects.Routing;
using Psa.Domain.Projects.Scheduling;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Live;

namespace Psa.Web.Projects;

/// <summary>Creates projects and edits their own fields (client, dates, budgets, billing model); the plan inside is <see cref="PlanEditor"/>'s.</summary>
public sealed class ProjectEditor(TenantDbContextFactory databases, WorkspaceLive live)
{
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
        ProjectStore.PublishChangeOnCommit(db, id);
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
}
