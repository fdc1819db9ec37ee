using Psa.Domain.Billing;
using Psa.Domain.Billing.Ledger;
using Psa.Domain.Common;

namespace Psa.Web.Billing;

/// <summary>The words people read for billing codes; the codes stay in files, the API and GL rules.</summary>
public static class BillingText
{
    public static string AgreementType(AgreementType type) => type switch
    {
        Psa.Domain.Billing.AgreementType.Recurring => "Recurring (per unit)",
        Psa.Domain.Billing.AgreementType.TimeAndMaterials => "Time and materials",
        Psa.Domain.Billing.AgreementType.PrepaidHours => "Prepaid hours",
        Psa.Domain.Billing.AgreementType.PrepaidAmount => "Prepaid amount",
        _ => type.ToString(),
    };

    /// <summary>An invoice line kind code (<c>block_purchase</c>) as a person reads it.</summary>
    public static string LineKind(string code) => code switch
    {
        "recurring" => "Recurring",
        "block_purchase" => "Prepaid block",
        "time" => "Time",
        "overage" => "Overage",
        "upfront" => "Upfront",
        "deposit" => "Deposit",
        "completion" => "On completion",
        "milestone" => "Milestone",
        _ => code,
    };

    public static string LineKind(LineKind kind) => LineKind(kind.ToCode());

    /// <summary>An invoice group: the time group by its meaning; other groups are names people typed.</summary>
    public static string Group(string group) => group == "time" ? "Time and materials" : group;

    /// <summary>A billing run's state (<c>completed</c>) as a word.</summary>
    public static string RunStatus(string status) => status.Length == 0 ? status : char.ToUpperInvariant(status[0]) + status[1..];

    public static string Refresh(BlockRefresh refresh) => refresh switch
    {
        BlockRefresh.Monthly => "Refreshed every month",
        _ => "Not refreshed",
    };

    public static string Overage(BlockOverage overage) => overage switch
    {
        BlockOverage.Renew => "Buy a new block",
        _ => "Bill overage as time",
    };

    public static string InvoiceStatus(InvoiceStatus status) => status switch
    {
        Psa.Domain.Billing.Ledger.InvoiceStatus.Draft => "Draft",
        Psa.Domain.Billing.Ledger.InvoiceStatus.Approved => "Approved",
        Psa.Domain.Billing.Ledger.InvoiceStatus.Issued => "Issued",
        Psa.Domain.Billing.Ledger.InvoiceStatus.Paid => "Paid",
        Psa.Domain.Billing.Ledger.InvoiceStatus.Void => "Void",
        _ => status.ToString(),
    };

    /// <summary>An agreement's title on an invoice: its name, or its type when nobody named it.</summary>
    public static string AgreementTitle(string code, string name, AgreementType type) =>
        string.Equals(name, code, StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(name) ? $"{AgreementType(type)} agreement" : name;

    /// <summary>A billing run's trigger (<c>user:Ann</c>, <c>schedule</c>) as "who started it".</summary>
    public static string Trigger(string trigger) => trigger switch
    {
        "schedule" => "Schedule",
        "api" => "API",
        "cli" => "Command line",
        _ when trigger.StartsWith("user:", StringComparison.Ordinal) => trigger["user:".Length..],
        _ => trigger,
    };

    /// <summary>
    /// The unit price a line shows, so that quantity × unit price = amount on the page. Time billed in one
    /// tier shows that tier's rate (base × multiplier); time split over tiers has no single rate, so it shows
    /// none and its detail lists each tier's own rate.
    /// </summary>
    public static decimal? UnitPrice(CustomerInvoiceLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (MoneyMath.Round2(line.Quantity * line.UnitPrice) == line.Amount)
        {
            return line.UnitPrice;
        }

        if (line.Quantity == 0)
        {
            return null;
        }

        var rate = MoneyMath.Round2(line.Amount / line.Quantity);
        return MoneyMath.Round2(line.Quantity * rate) == line.Amount ? rate : null;
    }
}
