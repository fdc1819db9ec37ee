namespace Psa.Domain.Billing.Tiers;

/// <summary>
/// Splits a span of wall-clock time into tier segments (BILLING.md §3 step 2): a minute is
/// <see cref="Tier.Weekend"/> on a holiday or a day outside the business week, else
/// <see cref="Tier.Normal"/> inside the business window, else <see cref="Tier.AfterHours"/>.
/// Times are naive wall-clock times; no time-zone arithmetic is applied.
/// </summary>
public sealed class TierSplitter
{
    private readonly BusinessHours _hours;
    private readonly HashSet<DateOnly> _holidays;

    public TierSplitter(BusinessHours hours, IEnumerable<DateOnly> holidays)
    {
        ArgumentNullException.ThrowIfNull(hours);
        ArgumentNullException.ThrowIfNull(holidays);
        _hours = hours;
        _holidays = [.. holidays];
    }

    /// <summary>The tier of the minute that begins at <paramref name="minute"/>.</summary>
    public Tier TierAt(DateTime minute)
    {
        var date = DateOnly.FromDateTime(minute);
        if (_holidays.Contains(date) || !_hours.IsBusinessDay(minute.DayOfWeek))
        {
            return Tier.Weekend;
        }

        return _hours.IsWithinWindow(minute.TimeOfDay) ? Tier.Normal : Tier.AfterHours;
    }

    /// <summary>
    /// The maximal runs of equal tier of <c>[start, start + minutes)</c>, minute by minute, in time
    /// order. Zero minutes give no segments. A minute's tier can only change at midnight or at the
    /// window's start or end, so the walk jumps from one such boundary to the next (same result as
    /// testing every minute, without 60 tests per hour of a large month's time).
    /// </summary>
    public IReadOnlyList<TierSegment> Split(DateTime start, int minutes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minutes);
        var segments = new List<TierSegment>(2);
        var i = 0;
        while (i < minutes)
        {
            var at = start.AddMinutes(i);
            var tier = TierAt(at);
            var boundary = NextBoundary(at);
            var next = (int)Math.Min(minutes, ((boundary - start).Ticks + TimeSpan.TicksPerMinute - 1) / TimeSpan.TicksPerMinute);
            if (next <= i)
            {
                next = i + 1;
            }

            if (segments.Count > 0 && segments[^1].Tier == tier)
            {
                segments[^1] = segments[^1] with { Minutes = segments[^1].Minutes + (next - i) };
            }
            else
            {
                segments.Add(new TierSegment(tier, at, next - i));
            }

            i = next;
        }

        return segments;
    }

    /// <summary>The first instant after <paramref name="at"/> where the tier may change.</summary>
    private DateTime NextBoundary(DateTime at)
    {
        var day = at.Date;
        var next = day.AddDays(1);
        var start = day + _hours.Start;
        if (start > at && start < next)
        {
            next = start;
        }

        var end = day + _hours.End;
        if (end > at && end < next)
        {
            next = end;
        }

        return next;
    }
}
