using Psa.Domain.Billing.Tiers;

namespace Psa.Domain.TimeTracking;

/// <summary>An entry's minutes by rate tier.</summary>
public readonly record struct TierBreakdown(int Normal, int AfterHours, int Weekend)
{
    public int Total => Normal + AfterHours + Weekend;

    public static TierBreakdown Of(IEnumerable<TierSegment> segments)
    {
        int normal = 0, after = 0, weekend = 0;
        foreach (var s in segments)
        {
            switch (s.Tier)
            {
                case Tier.Normal: normal += s.Minutes; break;
                case Tier.AfterHours: after += s.Minutes; break;
                default: weekend += s.Minutes; break;
            }
        }

        return new(normal, after, weekend);
    }

    public static TierBreakdown operator +(TierBreakdown a, TierBreakdown b) =>
        new(a.Normal + b.Normal, a.AfterHours + b.AfterHours, a.Weekend + b.Weekend);
}

/// <summary>Weeks run Monday to Sunday (ISO 8601); a timesheet is one engineer's week.</summary>
public static class Week
{
    public static DateOnly StartOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static DateOnly StartOf(DateTime wallClock) => StartOf(DateOnly.FromDateTime(wallClock));

    /// <summary>
    /// What to say when a week is submitted or approved while it still runs (<paramref name="today"/> on or before
    /// its Sunday): time logged later that week would need it sent round again. Null once the week is over.
    /// </summary>
    public static string? NotOverYet(DateOnly weekStart, DateOnly today) =>
        today <= weekStart.AddDays(6)
            ? $"This week is not over: it runs until {weekStart.AddDays(6).ToString("ddd d MMM", System.Globalization.CultureInfo.InvariantCulture)}. Time logged after this goes through approval again."
            : null;

    /// <summary>The wall-clock span <c>[Monday 00:00, next Monday 00:00)</c>.</summary>
    public static (DateTime From, DateTime To) Span(DateOnly weekStart) =>
        (weekStart.ToDateTime(TimeOnly.MinValue), weekStart.AddDays(7).ToDateTime(TimeOnly.MinValue));
}

/// <summary>The rules a running timer obeys when it stops.</summary>
public static class TimerRules
{
    /// <summary>A timer longer than this asks the engineer to confirm before it is saved.</summary>
    public static readonly TimeSpan ConfirmAfter = TimeSpan.FromHours(10);

    /// <summary>
    /// Turns a timer's run into entries' (start, minutes), split at each wall-clock midnight so every
    /// entry lands on its own day (and week). A started minute counts (seconds round up over the
    /// whole run, as billing increments do), so no minute is lost.
    /// </summary>
    /// <param name="elapsed">Real elapsed time between the instants (a DST change does not lose or add an hour).</param>
    public static IReadOnlyList<(DateTime Start, int Minutes)> Pieces(DateTime startWall, TimeSpan elapsed)
    {
        var total = (int)Math.Ceiling(elapsed.TotalMinutes - 1e-9);
        var pieces = new List<(DateTime, int)>();
        var cursor = new DateTime(startWall.Year, startWall.Month, startWall.Day, startWall.Hour, startWall.Minute, 0, DateTimeKind.Unspecified);
        while (total > 0)
        {
            var midnight = cursor.Date.AddDays(1);
            var piece = Math.Min(total, (int)(midnight - cursor).TotalMinutes);
            pieces.Add((cursor, piece));
            total -= piece;
            cursor = cursor.AddMinutes(piece);
        }

        return pieces;
    }

    /// <summary>Past midnight or longer than <see cref="ConfirmAfter"/>: the engineer confirms first.</summary>
    public static bool NeedsConfirmation(DateTime startWall, DateTime stopWall, TimeSpan elapsed) =>
        stopWall.Date != startWall.Date || elapsed > ConfirmAfter;
}
