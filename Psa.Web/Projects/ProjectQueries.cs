using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Projects;
using Psa.Domain.Projects.Routing;
using Psa.Domain.Projects.Scheduling;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Live;

namespace Psa.Web.Projects;

/// <summary>Reads projects for pages, the API and the portal: the list, one project with its plan and budget, task activity.</summary>
public sealed class ProjectQueries(TenantDbContextFactory databases)
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

    /// <summary>Comments and files on the project's tasks (from the portal), oldest first.</summary>
    public async Task<TaskActivity> ActivityAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var comments = await db.TaskComments.AsNoTracking().Where(c => c.ProjectId == projectId).ToListAsync(cancellationToken);
        var files = await db.TaskAttachments.AsNoTracking().Where(a => a.ProjectId == projectId).ToListAsync(cancellationToken);
        return new TaskActivity(comments.OrderBy(c => c.CreatedUtc).ToList(), files.OrderBy(a => a.UploadedUtc).ToList());
    }
}
