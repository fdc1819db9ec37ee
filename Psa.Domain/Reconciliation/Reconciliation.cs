using Psa.Domain.Common;

namespace Psa.Domain.Reconciliation;

/// <summary>The finding codes of docs/reconciliation.md; the CLI and API print exactly these.</summary>
public static class FindingCodes
{
    public const string UnbilledTime = "unbilled_time";
    public const string StaleUnapprovedTime = "stale_unapproved_time";
    public const string InvoiceWithoutContract = "invoice_without_contract";
    public const string RenewalWithoutQuote = "renewal_without_quote";
    public const string BilledVsContracted = "billed_vs_contracted";
    public const string SyncMismatch = "sync_mismatch";
    public const string Overdue = "overdue";

    public static readonly IReadOnlyList<string> All =
        [UnbilledTime, StaleUnapprovedTime, InvoiceWithoutContract, RenewalWithoutQuote, BilledVsContracted, SyncMismatch, Overdue];
}

public enum FindingStatus
{
    Open = 0,
    Resolved = 1,
    Dismissed = 2,
}

/// <summary>
/// Something the books and the work disagree about. Found by the nightly (or on-demand) reconciliation,
/// unique by its <see cref="Key"/>; a person resolves it or dismisses it with a reason. Nothing is
/// corrected automatically.
/// </summary>
public sealed class ReconciliationFinding
{
    private ReconciliationFinding()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    /// <summary><c>code|client|ref</c>: the same problem found again is the same finding.</summary>
    public string Key { get; private set; } = string.Empty;

    public string Code { get; private set; } = string.Empty;

    public Guid? ClientId { get; private set; }

    public string ClientCode { get; private set; } = string.Empty;

    public string Ref { get; private set; } = string.Empty;

    public decimal Amount { get; private set; }

    public string Detail { get; private set; } = string.Empty;

    /// <summary>Where it is fixed (a page of Psa).</summary>
    public string Link { get; private set; } = string.Empty;

    public DateTimeOffset FirstSeenUtc { get; private set; }

    public DateTimeOffset LastSeenUtc { get; private set; }

    public FindingStatus Status { get; private set; }

    public string? Reason { get; private set; }

    public string? DecidedBy { get; private set; }

    public DateTimeOffset? DecidedUtc { get; private set; }

    public static string KeyOf(string code, string clientCode, string reference) => $"{code}|{clientCode}|{reference}";

    public static ReconciliationFinding Raise(FindingDraft draft, DateTimeOffset now) => new()
    {
        Key = KeyOf(draft.Code, draft.ClientCode, draft.Ref),
        Code = draft.Code,
        ClientId = draft.ClientId,
        ClientCode = draft.ClientCode,
        Ref = draft.Ref,
        Amount = draft.Amount,
        Detail = draft.Detail,
        Link = draft.Link,
        FirstSeenUtc = now,
        LastSeenUtc = now,
    };

    /// <summary>Found again: the amount and detail follow the data; a finding a person resolved opens again.</summary>
    public bool SeenAgain(FindingDraft draft, DateTimeOffset now)
    {
        Amount = draft.Amount;
        Detail = draft.Detail;
        Link = draft.Link;
        LastSeenUtc = now;
        if (Status == FindingStatus.Resolved)
        {
            Status = FindingStatus.Open;
            Reason = null;
            DecidedBy = null;
            DecidedUtc = null;
            return true;
        }

        return false;
    }

    /// <summary>No longer found: the data was put right, so the finding is resolved by reconciliation.</summary>
    public void Cleared(DateTimeOffset now)
    {
        if (Status == FindingStatus.Open)
        {
            Status = FindingStatus.Resolved;
            Reason = "No longer found";
            DecidedBy = "reconciliation";
            DecidedUtc = now;
        }
    }

    public void Resolve(string by, string? note, DateTimeOffset now) => Decide(FindingStatus.Resolved, by, note, now);

    public void Dismiss(string by, string reason, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("Say why the finding is dismissed.", "Reason");
        }

        Decide(FindingStatus.Dismissed, by, reason, now);
    }

    private void Decide(FindingStatus status, string by, string? reason, DateTimeOffset now)
    {
        if (Status != FindingStatus.Open)
        {
            throw new DomainException($"This finding is already {Status.ToString().ToLowerInvariant()}.", "Status");
        }

        Status = status;
        Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        DecidedBy = by;
        DecidedUtc = now;
    }
}

/// <summary>A finding as the rules produce it, before it is stored.</summary>
public sealed record FindingDraft(string Code, Guid? ClientId, string ClientCode, string Ref, decimal Amount, string Detail, string Link);

/// <summary>The workspace's reconciliation (and profitability) settings.</summary>
public sealed class ReconciliationSettings
{
    public int Id { get; set; } = 1;

