using Psa.Domain.Billing.Tiers;

namespace Psa.Domain.Billing;

public enum AgreementType
{
    Recurring,
    TimeAndMaterials,
    PrepaidHours,
    PrepaidAmount,
}

/// <summary>
/// The agreement-type codes used in the scenario format and in GL rules
/// (<c>project</c> is used for project lines).
/// </summary>
public static class AgreementTypeCodes
{
    public const string Recurring = "recurring";
    public const string TimeAndMaterials = "time_and_materials";
    public const string PrepaidHours = "prepaid_hours";
    public const string PrepaidAmount = "prepaid_amount";
    public const string Project = "project";

    public static string ToCode(this AgreementType type) => type switch
    {
        AgreementType.Recurring => Recurring,
        AgreementType.TimeAndMaterials => TimeAndMaterials,
        AgreementType.PrepaidHours => PrepaidHours,
        AgreementType.PrepaidAmount => PrepaidAmount,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static bool TryParse(string? code, out AgreementType type)
    {
        (var ok, type) = code switch
        {
            Recurring => (true, AgreementType.Recurring),
            TimeAndMaterials => (true, AgreementType.TimeAndMaterials),
            PrepaidHours => (true, AgreementType.PrepaidHours),
            PrepaidAmount => (true, AgreementType.PrepaidAmount),
            _ => (false, default),
        };
        return ok;
    }
}

/// <summary>Fields common to every agreement type (BILLING.md §4).</summary>
public abstract record Agreement(AgreementTerms Terms)
{
    public abstract AgreementType Type { get; }

    public string Id => Terms.Id;

    public string ClientId => Terms.ClientId;

    public DateOnly Start => Terms.Start;

    /// <summary>Last active day, inclusive; null means open-ended.</summary>
    public DateOnly? End => Terms.End;

    public string? InvoiceGroup => Terms.InvoiceGroup;

    public string? ParentId => Terms.ParentId;

    /// <summary>Work types the agreement lists as covered; what a missing list means is <see cref="Rules.WorkTypeCoverage"/>.</summary>
    public IReadOnlySet<string>? CoveredWorkTypes => Terms.CoveredWorkTypes;

    /// <summary>Whether block purchases are taxable.</summary>
    public bool Taxable => Terms.Taxable;

    public decimal? HourlyRate => Terms.HourlyRate;

    public TierMultipliers? TierMultipliers => Terms.TierMultipliers;

    public int? TimeIncrementMinutes => Terms.TimeIncrementMinutes;

    public bool IsActiveOn(DateOnly date) => date >= Start && (End is null || date <= End.Value);

    public bool IsActiveIn(BillingPeriod period) => Start <= period.LastDay && (End is null || End.Value >= period.FirstDay);

    public bool Covers(string workTypeId) => Rules.WorkTypeCoverage.Covers(this, workTypeId);
}

/// <summary>The common agreement fields, as read from input.</summary>
public sealed record AgreementTerms(
    string Id,
    string ClientId,
    DateOnly Start,
    DateOnly? End,
    string? InvoiceGroup = null,
    string? ParentId = null,
    IReadOnlySet<string>? CoveredWorkTypes = null,
    bool Taxable = false,
    decimal? HourlyRate = null,
    TierMultipliers? TierMultipliers = null,
    int? TimeIncrementMinutes = null,
    bool CoversEveryWorkType = false);

/// <summary>A quantity that holds from <see cref="From"/> until the next entry of the schedule.</summary>
public sealed record QuantityChange(DateOnly From, decimal Quantity);

public sealed record RecurringLine(string ProductId, decimal UnitPrice, IReadOnlyList<QuantityChange> Quantities)
{
    /// <summary>The quantity on <paramref name="day"/>; 0 before the schedule starts.</summary>
    public decimal QuantityOn(DateOnly day)
    {
        var quantity = 0m;
        var latest = DateOnly.MinValue;
        foreach (var change in Quantities)
        {
            if (change.From <= day && change.From >= latest)
            {
                latest = change.From;
                quantity = change.Quantity;
            }
        }

        return quantity;
    }
}

public sealed record RecurringAgreement(AgreementTerms Terms, IReadOnlyList<RecurringLine> Lines) : Agreement(Terms)
{
    public override AgreementType Type => AgreementType.Recurring;
}

public sealed record TimeAndMaterialsAgreement(AgreementTerms Terms) : Agreement(Terms)
{
    public override AgreementType Type => AgreementType.TimeAndMaterials;
}

public enum BlockRefresh
{
    None,
    Monthly,
}

public enum BlockOverage
{
    Bill,
    Renew,
}

/// <summary>
/// A block's terms in its own unit: hours for <see cref="PrepaidHoursAgreement"/>,
/// money for <see cref="PrepaidAmountAgreement"/>. <see cref="CarryoverMax"/> null means no cap.
/// </summary>
public sealed record BlockTerms(
    decimal BlockSize,
    decimal BlockPrice,
    decimal OpeningBalance,
    BlockRefresh Refresh,
    decimal? CarryoverMax,
    BlockOverage Overage);

/// <summary>A prepaid block of hours or money (BILLING.md §4).</summary>
public abstract record BlockAgreement(AgreementTerms Terms, BlockTerms Block) : Agreement(Terms);

/// <summary>An hour-based block: balances are kept in minutes, whatever the tier.</summary>
public sealed record PrepaidHoursAgreement(AgreementTerms Terms, BlockTerms Block) : BlockAgreement(Terms, Block)
{
    public override AgreementType Type => AgreementType.PrepaidHours;
}

/// <summary>An amount-based block: balances are money, deducted at each entry's full amount.</summary>
public sealed record PrepaidAmountAgreement(AgreementTerms Terms, BlockTerms Block) : BlockAgreement(Terms, Block)
{
    public override AgreementType Type => AgreementType.PrepaidAmount;
}
