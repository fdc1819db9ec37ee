namespace Psa.Domain.Billing.Tiers;

/// <summary>
/// The tenant's business week: the weekdays worked and the daily window
/// <c>[Start, End)</c> as times of day (<c>End</c> may be 24:00).
/// </summary>
public sealed record BusinessHours
{
    public BusinessHours(IEnumerable<DayOfWeek> days, TimeSpan start, TimeSpan end)
    {
        ArgumentNullException.ThrowIfNull(days);
        if (start < TimeSpan.Zero || start > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, "Start must be a time of day.");
        }

        if (end < TimeSpan.Zero || end > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, "End must be a time of day (24:00 allowed).");
        }

        Days = new HashSet<DayOfWeek>(days);
        Start = start;
        End = end;
    }

    public IReadOnlySet<DayOfWeek> Days { get; }

    public TimeSpan Start { get; }

    public TimeSpan End { get; }

    public bool IsBusinessDay(DayOfWeek day) => Days.Contains(day);

    public bool IsWithinWindow(TimeSpan timeOfDay) => timeOfDay >= Start && timeOfDay < End;
}
