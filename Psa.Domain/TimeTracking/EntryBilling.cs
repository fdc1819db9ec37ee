using Psa.Domain.Common;

namespace Psa.Domain.TimeTracking;

/// <summary>
/// What the billing ledger (<c>BilledSource</c>, the only record of billing) says about one time entry:
/// not billed, or billed, on an invoice whose number is known once it has one.
/// </summary>
public sealed record EntryBilling(bool IsBilled, string? InvoiceNumber)
{
    public static readonly EntryBilling NotBilled = new(false, null);

    public static EntryBilling On(string? invoiceNumber) => new(true, invoiceNumber);
}

/// <summary>Billed time is corrected with a credit note on its invoice, never by changing the entry.</summary>
public sealed class BilledTimeIsNotAdjusted(EntryBilling billing) : IBusinessRule
{
    public bool IsBroken() => billing.IsBilled;

    public string Message => billing.InvoiceNumber is { } number
        ? $"This entry has been billed on invoice {number}; correct it with a credit note on that invoice."
        : "This entry has been billed; correct it with a credit note on its invoice.";

    public string? Field => "Invoice";
}
