using Psa.Domain.Billing.Tiers;

namespace Psa.Domain.Billing.Rules;

/// <summary>
/// Billable minutes are the entry's minutes rounded up to the increment (BILLING.md §3 step 1);
/// the added minutes belong to the entry's last tier segment.
/// </summary>
public static class IncrementRounding
{
    /// <summary>The agreement's increment, else the tenant's, else 1 (no rounding).</summary>
    public static int IncrementFor(Agreement? agreement, TenantSettings tenant) =>
        agreement?.TimeIncrementMinutes ?? tenant.TimeIncrementMinutes ?? 1;

    public static int RoundUp(int minutes, int increment)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minutes);
        if (increment <= 1)
        {
            return minutes;
        }

        var remainder = minutes % increment;
        return remainder == 0 ? minutes : minutes + (increment - remainder);
    }

    /// <summary>Adds the rounding minutes to the last segment.</summary>
    public static IReadOnlyList<TierSegment> ExtendLastSegment(IReadOnlyList<TierSegment> segments, int billableMinutes)
    {
        var clockMinutes = 0;
        for (var i = 0; i < segments.Count; i++)
        {
            clockMinutes += segments[i].Minutes;
        }

        var added = billableMinutes - clockMinutes;
        if (added < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(billableMinutes), billableMinutes, "Billable minutes cannot be fewer than the segments' minutes.");
        }

        if (added == 0 || segments.Count == 0)
        {
            return segments;
        }

        var extended = segments.ToList();
        extended[^1] = extended[^1] with { Minutes = extended[^1].Minutes + added };
        return extended;
    }
}
