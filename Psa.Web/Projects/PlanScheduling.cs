using Microsoft.EntityFrameworkCore;
using Psa.Domain.Projects;
using Psa.Domain.Projects.Scheduling;
using Psa.Infrastructure.Tenancy;
using Psa.Web.TimeTracking;

namespace Psa.Web.Projects;

/// <summary>A <see cref="PlanScheduler"/> over the workspace calendar (<see cref="TimeCalendar"/>), the active engineers and their open planned work.</summary>
public static class PlanScheduling
{
    public static WorkCalendar CalendarOf(TimeCalendar time) => new(time.Hours, time.Holidays);

    public static async Task<WorkCalendar> LoadCalendarAsync(TenantDbContext db, CancellationToken cancellationToken = default) =>
        CalendarOf(await TimeCalendar.LoadAsync(db, cancellationToken));

    /// <param name="exceptProject">A project whose own tasks are being placed (their current dates are not counted as booked).</param>
    public static async Task<PlanScheduler> CreateAsync(TenantDbContext db, Guid? exceptProject = null, CancellationToken cancellationToken = default)
    {
        var calendar = await LoadCalendarAsync(db, cancellationToken);
        var engineers = await db.Engineers.AsNoTracking().Include(e => e.TimeOff).Where(e => e.IsActive).ToListAsync(cancellationToken);
        var scheduler = new PlanScheduler(calendar, engineers);
        var booked = await (
                from t in db.ProjectTasks.AsNoTracking()
                join p in db.Projects.AsNoTracking() on t.ProjectId equals p.Id
                where t.Status != ProjectTaskStatus.Done && p.Status != ProjectStatus.Cancelled && t.AssigneeEngineerId != null
                      && (t.StartDate != null || t.DueDate != null) && t.ProjectId != exceptProject
                select new { t.AssigneeEngineerId, t.StartDate, t.DueDate, t.EstimateMinutes })
            .ToListAsync(cancellationToken);
        foreach (var task in booked)
        {
            scheduler.Book(task.AssigneeEngineerId, task.StartDate, task.DueDate, (task.EstimateMinutes ?? 0) / 60m);
        }

        return scheduler;
    }

    /// <summary>Puts a routed draft's tasks on working days without double-booking anyone.</summary>
    public static async Task ScheduleDraftAsync(TenantDbContext db, DeploymentDraft draft, CancellationToken cancellationToken = default) =>
        (await CreateAsync(db, cancellationToken: cancellationToken)).ScheduleDraft(draft);
}
