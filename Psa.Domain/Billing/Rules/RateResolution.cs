using Psa.Domain.Billing.Tiers;

namespace Psa.Domain.Billing.Rules;

/// <summary>The hourly rate, tier multipliers and increment that price one entry.</summary>
public sealed record PricingTerms(decimal HourlyRate, TierMultipliers Multipliers, int IncrementMinutes);

/// <summary>
/// Rate resolution (BILLING.md §3 step 3): agreement rate, else client rate, else the tenant's
/// default; agreement multipliers, else the tenant's. Client-level and project time has no agreement.
/// </summary>
public static class RateResolution
{
    public static PricingTerms For(Agreement? agreement, BillingClient client, TenantSettings tenant) => new(
        agreement?.HourlyRate ?? client.HourlyRate ?? tenant.DefaultHourlyRate,
        agreement?.TierMultipliers ?? tenant.TierMultipliers,
        IncrementRounding.IncrementFor(agreement, tenant));

    public static PricingTerms ForClient(BillingClient client, TenantSettings tenant) => For(null, client, tenant);
}
