namespace Psa.Domain.Billing.Ledger;

public enum InvoiceStatus
{
    Draft = 0,
    Approved = 1,
    Issued = 2,
    Paid = 3,
    Void = 4,
}

/// <summary>
/// An invoice or credit note as stored. Draft → approved → issued (numbered, then immutable) → paid or
/// void. Only drafts change their lines; numbers are given at issue so they stay gapless.
/// </summary>
public sealed class CustomerInvoice
{
    private readonly List<CustomerInvoiceLine> _lines = [];

    private CustomerInvoice()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    /// <summary>Gapless per workspace, given at issue; null before.</summary>
    public int? Number { get; private set; }

    public InvoiceStatus Status { get; private set; }

    public bool IsCreditNote { get; private set; }

    /// <summary>The invoice a credit note credits.</summary>
    public Guid? CreditsInvoiceId { get; private set; }

    public Guid ClientId { get; private set; }

    public string Group { get; private set; } = string.Empty;

    /// <summary>Billing period <c>YYYY-MM</c>.</summary>
    public string Period { get; private set; } = string.Empty;

    public Guid? BillingRunId { get; private set; }

    public string Currency { get; private set; } = string.Empty;

    public DateOnly? IssuedOn { get; private set; }

    public DateOnly? DueOn { get; private set; }

    public int PaymentTermsDays { get; private set; } = 30;

    public decimal Subtotal { get; private set; }

    public decimal Tax { get; private set; }

    public decimal Total { get; private set; }

    public DateTimeOffset CreatedUtc { get; private set; }

    public string? VoidReason { get; private set; }

    public IReadOnlyList<CustomerInvoiceLine> Lines => _lines;

    public string DisplayNumber => FormatNumber(Number, IsCreditNote);

    public static string FormatNumber(int? number, bool isCreditNote) => number is { } n ? $"{(isCreditNote ? "CN" : "INV")}-{n:D5}" : "Draft";

    public bool IsImmutable => Status is InvoiceStatus.Issued or InvoiceStatus.Paid or InvoiceStatus.Void;

    public static CustomerInvoice Draft(Guid clientId, string group, BillingPeriod period, string currency, Guid? runId, DateTimeOffset now) => new()
    {
        ClientId = clientId,
        Group = group,
        Period = period.ToString(),
        Currency = currency,
        BillingRunId = runId,
        CreatedUtc = now,
    };

    /// <summary>A draft credit note for <paramref name="lines"/> of an issued invoice (negative amounts).</summary>
    public static CustomerInvoice CreditFor(CustomerInvoice invoice, IReadOnlyCollection<CustomerInvoiceLine> lines, DateTimeOffset now)
    {
        if (invoice.IsCreditNote || invoice.Status is not (InvoiceStatus.Issued or InvoiceStatus.Paid))
        {
            throw new DomainException("Only an issued or paid invoice can be credited.", "Invoice");
        }

        if (lines.Count == 0 || lines.Any(l => l.InvoiceId != invoice.Id))
        {
            throw new DomainException("Choose at least one line of this invoice to credit.", "Lines");
        }

        var note = new CustomerInvoice
        {
            IsCreditNote = true,
            CreditsInvoiceId = invoice.Id,
            ClientId = invoice.ClientId,
            Group = invoice.Group,
            Period = invoice.Period,
            Currency = invoice.Currency,
            CreatedUtc = now,
        };
        foreach (var line in lines)
        {
            note.AddLine(new CustomerInvoiceLine(line.Kind, line.Item, line.Description, line.Section, -line.Quantity, line.UnitPrice,
                -line.Amount, -line.TaxAmount, line.GlAccount, line.Sources, line.Detail, line.Id));
        }

        return note;
    }

    public void AddLine(CustomerInvoiceLine line)
    {
        EnsureDraft();
        line.AttachTo(Id, _lines.Count);
        _lines.Add(line);
        Subtotal = _lines.Sum(l => l.Amount);
        Tax = _lines.Sum(l => l.TaxAmount);
        Total = Subtotal + Tax;
    }

    public void Approve()
    {
        Require(InvoiceStatus.Draft, "approved");
        Status = InvoiceStatus.Approved;
    }