    /// <summary>Approved billable time older than this is unbilled even when no run has billed its period.</summary>
    public int UnbilledAfterDays { get; set; } = 7;

    /// <summary>Billable time still unapproved this many days after its week ended.</summary>
    public int StaleAfterDays { get; set; } = 7;

    /// <summary>Agreements ending within this many days need a renewal quote.</summary>
    public int RenewalWindowDays { get; set; } = 60;

    /// <summary>Overhead on labour cost, in percent (fully loaded cost = cost rate × (1 + overhead)).</summary>
    public decimal OverheadPercent { get; set; } = 20m;

    /// <summary>The share of capacity the owner expects to be billable, in percent (the dashboard's utilisation target).</summary>
    public decimal UtilisationTargetPercent { get; set; } = 75m;

    /// <summary>The workspace-local day of the last nightly run.</summary>
    public DateOnly? LastNightlyRunOn { get; set; }
}

public sealed record ReconEntry(Guid Id, string? Code, Guid ClientId, DateOnly Date, int Minutes, bool Billable, bool Approved, bool Settled, decimal HourlyRate);

public sealed record ReconClient(Guid Id, string Code, string Name);

public sealed record ReconAgreement(Guid Id, string Code, Guid ClientId, bool Recurring, DateOnly Start, DateOnly? End, IReadOnlyList<ReconAgreementLine> Lines)
{
    /// <summary>The contracted recurring value of a month (BILLING.md §4): each line's unit price × the quantity in force on <paramref name="day"/>.</summary>
    public decimal MonthlyValueOn(DateOnly day) => MoneyMath.Round2(Lines.Sum(l => l.UnitPrice * (l.Quantities.Where(q => q.From <= day).OrderBy(q => q.From).LastOrDefault()?.Quantity ?? 0m)));
}

public sealed record ReconAgreementLine(decimal UnitPrice, IReadOnlyList<ReconQuantity> Quantities);

public sealed record ReconQuantity(DateOnly From, decimal Quantity);

public sealed record ReconProject(Guid ClientId, DateOnly? Start, DateOnly? End, bool Active);

/// <summary>A Psa invoice or credit note (issued, paid or void) with what Xero says about it, when it was pushed.</summary>
public sealed record ReconInvoice(Guid Id, string Number, Guid ClientId, bool IsCreditNote, string Status, string Period, DateOnly? IssuedOn, DateOnly? DueOn, decimal Total,
    IReadOnlyList<ReconInvoiceLine> Lines, ReconXero? Xero);

public sealed record ReconInvoiceLine(string Kind, string Section, decimal Amount);

public sealed record ReconXero(bool InXero, string? Status, decimal Total, decimal AmountDue);

/// <summary>An invoice created in Xero for a linked client (Psa did not issue it).</summary>
public sealed record ReconXeroOnly(string Number, Guid ClientId, string? Status, DateOnly? Date, decimal Total);

public sealed record ReconciliationInput(
    DateOnly AsOf,
    ReconciliationSettings Settings,
    IReadOnlyList<ReconClient> Clients,
    IReadOnlyList<ReconEntry> Entries,
    IReadOnlySet<string> BilledPeriods,
    IReadOnlyList<ReconAgreement> Agreements,
    IReadOnlySet<Guid> AgreementsWithRenewalQuote,
    IReadOnlyList<ReconProject> Projects,
    IReadOnlyList<ReconInvoice> Invoices,
    IReadOnlyList<ReconXeroOnly> XeroOnly,
    bool XeroConnected);

/// <summary>Money at risk today: time not yet on an invoice and invoices not yet paid.</summary>
public sealed record MoneyAtRisk(decimal UnbilledTime, decimal UnapprovedTime, decimal UnapprovedHours, decimal StaleUnapprovedTime, int OverdueInvoices, decimal Overdue);

/// <summary>The reconciliation rules of docs/reconciliation.md: one method per finding code, pure over the input.</summary>
public static class ReconciliationRules
{
    public static IReadOnlyList<FindingDraft> Evaluate(ReconciliationInput input)
    {
        var clients = input.Clients.ToDictionary(c => c.Id);
        string CodeOf(Guid id) => clients.TryGetValue(id, out var c) ? c.Code : "?";
        var findings = new List<FindingDraft>();
        findings.AddRange(UnbilledTime(input, CodeOf));
        findings.AddRange(StaleUnapprovedTime(input, CodeOf));
        findings.AddRange(InvoiceWithoutContract(input, CodeOf));
        findings.AddRange(RenewalWithoutQuote(input, CodeOf));
        findings.AddRange(BilledVsContracted(input, CodeOf));
        findings.AddRange(SyncMismatch(input, CodeOf));
        findings.AddRange(Overdue(input, CodeOf));
        return findings.OrderBy(f => FindingCodes.All.ToList().IndexOf(f.Code)).ThenBy(f => f.ClientCode, StringComparer.Ordinal).ThenBy(f => f.Ref, StringComparer.Ordinal).ToList();
    }

