using Psa.Domain.Reconciliation;
using Shouldly;

namespace Psa.Tests.Reconciliation;

/// <summary>Each reconciliation rule of docs/reconciliation.md, with the worked examples' figures.</summary>
public sealed class ReconciliationRulesTests
{
    private static readonly Guid Acme = Guid.NewGuid();
    private static readonly DateOnly Today = new(2026, 12, 2);

    private static ReconciliationInput Input(
        IReadOnlyList<ReconEntry>? entries = null, IReadOnlySet<string>? billed = null, IReadOnlyList<ReconAgreement>? agreements = null,
        IReadOnlySet<Guid>? renewals = null, IReadOnlyList<ReconInvoice>? invoices = null, IReadOnlyList<ReconXeroOnly>? xeroOnly = null,
        IReadOnlyList<ReconProject>? projects = null, bool connected = true) =>
        new(Today, new ReconciliationSettings(), [new ReconClient(Acme, "acme", "Acme")], entries ?? [], billed ?? new HashSet<string>(), agreements ?? [],
            renewals ?? new HashSet<Guid>(), projects ?? [], invoices ?? [], xeroOnly ?? [], connected);

    private static ReconEntry Entry(DateOnly date, int minutes, bool approved = true, bool settled = false) =>
        new(Guid.NewGuid(), null, Acme, date, minutes, Billable: true, approved, settled, 125m);

    private static ReconInvoice Invoice(string number, decimal total, string status = "Issued", DateOnly? due = null, ReconXero? xero = null, string period = "2026-10",
        IReadOnlyList<ReconInvoiceLine>? lines = null, bool credit = false) =>
        new(Guid.NewGuid(), number, Acme, credit, status, period, new DateOnly(2026, 10, 1), due ?? new DateOnly(2026, 10, 31), total, lines ?? [], xero);

    [Fact]
    public void UnbilledTime_InABilledPeriod_IsOneFindingPerClientAndMonth()
    {
        var findings = ReconciliationRules.Evaluate(Input(
            entries: [Entry(new(2026, 10, 14), 90), Entry(new(2026, 10, 20), 30), Entry(new(2026, 10, 21), 60, settled: true), Entry(new(2026, 11, 30), 60)],
            billed: new HashSet<string> { "2026-10" }));

        var finding = findings.ShouldHaveSingleItem();
        (finding.Code, finding.ClientCode, finding.Ref, finding.Amount).ShouldBe((FindingCodes.UnbilledTime, "acme", "2026-10", 250.00m));
    }

    [Fact]
    public void UnbilledTime_OlderThanTheSetting_IsFoundWithoutABillingRun() =>
        ReconciliationRules.Evaluate(Input(entries: [Entry(new(2026, 11, 24), 60)])).ShouldHaveSingleItem().Ref.ShouldBe("2026-11");

    [Fact]
    public void StaleUnapprovedTime_SevenDaysAfterItsWeekEnded()
    {
        var findings = ReconciliationRules.Evaluate(Input(entries: [Entry(new(2026, 11, 18), 45, approved: false), Entry(new(2026, 11, 25), 45, approved: false)]));

        var finding = findings.ShouldHaveSingleItem();
        (finding.Code, finding.Ref, finding.Amount).ShouldBe((FindingCodes.StaleUnapprovedTime, "week 2026-11-16", 93.75m));
    }

    [Fact]
    public void BilledVsContracted_ComparesRecurringLinesNetOfCreditsWithTheContractedValue()
    {
        var agreement = new ReconAgreement(Guid.NewGuid(), "ACME-MS", Acme, true, new DateOnly(2026, 1, 1), null,
            [new ReconAgreementLine(50m, [new ReconQuantity(new DateOnly(2026, 1, 1), 10m), new ReconQuantity(new DateOnly(2026, 10, 15), 12m)])]);
        var invoice = Invoice("INV-00001", 560m, lines: [new ReconInvoiceLine("recurring", "ACME-MS", 560m)]);
        var credit = Invoice("CN-00001", -60m, credit: true, lines: [new ReconInvoiceLine("recurring", "ACME-MS", -60m)]);
        var billed = new HashSet<string> { "2026-10" };

        var over = ReconciliationRules.BilledVsContracted(Input(agreements: [agreement], invoices: [invoice], billed: billed), _ => "acme").ShouldHaveSingleItem();
        (over.Ref, over.Amount).ShouldBe(("ACME-MS 2026-10", 60m));
        ReconciliationRules.BilledVsContracted(Input(agreements: [agreement], invoices: [invoice, credit], billed: billed), _ => "acme").ShouldBeEmpty();
    }