    /// <summary>Issues with the next number of the workspace's sequence; from now on nothing changes but payment or voiding.</summary>
    public void Issue(int number, DateOnly today, int paymentTermsDays)
    {
        Require(InvoiceStatus.Approved, "issued");
        Number = number;
        IssuedOn = today;
        PaymentTermsDays = paymentTermsDays;
        DueOn = today.AddDays(paymentTermsDays);
        Status = InvoiceStatus.Issued;
    }

    public void MarkPaid()
    {
        Require(InvoiceStatus.Issued, "paid");
        Status = InvoiceStatus.Paid;
    }

    /// <summary>Voids a draft, approved or issued document; an issued one keeps its number (no gap).</summary>
    public void Void(string reason)
    {
        if (Status is InvoiceStatus.Paid or InvoiceStatus.Void)
        {
            throw new DomainException($"A {Status.ToString().ToLowerInvariant()} invoice cannot be voided.", "Status");
        }

        VoidReason = string.IsNullOrWhiteSpace(reason) ? "Voided" : reason.Trim();
        Status = InvoiceStatus.Void;
    }

    private void EnsureDraft()
    {
        if (Status != InvoiceStatus.Draft)
        {
            throw new DomainException($"An {Status.ToString().ToLowerInvariant()} invoice cannot change.", "Status");
        }
    }

    private void Require(InvoiceStatus from, string to)
    {
        if (Status != from)
        {
            throw new DomainException($"A {Status.ToString().ToLowerInvariant()} invoice cannot be {to}.", "Status");
        }
    }
}

/// <summary>One invoice line, with the sources it bills (entry, agreement, project or milestone codes).</summary>
public sealed class CustomerInvoiceLine
{
    private CustomerInvoiceLine()
    {
    }

    public CustomerInvoiceLine(string kind, string item, string description, string section, decimal quantity, decimal unitPrice,
        decimal amount, decimal taxAmount, string glAccount, string sources, string? detail = null, Guid? creditsLineId = null)
    {
        Kind = kind;
        Item = item;
        Description = description;
        Section = section;
        Quantity = quantity;
        UnitPrice = unitPrice;
        Amount = amount;
        TaxAmount = taxAmount;
        GlAccount = glAccount;
        Sources = sources;
        Detail = detail;
        CreditsLineId = creditsLineId;
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid InvoiceId { get; private set; }

    public int Order { get; private set; }

    /// <summary>Line kind code of BILLING.md §6 (<c>time</c>, <c>recurring</c>…).</summary>
    public string Kind { get; private set; } = string.Empty;

    public string Item { get; private set; } = string.Empty;

    public string Description { get; private set; } = string.Empty;

    /// <summary>The invoice section: the agreement or project code, or <c>time</c>.</summary>
    public string Section { get; private set; } = string.Empty;

    public decimal Quantity { get; private set; }

    public decimal UnitPrice { get; private set; }

    public decimal Amount { get; private set; }

    public decimal TaxAmount { get; private set; }

    public string GlAccount { get; private set; } = string.Empty;

    /// <summary>Comma-separated source codes.</summary>
    public string Sources { get; private set; } = string.Empty;

    /// <summary>Itemised detail shown to the client (the tiers of time, the days of a prorated line).</summary>
    public string? Detail { get; private set; }

    /// <summary>On a credit note: the exact line credited.</summary>
    public Guid? CreditsLineId { get; private set; }

    public IReadOnlyList<string> SourceList => Sources.Split(',', StringSplitOptions.RemoveEmptyEntries);

    internal void AttachTo(Guid invoiceId, int order)
    {
        InvoiceId = invoiceId;
        Order = order;
    }
}

/// <summary>
/// The idempotency ledger: one row per thing billed (time entry, recurring agreement and period, block
/// purchase, milestone, project charge), unique by <see cref="Key"/>. Imported history is recorded too.
/// </summary>
public sealed class BilledSource
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string Key { get; set; }

    /// <summary>Set for time entries, so the billing query can exclude them with an index.</summary>
    public Guid? TimeEntryId { get; set; }

    public Guid? InvoiceId { get; set; }

    public Guid? InvoiceLineId { get; set; }

    public Guid? BillingRunId { get; set; }

    /// <summary><c>run</c> or <c>import</c>.</summary>
    public required string Origin { get; set; }