    /// <summary>Approved billable time not settled by any run, in a period a run has billed or older than the setting; one finding per client and month.</summary>
    public static IEnumerable<FindingDraft> UnbilledTime(ReconciliationInput input, Func<Guid, string> codeOf)
    {
        var cutoff = input.AsOf.AddDays(-input.Settings.UnbilledAfterDays);
        return input.Entries
            .Where(e => e.Billable && e.Approved && !e.Settled && e.Date <= input.AsOf && (input.BilledPeriods.Contains(Period(e.Date)) || e.Date < cutoff))
            .GroupBy(e => (e.ClientId, Period: Period(e.Date)))
            .Select(g => new FindingDraft(FindingCodes.UnbilledTime, g.Key.ClientId, codeOf(g.Key.ClientId), g.Key.Period, Value(g),
                $"{g.Count()} approved billable entr{(g.Count() == 1 ? "y" : "ies")} ({Hours(g)} h) on no issued invoice", $"/billing?period={g.Key.Period}"));
    }

    /// <summary>Billable time still unapproved more than the setting's days after its week (Monday to Sunday) ended; per client and week.</summary>
    public static IEnumerable<FindingDraft> StaleUnapprovedTime(ReconciliationInput input, Func<Guid, string> codeOf) =>
        input.Entries
            .Where(e => e.Billable && !e.Approved && !e.Settled && WeekStart(e.Date).AddDays(7 + input.Settings.StaleAfterDays) <= input.AsOf)
            .GroupBy(e => (e.ClientId, Week: WeekStart(e.Date)))
            .Select(g => new FindingDraft(FindingCodes.StaleUnapprovedTime, g.Key.ClientId, codeOf(g.Key.ClientId), $"week {g.Key.Week:yyyy-MM-dd}", Value(g),
                $"{g.Count()} billable entr{(g.Count() == 1 ? "y" : "ies")} ({Hours(g)} h) not approved", "/timesheets"));

    /// <summary>A Xero invoice for a linked client that Psa did not issue and no agreement or project active on its date explains.</summary>
    public static IEnumerable<FindingDraft> InvoiceWithoutContract(ReconciliationInput input, Func<Guid, string> codeOf) =>
        input.XeroOnly
            .Where(x => x.Status is "AUTHORISED" or "PAID" or "SUBMITTED")
            .Where(x => !input.Agreements.Any(a => a.ClientId == x.ClientId && ActiveOn(a.Start, a.End, x.Date ?? input.AsOf))
                        && !input.Projects.Any(p => p.ClientId == x.ClientId && (p.Active || ActiveOn(p.Start ?? DateOnly.MinValue, p.End, x.Date ?? input.AsOf))))
            .Select(x => new FindingDraft(FindingCodes.InvoiceWithoutContract, x.ClientId, codeOf(x.ClientId), x.Number, MoneyMath.Round2(x.Total),
                "Invoice raised in Xero with no agreement or project behind it", "/billing/agreements"));

    /// <summary>An agreement ending within the renewal window with no quote naming it as the agreement it renews.</summary>
    public static IEnumerable<FindingDraft> RenewalWithoutQuote(ReconciliationInput input, Func<Guid, string> codeOf) =>
        input.Agreements
            .Where(a => a.End is { } end && end >= input.AsOf && end <= input.AsOf.AddDays(input.Settings.RenewalWindowDays) && !input.AgreementsWithRenewalQuote.Contains(a.Id))
            .Select(a => new FindingDraft(FindingCodes.RenewalWithoutQuote, a.ClientId, codeOf(a.ClientId), a.Code, MoneyMath.Round2(a.MonthlyValueOn(input.AsOf) * 12),
                $"Ends {Day(a.End!.Value)} with no renewal quote (annual value at today's rate)", "/quotes"));

