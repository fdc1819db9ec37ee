using Microsoft.EntityFrameworkCore;
using Psa.Domain.Billing.Tiers;
using Psa.Domain.TimeTracking;
using Psa.Infrastructure.Settings;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.TimeTracking;

/// <summary>
/// The workspace's clock and tier calendar: its time zone, business hours and holidays, with the
/// shared <see cref="TierSplitter"/> (the same one billing prices with).
/// </summary>
public sealed class TimeCalendar
{
    public TimeCalendar(TimeZoneInfo zone, BusinessHours hours, IEnumerable<DateOnly> holidays)
    {
        Zone = zone;
        Hours = hours;
        Holidays = new HashSet<DateOnly>(holidays);
        Splitter = new TierSplitter(hours, Holidays);
    }

    public TimeZoneInfo Zone { get; }

    public BusinessHours Hours { get; }

    public IReadOnlySet<DateOnly> Holidays { get; }

    public TierSplitter Splitter { get; }

    public static TimeCalendar From(TenantSettings settings, IEnumerable<DateOnly> holidays) => new(
        Psa.Web.Projects.WorkspaceClock.ZoneOf(settings.TimeZone),
        new BusinessHours(ParseDays(settings.BusinessDays), settings.BusinessStart.ToTimeSpan(),
            settings.BusinessEnd == TimeOnly.MinValue ? TimeSpan.FromDays(1) : settings.BusinessEnd.ToTimeSpan()),
        holidays);

    public static async Task<TimeCalendar> LoadAsync(TenantDbContext db, CancellationToken cancellationToken = default)
    {
        var settings = await db.Settings.AsNoTracking().SingleAsync(cancellationToken);
        var holidays = await db.Holidays.AsNoTracking().Select(h => h.Date).ToListAsync(cancellationToken);
        return From(settings, holidays);
    }

    public DateTime ToWall(DateTimeOffset instant) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, Zone).DateTime, DateTimeKind.Unspecified);

    public TierBreakdown Split(DateTime start, int minutes) => TierBreakdown.Of(Splitter.Split(start, minutes));

    public TierBreakdown Split(TimeEntry entry) => Split(entry.Start, entry.Minutes);

    /// <summary>Business days in <c>[from, to]</c> (holidays excluded), for capacity.</summary>
    public int BusinessDaysIn(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            if (Hours.IsBusinessDay(d.DayOfWeek) && !Holidays.Contains(d))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>ISO day numbers (Mon=1 … Sun=7) as stored in the settings.</summary>
    public static IEnumerable<DayOfWeek> ParseDays(string isoDays) =>
        isoDays.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(int.Parse)
            .Select(n => (DayOfWeek)(n % 7));
}
