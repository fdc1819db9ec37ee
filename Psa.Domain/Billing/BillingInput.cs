using Psa.Domain.Billing.Tiers;

namespace Psa.Domain.Billing;

/// <summary>Everything a billing run for one period needs (the input half of <c>psa-scenario/1</c>).</summary>
public sealed record BillingInput(
    TenantSettings Tenant,
    IReadOnlyList<WorkType> WorkTypes,
    IReadOnlyList<Product> Products,
    IReadOnlyList<BillingClient> Clients,
    IReadOnlyList<BillingEngineer> Engineers,
    IReadOnlyList<Agreement> Agreements,
    IReadOnlyList<GlRule> GlRules,
    IReadOnlyList<BillingTimeEntry> TimeEntries,
    IReadOnlyList<BillingProject> Projects,
    BillingPeriod Period);

/// <summary>Tenant-wide billing settings.</summary>
public sealed record TenantSettings(
    string Currency,
    string TimeZone,
    BusinessHours BusinessHours,
    IReadOnlyList<DateOnly> Holidays,
    TierMultipliers TierMultipliers,
    decimal DefaultHourlyRate,
    int? TimeIncrementMinutes,
    string GlDefault);

public sealed record WorkType(string Id, bool Taxable);

public sealed record Product(string Id, string? Name, bool Taxable);

public sealed record BillingClient(string Id, string Name, decimal TaxRate, decimal? HourlyRate);

public sealed record BillingEngineer(string Id, string Name, decimal CostRate);

/// <summary>
/// A GL mapping rule. The named key fields (<see cref="ClientId"/>, <see cref="AgreementType"/>,
/// <see cref="Item"/>) are those that are not null; see <c>GlAccountResolver</c>.
/// </summary>
public sealed record GlRule(string? ClientId, string? AgreementType, string? Item, string Account);

/// <summary>One time entry. Times are naive wall-clock times in the tenant's zone.</summary>
public sealed record BillingTimeEntry(
    string Id,
    string ClientId,
    string? EngineerId,
    string WorkTypeId,
    DateTime Start,
    int Minutes,
    bool Billable,
    bool Approved,
    bool Invoiced,
    string? AgreementId,
    string? ProjectId)
{
    public DateOnly Date => DateOnly.FromDateTime(Start);
}
