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
    /// Walks <c>[start, start + minutes)</c> minute by minute and returns the maximal runs
    /// of equal tier in time order. Zero minutes give no segments.
    /// </summary>
    public IReadOnlyList<TierSegment> Split(DateTime start, int minutes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minutes);
        var segments = new List<TierSegment>();
        if (minutes == 0)
        {
            return segments;
        }

        var runStart = start;
        var runTier = TierAt(start);
        var runLength = 0;
        for (var i = 0; i < minutes; i++)
        {
            var minute = start.AddMinutes(i);
            var tier = TierAt(minute);
            if (tier != runTier)
            {
                segments.Add(new TierSegment(runTier, runStart, runLength));
                runStart = minute;
                runTier = tier;
                runLength = 0;
            }

            runLength++;
        }

        segments.Add(new TierSegment(runTier, runStart, runLength));
        return segments;
    }
}