    /// <summary>
    /// Per recurring agreement and billed period in which it ran the whole month: what its issued
    /// recurring lines (net of credit notes) came to against the contracted monthly value.
    /// </summary>
    public static IEnumerable<FindingDraft> BilledVsContracted(ReconciliationInput input, Func<Guid, string> codeOf)
    {
        foreach (var agreement in input.Agreements.Where(a => a.Recurring))
        {
            foreach (var period in input.BilledPeriods.Order(StringComparer.Ordinal))
            {
                var first = DateOnly.ParseExact(period + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                var last = first.AddMonths(1).AddDays(-1);
                if (agreement.Start > first || (agreement.End is { } end && end < last) || last > input.AsOf)
                {
                    continue;
                }

                var billed = input.Invoices.Where(i => i.ClientId == agreement.ClientId && i.Period == period && i.Status is "Issued" or "Paid")
                    .SelectMany(i => i.Lines).Where(l => l.Kind == "recurring" && l.Section == agreement.Code).Sum(l => l.Amount);
                var contracted = agreement.MonthlyValueOn(first);
                var difference = MoneyMath.Round2(billed - contracted);
                if (difference != 0)
                {
                    yield return new FindingDraft(FindingCodes.BilledVsContracted, agreement.ClientId, codeOf(agreement.ClientId), $"{agreement.Code} {period}", difference,
                        $"Billed {MoneyMath.Round2(billed):0.00} against {contracted:0.00} contracted", "/billing/agreements");
                }
            }
        }
    }

    /// <summary>An issued Psa document missing from Xero (a day after issue), with another total there, or voided there.</summary>
    public static IEnumerable<FindingDraft> SyncMismatch(ReconciliationInput input, Func<Guid, string> codeOf)
    {
        if (!input.XeroConnected)
        {
            yield break;
        }

        foreach (var invoice in input.Invoices.Where(i => i.Status is "Issued" or "Paid"))
        {
            var ours = Math.Abs(invoice.Total);
            string? problem = invoice.Xero switch
            {
                null or { InXero: false } when invoice.IssuedOn is { } issued && issued.AddDays(1) <= input.AsOf => "Missing from Xero",
                { InXero: true, Status: "VOIDED" or "DELETED" } x => $"{(x.Status == "VOIDED" ? "Voided" : "Deleted")} in Xero",
                { InXero: true } x when x.Total != ours => $"Total in Xero {x.Total:0.00}, in Psa {ours:0.00}",
                _ => null,
            };
            if (problem is not null)
            {
                var amount = invoice.Xero is { InXero: true, Status: not ("VOIDED" or "DELETED") } x && x.Total != ours ? x.Total - ours : ours;
                yield return new FindingDraft(FindingCodes.SyncMismatch, invoice.ClientId, codeOf(invoice.ClientId), invoice.Number, MoneyMath.Round2(amount), problem,
                    $"/billing/invoices/{invoice.Id}");
            }
        }
    }

    /// <summary>Issued invoices past their due date with an amount still due (Xero's amount due once synced).</summary>
    public static IEnumerable<FindingDraft> Overdue(ReconciliationInput input, Func<Guid, string> codeOf) =>
        input.Invoices
            .Where(i => !i.IsCreditNote && i.Status == "Issued" && i.DueOn is { } due && due < input.AsOf)
            .Select(i => (Invoice: i, Due: i.Xero is { InXero: true } x ? (x.Status is "VOIDED" or "DELETED" ? 0 : x.AmountDue) : i.Total))
            .Where(p => p.Due > 0)
            .Select(p => new FindingDraft(FindingCodes.Overdue, p.Invoice.ClientId, codeOf(p.Invoice.ClientId), p.Invoice.Number, MoneyMath.Round2(p.Due),
                $"Due {Day(p.Invoice.DueOn!.Value)}, {input.AsOf.DayNumber - p.Invoice.DueOn!.Value.DayNumber} days overdue", $"/billing/invoices/{p.Invoice.Id}"));

    /// <summary>
    /// The owner's money figures from the same rules as the findings: unbilled time (the
    /// <c>unbilled_time</c> rule), every unapproved billable entry not yet settled (of which the stale
    /// part is <c>stale_unapproved_time</c>), and the <c>overdue</c> invoices.
    /// </summary>
    public static MoneyAtRisk AtRisk(ReconciliationInput input)
    {
        static string NoCode(Guid _) => string.Empty;
        var unbilled = UnbilledTime(input, NoCode).ToList();
        var stale = StaleUnapprovedTime(input, NoCode).ToList();
        var overdue = Overdue(input, NoCode).ToList();
        var unapproved = input.Entries.Where(e => e.Billable && !e.Approved && !e.Settled && e.Date <= input.AsOf).ToList();
        return new MoneyAtRisk(unbilled.Sum(f => f.Amount), Value(unapproved), unapproved.Sum(e => e.Minutes) / 60m, stale.Sum(f => f.Amount),
            overdue.Count, overdue.Sum(f => f.Amount));
    }

    public static string Period(DateOnly date) => $"{date.Year:D4}-{date.Month:D2}";

    public static DateOnly WeekStart(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    private static bool ActiveOn(DateOnly start, DateOnly? end, DateOnly day) => start <= day && (end is null || end >= day);

    private static decimal Value(IEnumerable<ReconEntry> entries) => MoneyMath.Round2(entries.Sum(e => e.Minutes / 60m * e.HourlyRate));

    /// <summary>A date as every page shows one: "31 Oct 2026".</summary>
    private static string Day(DateOnly day) => day.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    private static string Hours(IEnumerable<ReconEntry> entries) => (entries.Sum(e => e.Minutes) / 60m).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
