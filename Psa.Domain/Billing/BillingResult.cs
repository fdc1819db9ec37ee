namespace Psa.Domain.Billing;

/// <summary>What a billing run for one period produces (BILLING.md §7).</summary>
public sealed record BillingResult(
    BillingPeriod Period,
    IReadOnlyList<Invoice> Invoices,
    IReadOnlyList<BlockBalance> Balances,
    IReadOnlyList<BillingWarning> Warnings)
{
    /// <summary>What each covered entry took from its block, in deduction order (not part of the §7 output).</summary>
    public IReadOnlyList<BlockDeductionEntry> Deductions { get; init; } = [];
}

/// <summary>
/// One covered entry's deduction from a block agreement: <see cref="Deducted"/> and
/// <see cref="BalanceAfter"/> in the block's unit (minutes or money); any excess billed as overage.
/// </summary>
public sealed record BlockDeductionEntry(string AgreementId, string EntryId, BalanceUnit Unit, decimal Deducted, decimal OverageAmount, decimal BalanceAfter);

/// <summary>One invoice per (client, group); totals are sums of already rounded line values.</summary>
public sealed record Invoice(string ClientId, string Group, IReadOnlyList<InvoiceLine> Lines)
{
    public decimal Subtotal => Lines.Sum(l => l.Amount);

    public decimal Tax => Lines.Sum(l => l.TaxAmount);

    public decimal Total => Subtotal + Tax;
}

/// <summary>
/// One invoice line. <see cref="Quantity"/> (hours for time, units otherwise) and
/// <see cref="UnitPrice"/> are informative; <see cref="Days"/> is set on prorated recurring lines.
/// </summary>
public sealed record InvoiceLine(
    LineKind Kind,
    string Item,
    decimal Quantity,
    decimal UnitPrice,
    decimal Amount,
    decimal TaxAmount,
    string GlAccount,
    IReadOnlyList<string> Sources,
    int? Days = null);

public enum LineKind
{
    Recurring,
    BlockPurchase,
    Time,
    Overage,
    Upfront,
    Deposit,
    Completion,
    Milestone,
}

public static class LineKindCodes
{
    public static string ToCode(this LineKind kind) => kind switch
    {
        LineKind.Recurring => "recurring",
        LineKind.BlockPurchase => "block_purchase",
        LineKind.Time => "time",
        LineKind.Overage => "overage",
        LineKind.Upfront => "upfront",
        LineKind.Deposit => "deposit",
        LineKind.Completion => "completion",
        LineKind.Milestone => "milestone",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

public enum BalanceUnit
{
    Minutes,
    Money,
}

/// <summary>A block agreement's balance after the run, and what its carryover cap cut off.</summary>
public sealed record BlockBalance(string AgreementId, BalanceUnit Unit, decimal Remaining, decimal Expired);

/// <summary>A warning and the sorted ids it concerns (entry ids; project ids for <c>over_budget</c>).</summary>
public sealed record BillingWarning(string Code, IReadOnlyList<string> Ids);

public static class WarningCodes
{
    public const string LateTime = "late_time";
    public const string UnapprovedTime = "unapproved_time";
    public const string OutsideAgreement = "outside_agreement";
    public const string OverBudget = "over_budget";
}
