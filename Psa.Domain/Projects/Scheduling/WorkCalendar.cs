using Psa.Domain.Billing.Tiers;
using Psa.Domain.Engineers;

namespace Psa.Domain.Projects.Scheduling;

/// <summary>
/// Which days work can be planned on: the workspace's business week and holidays (the same ones billing
/// tiers and SLA clocks read), narrowed for an engineer to their own working days, less their time off.
/// </summary>
public sealed class WorkCalendar
{
    // Five years of days without one working day means the calendar has none; stop looking.
    private const int SearchLimit = 366 * 5;
    private readonly BusinessHours _hours;
    private readonly HashSet<DateOnly> _holidays;

    public WorkCalendar(BusinessHours hours, IEnumerable<DateOnly> holidays)
    {
        ArgumentNullException.ThrowIfNull(hours);
        _hours = hours;
        _holidays = [.. holidays];
    }

    public bool IsHoliday(DateOnly day) => _holidays.Contains(day);

    /// <summary>A working day for the engineer (their days, not off, not a holiday); without one, a workspace business day that is not a holiday.</summary>
    public bool IsWorkingDay(Engineer? engineer, DateOnly day) => WhyNotWorking(engineer, day) is null;

    /// <summary>Why the day is not a working day ("a holiday", "Tom's time off", "not a working day for Tom"), or null when it is one.</summary>
    public string? WhyNotWorking(Engineer? engineer, DateOnly day)
    {
        if (_holidays.Contains(day))
        {
            return "a holiday";
        }

        if (engineer is null)
        {
            return _hours.IsBusinessDay(day.DayOfWeek) ? null : "not a working day";
        }

        if (!engineer.WorksOn(day))
        {
            return $"not a working day for {engineer.Name}";
        }

        return engineer.IsOffOn(day) ? $"{engineer.Name}'s time off" : null;
    }

    /// <summary>Hours the engineer can work on the day: their daily hours on a working day, otherwise none.</summary>
    public decimal CapacityOn(Engineer engineer, DateOnly day) => IsWorkingDay(engineer, day) ? engineer.HoursPerDay : 0m;

    /// <summary>The first working day on or after <paramref name="day"/> (the day itself when the calendar has none).</summary>
    public DateOnly NextWorkingDay(Engineer? engineer, DateOnly day)
    {
        for (var d = day; d.DayNumber - day.DayNumber < SearchLimit; d = d.AddDays(1))
        {
            if (IsWorkingDay(engineer, d))
            {
                return d;
            }
        }

        return day;
    }

    /// <summary>The working days in <c>[from, to]</c>.</summary>
    public IReadOnlyList<DateOnly> WorkingDaysBetween(Engineer? engineer, DateOnly from, DateOnly to)
    {
        var days = new List<DateOnly>();
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            if (IsWorkingDay(engineer, d))
            {
                days.Add(d);
            }
        }

        return days;
    }

    /// <summary><paramref name="count"/> consecutive working days starting on or after <paramref name="from"/> (fewer when the calendar runs out).</summary>
    public IReadOnlyList<DateOnly> TakeWorkingDays(Engineer? engineer, DateOnly from, int count)
    {
        var days = new List<DateOnly>(count);
        for (var d = from; days.Count < count && d.DayNumber - from.DayNumber < SearchLimit; d = d.AddDays(1))
        {
            if (IsWorkingDay(engineer, d))
            {
                days.Add(d);
            }
        }

        return days;
    }

    /// <summary>
    /// The days a task's estimate is spread over, evenly: its working days between start and due; a task lying
    /// wholly on days off counts on the next working day, where the work will really happen.
    /// </summary>
    public IReadOnlyList<DateOnly> SpreadDays(Engineer? engineer, DateOnly start, DateOnly due)
    {
        var days = WorkingDaysBetween(engineer, start, due < start ? start : due);
        return days.Count > 0 ? days : [NextWorkingDay(engineer, start)];
    }
}
