using Microsoft.EntityFrameworkCore;
using Psa.Domain.Projects;
using Psa.Domain.Projects.Scheduling;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Projects;

public sealed record WorkloadTask(Guid TaskId, Guid ProjectId, string ProjectName, string Title, decimal Hours, DateOnly? Start, DateOnly? Due);

public sealed record WorkloadCell(DateOnly WeekStart, decimal PlannedHours, decimal CapacityHours, IReadOnlyList<WorkloadTask> Tasks)
{
    public bool Overloaded => PlannedHours > CapacityHours;

    public int Percent => CapacityHours > 0 ? (int)Math.Round(PlannedHours / CapacityHours * 100) : PlannedHours > 0 ? 999 : 0;
}

public sealed record WorkloadRow(Guid EngineerId, string Name, string? Title, decimal WeeklyCapacity, IReadOnlyList<WorkloadCell> Weeks);

public sealed record WorkloadGrid(IReadOnlyList<DateOnly> Weeks, IReadOnlyList<WorkloadRow> Rows, IReadOnlyList<WorkloadTask> Unassigned);

/// <summary>
/// Planned hours per engineer per week against capacity from their calendars (working days, time off and
/// the workspace's holidays). A task's estimate is spread evenly over the engineer's working days between
/// its start and due dates, as the scheduler books it.
/// </summary>
public sealed class WorkloadService(TenantDbContextFactory databases, PlanEditor plans)
{

    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public async Task<WorkloadGrid> GetAsync(DateOnly from, int weeks, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var engineers = await db.Engineers.AsNoTracking().Include(e => e.TimeOff).Where(e => e.IsActive).OrderBy(e => e.Name).ToListAsync(cancellationToken);
        var projectNames = await db.Projects.AsNoTracking().Where(p => p.Status != ProjectStatus.Cancelled).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var tasks = await db.ProjectTasks.AsNoTracking().Where(t => t.Status != ProjectTaskStatus.Done).ToListAsync(cancellationToken);
        tasks = tasks.Where(t => projectNames.ContainsKey(t.ProjectId)).ToList();
        var calendar = await PlanScheduling.LoadCalendarAsync(db, cancellationToken);
        return Build(WeekStart(from), weeks, calendar, engineers, tasks, projectNames);
    }

    public static WorkloadGrid Build(DateOnly firstWeek, int weeks, WorkCalendar calendar, IReadOnlyList<Domain.Engineers.Engineer> engineers, IReadOnlyList<ProjectTask> tasks, IReadOnlyDictionary<Guid, string> projectNames)
    {
        var weekStarts = Enumerable.Range(0, weeks).Select(i => firstWeek.AddDays(7 * i)).ToList();
        var end = firstWeek.AddDays(7 * weeks - 1);
        WorkloadTask View(ProjectTask t) => new(t.Id, t.ProjectId, projectNames.GetValueOrDefault(t.ProjectId, "?"), t.Title, t.EstimateHours, t.StartDate, t.DueDate);
        var rows = new List<WorkloadRow>();
        foreach (var engineer in engineers)
        {
            var planned = weekStarts.ToDictionary(w => w, _ => 0m);
            var lists = weekStarts.ToDictionary(w => w, _ => new List<WorkloadTask>());
            foreach (var task in tasks.Where(t => t.AssigneeEngineerId == engineer.Id))
            {
                var start = task.StartDate ?? task.DueDate;
                var due = task.DueDate ?? task.StartDate;
                if (start is null || due is null || due < firstWeek || start > end)
                {
                    continue;
                }

                var working = calendar.SpreadDays(engineer, start.Value, due.Value);
                var perDay = task.EstimateHours / working.Count;
                foreach (var day in working.Where(d => d >= firstWeek && d <= end))
                {
                    var week = WeekStart(day);
                    planned[week] += perDay;
                    if (!lists[week].Any(x => x.TaskId == task.Id))
                    {
                        lists[week].Add(View(task));
                    }
                }
            }

            var cells = weekStarts.Select(w => new WorkloadCell(w, Math.Round(planned[w], 1),
                Math.Round(Enumerable.Range(0, 7).Sum(i => calendar.CapacityOn(engineer, w.AddDays(i))), 1), lists[w])).ToList();
            rows.Add(new WorkloadRow(engineer.Id, engineer.Name, engineer.Title, engineer.WeeklyCapacityHours, cells));
        }

        var unassigned = tasks.Where(t => t.AssigneeEngineerId is null).Select(View).ToList();
        return new WorkloadGrid(weekStarts, rows, unassigned);
    }

    public async Task ReassignAsync(Guid taskId, Guid? engineerId, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var projectId = await db.ProjectTasks.Where(t => t.Id == taskId).Select(t => (Guid?)t.ProjectId).SingleOrDefaultAsync(cancellationToken)
            ?? throw new Domain.DomainException("The task does not exist.", "Task");
        await plans.AssignAsync(projectId, taskId, engineerId, cancellationToken);
    }
}
