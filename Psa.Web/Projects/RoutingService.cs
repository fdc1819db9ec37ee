using Microsoft.EntityFrameworkCore;
using Psa.Domain.Projects;
using Psa.Domain.Projects.Routing;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Projects;

/// <summary>Builds a <see cref="TaskRouter"/> over the current team, calendars and queues, and keeps the round-robin pointer.</summary>
public sealed class RoutingService
{
    public static async Task<TaskRouter> CreateAsync(TenantDbContext db, RoutingMode mode, Guid? teamId, DateOnly today, CancellationToken cancellationToken = default)
    {
        var engineers = await db.Engineers.Include(e => e.Skills).Include(e => e.TimeOff).Where(e => e.IsActive).AsSplitQuery().ToListAsync(cancellationToken);
        var team = teamId is null ? null : await db.Teams.SingleOrDefaultAsync(t => t.Id == teamId, cancellationToken);
        var ordered = team is null
            ? engineers.OrderBy(e => e.Code, StringComparer.Ordinal).ToList()
            : team.MemberIds.Select(id => engineers.FirstOrDefault(e => e.Id == id)).OfType<Domain.Engineers.Engineer>().ToList();
        var queued = await QueuedHoursAsync(db, cancellationToken);
        return new TaskRouter(mode, ordered, queued, team?.RoundRobinLastEngineerId, today);
    }

    /// <summary>Open estimated hours per engineer (tasks not done).</summary>
    public static async Task<Dictionary<Guid, decimal>> QueuedHoursAsync(TenantDbContext db, CancellationToken cancellationToken = default)
    {
        var rows = await db.ProjectTasks.Where(t => t.Status != ProjectTaskStatus.Done && t.AssigneeEngineerId != null)
            .GroupBy(t => t.AssigneeEngineerId!.Value)
            .Select(g => new { g.Key, Minutes = g.Sum(t => t.EstimateMinutes ?? 0) })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Key, r => r.Minutes / 60m);
    }

    public static async Task SavePointerAsync(TenantDbContext db, Guid? teamId, TaskRouter router, CancellationToken cancellationToken = default)
    {
        if (teamId is not null && await db.Teams.SingleOrDefaultAsync(t => t.Id == teamId, cancellationToken) is { } team)
        {
            team.RoundRobinLastEngineerId = router.RoundRobinLast;
        }
    }

    /// <summary>Fills in an assignee (and the reason) for every included draft task that has none.</summary>
    public static void RouteDraft(DeploymentDraft draft, TaskRouter router)
    {
        foreach (var task in draft.IncludedTasks.Where(t => t.AssigneeEngineerId is null))
        {
            var decision = router.Route(new RoutingRequest(task.Title, task.Description, task.Start, task.Due, task.EstimateMinutes / 60m));
            task.AssigneeEngineerId = decision.EngineerId;
            task.AssignmentReason = decision.Reason;
        }
    }
}