    [Fact]
    public void SyncMismatch_MissingVoidedOrDifferentInXero()
    {
        var findings = ReconciliationRules.SyncMismatch(Input(invoices:
        [
            Invoice("INV-00001", 120m, xero: null),
            Invoice("INV-00002", 120m, xero: new ReconXero(true, "VOIDED", 120m, 0m)),
            Invoice("INV-00003", 120m, xero: new ReconXero(true, "AUTHORISED", 100m, 100m)),
            Invoice("INV-00004", 120m, xero: new ReconXero(true, "AUTHORISED", 120m, 120m)),
            Invoice("CN-00001", -30m, xero: new ReconXero(true, "AUTHORISED", 30m, 30m), credit: true),
        ]), _ => "acme").ToList();

        findings.Select(f => (f.Ref, f.Amount, f.Detail)).ShouldBe(
        [
            ("INV-00001", 120m, "Missing from Xero"),
            ("INV-00002", 120m, "Voided in Xero"),
            ("INV-00003", -20m, "Total in Xero 100.00, in Psa 120.00"),
        ]);
        ReconciliationRules.SyncMismatch(Input(invoices: [Invoice("INV-00001", 120m)], connected: false), _ => "acme").ShouldBeEmpty();
    }

    [Fact]
    public void Overdue_UsesXerosAmountDueOnceSynced()
    {
        var finding = ReconciliationRules.Overdue(Input(invoices:
        [
            Invoice("INV-00005", 240m, xero: new ReconXero(true, "AUTHORISED", 240m, 140m)),
            Invoice("INV-00006", 240m, status: "Paid"),
            Invoice("INV-00007", 240m, due: new DateOnly(2026, 12, 10)),
        ]), _ => "acme").ShouldHaveSingleItem();

        (finding.Ref, finding.Amount, finding.Detail).ShouldBe(("INV-00005", 140m, "Due 31 Oct 2026, 32 days overdue"));
    }

    [Fact]
    public void RenewalWithoutQuote_AndInvoiceWithoutContract()
    {
        var ending = new ReconAgreement(Guid.NewGuid(), "ACME-MS", Acme, true, new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 15),
            [new ReconAgreementLine(50m, [new ReconQuantity(new DateOnly(2026, 1, 1), 10m)])]);
        ReconciliationRules.RenewalWithoutQuote(Input(agreements: [ending]), _ => "acme").ShouldHaveSingleItem().Amount.ShouldBe(6000m);
        ReconciliationRules.RenewalWithoutQuote(Input(agreements: [ending], renewals: new HashSet<Guid> { ending.Id }), _ => "acme").ShouldBeEmpty();

        var stray = new ReconXeroOnly("INV-0042", Acme, "AUTHORISED", new DateOnly(2025, 6, 1), 99m);
        ReconciliationRules.InvoiceWithoutContract(Input(agreements: [ending], xeroOnly: [stray]), _ => "acme").ShouldHaveSingleItem().Ref.ShouldBe("INV-0042");
        ReconciliationRules.InvoiceWithoutContract(Input(agreements: [ending], xeroOnly: [stray with { Date = new DateOnly(2026, 6, 1) }]), _ => "acme").ShouldBeEmpty();
    }

    [Fact]
    public void Finding_DismissNeedsAReason_AndAResolvedOneFoundAgainOpens()
    {
        var draft = new FindingDraft(FindingCodes.Overdue, Acme, "acme", "INV-00005", 140m, "", "/");
        var finding = ReconciliationFinding.Raise(draft, DateTimeOffset.UtcNow);
        Should.Throw<Psa.Domain.DomainException>(() => finding.Dismiss("Bea", " ", DateTimeOffset.UtcNow)).Field.ShouldBe("Reason");
        finding.Resolve("Bea", null, DateTimeOffset.UtcNow);
        finding.SeenAgain(draft with { Amount = 100m }, DateTimeOffset.UtcNow).ShouldBeTrue();
        (finding.Status, finding.Amount).ShouldBe((FindingStatus.Open, 100m));
        finding.Dismiss("Bea", "Agreed write-off", DateTimeOffset.UtcNow);
        finding.SeenAgain(draft, DateTimeOffset.UtcNow).ShouldBeFalse();
        finding.Status.ShouldBe(FindingStatus.Dismissed);
    }

    [Fact]
    public void Profitability_LabourIsFullyLoaded_AndTheUnderwaterClientComesFirst()
    {
        Profitability.LabourCost(360, 40m, 20m).ShouldBe(288m);
        var beta = Guid.NewGuid();
        var rows = Profitability.Table(
            [new ProfitRevenue(Acme, "2026-10", ServiceLines.ManagedServices, 500m), new ProfitRevenue(beta, "2026-10", ServiceLines.BreakFix, 100m)],
            [new ProfitCost(Acme, "2026-10", ServiceLines.ManagedServices, 288m), new ProfitCost(beta, "2026-10", ServiceLines.BreakFix, 180m)],
            new Dictionary<Guid, (string, string)> { [Acme] = ("acme", "Acme"), [beta] = ("beta", "Beta") });

        rows.Select(r => (r.Client, r.ServiceLine, r.Margin)).ShouldBe([("beta", ServiceLines.BreakFix, -80m), ("acme", ServiceLines.ManagedServices, 212m)]);
        rows[1].MarginPercent.ShouldBe(42.4m);
    }
}
