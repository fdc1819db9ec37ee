using Psa.Domain.Billing.Tiers;

namespace Psa.Domain.ServiceDesk;

/// <summary>
/// SLA time: minutes inside the workspace's business window on business days that are not holidays,
/// on the workspace's wall clock. Counting reuses the billing <see cref="TierSplitter"/> (a business
/// minute is exactly a <see cref="Tier.Normal"/> minute), so SLAs and invoices agree on what "business
/// hours" are.
/// </summary>
public sealed class BusinessClock
{
    private readonly BusinessHours _hours;
    private readonly HashSet<DateOnly> _holidays;
    private readonly TierSplitter _splitter;

    public BusinessClock(BusinessHours hours, IEnumerable<DateOnly> holidays, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(hours);
        ArgumentNullException.ThrowIfNull(zone);
        _hours = hours;
        _holidays = [.. holidays];
        _splitter = new TierSplitter(hours, _holidays);
        Zone = zone;
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>Whole business minutes in <c>[from, to)</c>; zero when <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    public int MinutesBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return 0;
        }

        var start = Wall(from);
        var minutes = (int)Math.Floor((to - from).TotalMinutes);
        var total = 0;
        foreach (var segment in _splitter.Split(start, minutes))
        {
            if (segment.Tier == Tier.Normal)
            {
                total += segment.Minutes;
            }
        }

        return total;
    }

    /// <summary>The instant when <paramref name="businessMinutes"/> business minutes have passed after <paramref name="from"/>.</summary>
    public DateTimeOffset Add(DateTimeOffset from, int businessMinutes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(businessMinutes);
        var cursor = Wall(from);
        var left = businessMinutes;
        // A year of days without a single business minute means the calendar has none at all.
        for (var guard = 0; guard < 366 * 20; guard++)
        {
            var day = DateOnly.FromDateTime(cursor);
            if (_hours.IsBusinessDay(cursor.DayOfWeek) && !_holidays.Contains(day) && _hours.End > _hours.Start)
            {
                var open = cursor.Date + _hours.Start;
                var close = cursor.Date + _hours.End;
                if (cursor < open)
                {
                    cursor = open;
                }

                if (cursor < close)
                {
                    var available = (int)Math.Floor((close - cursor).TotalMinutes);
                    if (left <= available)
                    {
                        return Instant(cursor.AddMinutes(left));
                    }

                    left -= available;
                }
            }

            cursor = cursor.Date.AddDays(1);
        }

        throw new InvalidOperationException("The workspace's calendar has no business hours.");
    }

    private DateTime Wall(DateTimeOffset instant)
    {
        var wall = TimeZoneInfo.ConvertTime(instant, Zone).DateTime;
        return new DateTime(wall.Year, wall.Month, wall.Day, wall.Hour, wall.Minute, 0, DateTimeKind.Unspecified);
    }

    /// <summary>The UTC instant of a wall-clock time in the zone (a time skipped by a clock change counts as an hour later).</summary>
    public DateTimeOffset Instant(DateTime wall)
    {
        var unspecified = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(1);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, Zone), TimeSpan.Zero);
    }
}
