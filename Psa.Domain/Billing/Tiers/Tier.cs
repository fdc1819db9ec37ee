namespace Psa.Domain.Billing.Tiers;

/// <summary>The rate tier of one wall-clock minute (BILLING.md §3 step 2).</summary>
public enum Tier
{
    Normal,
    AfterHours,
    Weekend,
}

/// <summary>A run of consecutive minutes of the same tier, in time order.</summary>
public sealed record TierSegment(Tier Tier, DateTime Start, int Minutes)
{
    public DateTime End => Start.AddMinutes(Minutes);
}

/// <summary>Rate multipliers per tier.</summary>
public sealed record TierMultipliers(decimal Normal, decimal AfterHours, decimal Weekend)
{
    public static TierMultipliers Flat { get; } = new(1m, 1m, 1m);

    public decimal For(Tier tier) => tier switch
    {
        Tier.Normal => Normal,
        Tier.AfterHours => AfterHours,
        Tier.Weekend => Weekend,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, null),
    };
}
