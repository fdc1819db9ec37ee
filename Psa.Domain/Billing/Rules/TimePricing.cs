using Psa.Domain.Billing.Tiers;
using Psa.Domain.Common;

namespace Psa.Domain.Billing.Rules;

/// <summary>
/// The amount of a set of segment minutes (BILLING.md §3 step 4):
/// Σ minutes × rate × multiplier / 60, rounded once for the whole set.
/// </summary>
public static class TimePricing
{
    public static decimal Amount(IEnumerable<(Tier Tier, decimal Minutes)> minutes, PricingTerms terms)
    {
        var sum = 0m;
        foreach (var (tier, count) in minutes)
        {
            sum += Unrounded(tier, count, terms);
        }

        return Rounded(sum);
    }

    public static decimal Amount(IReadOnlyList<TierSegment> segments, PricingTerms terms)
    {
        // The same sum as the overload above, without an enumerator per entry (200,000 entries a month).
        var sum = 0m;
        for (var i = 0; i < segments.Count; i++)
        {
            sum += Unrounded(segments[i].Tier, segments[i].Minutes, terms);
        }

        return Rounded(sum);
    }

    /// <summary>minutes × rate × multiplier, before the division by 60 and the one rounding of the set.</summary>
    private static decimal Unrounded(Tier tier, decimal minutes, PricingTerms terms) => minutes * terms.HourlyRate * terms.Multipliers.For(tier);

    private static decimal Rounded(decimal sum) => MoneyMath.Round2(sum / 60m);
}

/// <summary>An eligible entry priced in full: its billable segments and the amount of all of them.</summary>
public sealed record PricedEntry(BillingTimeEntry Entry, PricingTerms Terms, IReadOnlyList<TierSegment> Segments, int BillableMinutes, decimal FullAmount)
{
    public decimal Hours => BillableMinutes / 60m;

    public static PricedEntry Price(BillingTimeEntry entry, PricingTerms terms, TierSplitter splitter)
    {
        var billable = IncrementRounding.RoundUp(entry.Minutes, terms.IncrementMinutes);
        var segments = IncrementRounding.ExtendLastSegment(splitter.Split(entry.Start, entry.Minutes), billable);
        return new PricedEntry(entry, terms, segments, billable, TimePricing.Amount(segments, terms));
    }

    /// <summary>
    /// The segment minutes left after the entry's first <paramref name="minutes"/> (time order,
    /// rounding minutes last) are taken away.
    /// </summary>
    public IReadOnlyList<(Tier Tier, decimal Minutes)> MinutesAfter(decimal minutes)
    {
        var rest = new List<(Tier, decimal)>();
        var skip = minutes;
        foreach (var segment in Segments)
        {
            var taken = Math.Min(skip, segment.Minutes);
            skip -= taken;
            var left = segment.Minutes - taken;
            if (left > 0)
            {
                rest.Add((segment.Tier, left));
            }
        }

        return rest;
    }
}