    /// <summary>Minutes of a billed entry (project budgets count them).</summary>
    public int Minutes { get; set; }

    /// <summary>The block agreement a covered entry was deducted from, if any.</summary>
    public Guid? BlockAgreementId { get; set; }

    /// <summary>What the entry took from that block, in its unit (minutes for hours, money for amounts).</summary>
    public decimal? BlockDeducted { get; set; }

    /// <summary>The block's balance after this entry, in the same unit.</summary>
    public decimal? BlockBalanceAfter { get; set; }

    public DateTimeOffset CreatedUtc { get; set; }

    public static string EntryKey(Guid entryId) => $"entry:{entryId:N}";

    public static string RecurringKey(Guid agreementId, BillingPeriod period) => $"recurring:{agreementId:N}:{period}";

    public static string BlockPurchaseKey(Guid agreementId, BillingPeriod period, int n) => $"block:{agreementId:N}:{period}:{n}";

    public static string MilestoneKey(Guid phaseId) => $"milestone:{phaseId:N}";

    public static string ProjectKindKey(Guid projectId, string kind) => $"project:{projectId:N}:{kind}";
}

/// <summary>A block agreement's balance after the runs of a period; the next period starts from it.</summary>
public sealed class BlockBalanceSnapshot
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid AgreementId { get; set; }

    public required string Period { get; set; }

    /// <summary>In the engine's unit: minutes for hour blocks, money for amount blocks.</summary>
    public decimal Remaining { get; set; }

    public decimal Expired { get; set; }

    public Guid? BillingRunId { get; set; }
}

public enum BillingRunStatus
{
    Running = 0,
    Completed = 1,
    Failed = 2,
}

/// <summary>A billing run for one period: what it billed and every warning it raised.</summary>
public sealed class BillingRunRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string Period { get; set; }

    /// <summary><c>schedule</c>, <c>user:&lt;name&gt;</c>, <c>api</c> or <c>cli</c>.</summary>
    public required string Trigger { get; set; }

    public DateTimeOffset StartedUtc { get; set; }

    public DateTimeOffset? CompletedUtc { get; set; }

    public BillingRunStatus Status { get; set; }

    public int InvoiceCount { get; set; }

    public decimal Total { get; set; }

    public string? Failure { get; set; }

    public List<BillingRunWarning> Warnings { get; set; } = [];
}

public sealed class BillingRunWarning
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid BillingRunId { get; set; }

    public required string Code { get; set; }

    /// <summary>Comma-separated entry or project codes.</summary>
    public required string Ids { get; set; }
}

/// <summary>The workspace's billing preferences: when the scheduled run happens, payment terms.</summary>
public sealed class BillingPreferences
{
    public int Id { get; set; } = 1;

    /// <summary>Day of the month (1–28) on which the previous month is billed.</summary>
    public int RunDayOfMonth { get; set; } = 1;

    /// <summary>Wall-clock time of day in the workspace's zone.</summary>
    public TimeOnly RunTime { get; set; } = new(6, 0);

    public bool ScheduleEnabled { get; set; } = true;

    public int PaymentTermsDays { get; set; } = 30;

    public string? SellerVatId { get; set; }

    public string? SellerAddress { get; set; }

    public string? SellerCountryCode { get; set; } = "US";

    /// <summary>Company registration number (EN 16931 BT-30), e.g. a Dutch KvK number.</summary>
    public string? SellerLegalId { get; set; }

    public string? SellerCity { get; set; }

    public string? SellerPostalCode { get; set; }

    /// <summary>Peppol participant scheme (EAS code) of the seller's electronic address.</summary>
    public string? SellerPeppolScheme { get; set; }

    public string? SellerPeppolId { get; set; }

    /// <summary>Bank details printed on invoices and sent as the UBL payment means (credit transfer).</summary>
    public string? BankAccountName { get; set; }

    public string? BankIban { get; set; }

    public string? BankBic { get; set; }

    /// <summary>A seller identifier a buyer can match (EN 16931 BR-CO-26): tax ID or registration number.</summary>
    public bool HasSellerIdentifier => !string.IsNullOrWhiteSpace(SellerVatId) || !string.IsNullOrWhiteSpace(SellerLegalId);
}
