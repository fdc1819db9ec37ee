using Microsoft.EntityFrameworkCore;
using Psa.Domain.Projects;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Projects;

/// <summary>Loads a <see cref="ProjectPlan"/> and saves what changed in it (new phases, tasks and checklist items included).</summary>
public static class ProjectStore
{
    public static async Task<ProjectPlan?> LoadAsync(TenantDbContext db, Guid projectId, CancellationToken cancellationToken = default)
    {
        var project = await db.Projects.SingleOrDefaultAsync(p => p.Id == projectId, cancellationToken);
        if (project is null)
        {
            return null;
        }

        var phases = await db.ProjectPhases.Where(p => p.ProjectId == projectId).ToListAsync(cancellationToken);
        var tasks = await db.ProjectTasks.Where(t => t.ProjectId == projectId).ToListAsync(cancellationToken);
        var checklist = await db.ChecklistItems.Where(c => c.ProjectId == projectId).ToListAsync(cancellationToken);
        return new ProjectPlan(project, phases, tasks, checklist);
    }

    /// <summary>Adds to the context whatever the plan holds that the context does not track yet, and deletes what the plan removed.</summary>
    public static void TrackNew(TenantDbContext db, ProjectPlan plan)
    {
        if (db.Entry(plan.Project).State == EntityState.Detached)
        {
            db.Projects.Add(plan.Project);
        }

        foreach (var phase in plan.Phases.Where(p => db.Entry(p).State == EntityState.Detached))
        {
            db.ProjectPhases.Add(phase);
        }

        foreach (var task in plan.Tasks.Where(t => db.Entry(t).State == EntityState.Detached))
        {
            db.ProjectTasks.Add(task);
        }

        foreach (var item in plan.Checklist.Where(c => db.Entry(c).State == EntityState.Detached))
        {
            db.ChecklistItems.Add(item);
        }

        foreach (var removed in plan.Removed.Where(r => db.Entry(r).State != EntityState.Detached))
        {
            db.Remove(removed);
        }
    }

    /// <summary>A project changed: its own topic, the project list and the workload are published when the transaction commits.</summary>
    public static void PublishChangeOnCommit(TenantDbContext db, Guid projectId)
    {
        db.PublishOnCommit(LiveTopics.Project(projectId));
        db.PublishOnCommit(LiveTopics.Projects);
        db.PublishOnCommit(LiveTopics.Workload);
    }
}
