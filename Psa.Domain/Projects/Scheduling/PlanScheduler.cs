using Psa.Domain.Engineers;

namespace Psa.Domain.Projects.Scheduling;

/// <summary>Dates the scheduler gave a task; <see cref="OverCapacity"/> when no later start within a year fitted the engineer's free hours.</summary>
public sealed record ScheduledDates(DateOnly Start, DateOnly Due, bool OverCapacity);

/// <summary>
/// Places tasks on working days of their engineer's calendar without booking any day beyond the engineer's
/// daily hours. Keeps the hours it has booked (existing work and what it placed), so a batch of tasks spreads
/// as one-at-a-time scheduling would. A task's estimate is spread evenly over its working days, as the
/// workload view counts it.
/// </summary>
public sealed class PlanScheduler
{
    private const decimal Tolerance = 0.0001m;
    private const int StartsTried = 366;
    private readonly Dictionary<Guid, Engineer> _engineers;
    private readonly Dictionary<(Guid Engineer, DateOnly Day), decimal> _booked = [];

    public PlanScheduler(WorkCalendar calendar, IEnumerable<Engineer> engineers)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        Calendar = calendar;
        _engineers = engineers.ToDictionary(e => e.Id);
    }

    public WorkCalendar Calendar { get; }

    public decimal BookedOn(Guid engineerId, DateOnly day) => _booked.GetValueOrDefault((engineerId, day));

    /// <summary>Counts work already planned for an engineer (an open task with dates).</summary>
    public void Book(Guid? engineerId, DateOnly? start, DateOnly? due, decimal hours)
    {
        if (engineerId is not { } id || !_engineers.TryGetValue(id, out var engineer) || hours <= 0 || (start ?? due) is not { } from)
        {
            return;
        }

        var days = Calendar.SpreadDays(engineer, from, due ?? from);
        foreach (var day in days)
        {
            _booked[(id, day)] = BookedOn(id, day) + hours / days.Count;
        }
    }

    /// <summary>
    /// The earliest dates on or after <paramref name="earliest"/>: at least <paramref name="workingDays"/> working
    /// days, and as many as the hours need at the engineer's daily hours, each with room for its share.
    /// The dates found are booked.
    /// </summary>
    public ScheduledDates Schedule(Guid? engineerId, decimal hours, DateOnly earliest, int workingDays)
    {
        workingDays = Math.Max(1, workingDays);
        if (engineerId is not { } id || !_engineers.TryGetValue(id, out var engineer))
        {
            var days = Calendar.TakeWorkingDays(null, Calendar.NextWorkingDay(null, earliest), workingDays);
            return days.Count == 0 ? new(earliest, earliest, false) : new(days[0], days[^1], false);
        }

        var needed = engineer.HoursPerDay > 0 && hours > 0 ? (int)Math.Ceiling(hours / engineer.HoursPerDay) : 1;
        var count = Math.Max(workingDays, needed);
        var share = hours > 0 ? hours / count : 0m;
        var first = Calendar.NextWorkingDay(engineer, earliest);
        var start = first;
        for (var tried = 0; tried < StartsTried; tried++)
        {
            var days = Calendar.TakeWorkingDays(engineer, start, count);
            if (days.Count < count)
            {
                break;
            }

            if (days.All(d => BookedOn(id, d) + share <= Calendar.CapacityOn(engineer, d) + Tolerance))
            {
                Book(id, days[0], days[^1], hours);
                return new(days[0], days[^1], false);
            }

            start = Calendar.NextWorkingDay(engineer, days[0].AddDays(1));
        }

        var fallback = Calendar.TakeWorkingDays(engineer, first, count);
        var due = fallback.Count > 0 ? fallback[^1] : first;
        Book(id, first, due, hours);
        return new(first, due, true);
    }

    /// <summary>
    /// A task proposed for <paramref name="start"/>–<paramref name="due"/>: as many working days as that span
    /// holds for its engineer (at least one), no earlier than <paramref name="earliest"/> nor its proposed start.
    /// </summary>
    public ScheduledDates ScheduleProposed(Guid? engineerId, decimal hours, DateOnly start, DateOnly due, DateOnly earliest)
    {
        var engineer = engineerId is { } id ? _engineers.GetValueOrDefault(id) : null;
        var span = Calendar.WorkingDaysBetween(engineer, start, due < start ? start : due).Count;
        return Schedule(engineerId, hours, earliest > start ? earliest : start, span);
    }

    /// <summary>
    /// Schedules a deployment's included tasks in dependency order: each no earlier than its proposed start,
    /// the day after its predecessors and the phases its phase depends on finish, for as many working days as
    /// its proposed dates span (at least one).
    /// </summary>
    public void ScheduleDraft(DeploymentDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var phaseOf = draft.Phases.SelectMany(p => p.Tasks.Where(t => t.Include).Select(t => (t.Key, Phase: p))).ToDictionary(x => x.Key, x => x.Phase);
        var due = new Dictionary<string, DateOnly>();
        var pending = draft.IncludedTasks.ToList();
        while (pending.Count > 0)
        {
            // A task waits for its predecessors and prerequisite phases; a loop (never valid) is broken in plan order.
            var next = pending.FirstOrDefault(t => Prerequisites(t, draft, phaseOf).All(due.ContainsKey)) ?? pending[0];
            pending.Remove(next);
            var earliest = next.Start ?? next.Due ?? draft.Start;
            foreach (var key in Prerequisites(next, draft, phaseOf).Where(due.ContainsKey))
            {
                if (due[key].AddDays(1) > earliest)
                {
                    earliest = due[key].AddDays(1);
                }
            }

            var engineer = next.AssigneeEngineerId is { } id ? _engineers.GetValueOrDefault(id) : null;
            var span = next.Start is { } s ? Calendar.WorkingDaysBetween(engineer, s, next.Due ?? s).Count : 1;
            var dates = Schedule(next.AssigneeEngineerId, next.EstimateMinutes / 60m, earliest, span);
            next.Start = dates.Start;
            next.Due = dates.Due;
            due[next.Key] = dates.Due;
        }
    }

    private static IEnumerable<string> Prerequisites(DraftTask task, DeploymentDraft draft, Dictionary<string, DraftPhase> phaseOf)
    {
        var phase = phaseOf[task.Key];
        var earlierPhases = draft.Phases.Where(p => phase.DependsOn.Contains(p.Key));
        return task.Predecessors.Where(phaseOf.ContainsKey)
            .Concat(earlierPhases.SelectMany(p => p.Tasks.Where(t => t.Include).Select(t => t.Key)));
    }
}
