using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Ledger;
using Psa.Domain.Tenancy;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Web.Billing;
using Shouldly;

namespace Psa.Tests.Billing;

/// <summary>Billing runs over a real workspace database: idempotency, crash and re-run, the invoice lifecycle and credits.</summary>
public sealed class BillingRunTests(PsaAppFactory app) : IClassFixture<PsaAppFactory>
{
    private readonly PsaAppFactory _app = app;
    private readonly string _acme = app.NewSlug("acme");

    [Fact]
    public async Task RunTwice_BillsEverySourceOnce()
    {
        await using var scope = await WorkspaceWithAsync("s03-recurring-proration-consolidation.json");
        var runs = scope.ServiceProvider.GetRequiredService<BillingRunService>();
        var period = await PeriodAsync();

        var first = await runs.RunAsync(period, "test");
        var second = await runs.RunAsync(period, "test");

        first.InvoiceIds.ShouldNotBeEmpty();
        second.InvoiceIds.ShouldBeEmpty();
        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        (await db.Invoices.CountAsync()).ShouldBe(first.InvoiceIds.Count);
        (await db.BillingRuns.CountAsync(r => r.Status == BillingRunStatus.Completed)).ShouldBe(2);
    }

    [Fact]
    public async Task RunThatCrashesBetweenInvoices_ReRun_ProducesTheSameInvoicesOnce()
    {
        var clean = await InvoiceFingerprintAfterRunAsync(crash: false);
        var crashed = await InvoiceFingerprintAfterRunAsync(crash: true);

        crashed.ShouldBe(clean);
    }

    [Fact]
    public async Task RunMatchesThePreviewAndRecordsWarnings()
    {
        await using var scope = await WorkspaceWithAsync("s01-time-and-materials-tiers.json");
        var runs = scope.ServiceProvider.GetRequiredService<BillingRunService>();
        var period = await PeriodAsync();

        var preview = await runs.PreviewAsync(period);
        var run = await runs.RunAsync(period, "test");

        Psa.Domain.Billing.Scenarios.BillingResultJson.Serialize(run.Result).ShouldBe(Psa.Domain.Billing.Scenarios.BillingResultJson.Serialize(preview.Result));
        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        var record = await db.BillingRuns.Include(r => r.Warnings).SingleAsync();
        record.Warnings.Select(w => w.Code).Order().ShouldBe(run.Result.Warnings.Select(w => w.Code).Order());
        (await db.Invoices.SumAsync(i => (double)i.Total)).ShouldBe((double)run.Result.Invoices.Sum(i => i.Total), 0.001);
    }

    [Fact]
    public async Task IssuedInvoice_IsImmutableAndNumbersAreGapless()
    {
        await using var scope = await WorkspaceWithAsync("s03-recurring-proration-consolidation.json");
        var outcome = await scope.ServiceProvider.GetRequiredService<BillingRunService>().RunAsync(await PeriodAsync(), "test");
        var invoices = scope.ServiceProvider.GetRequiredService<InvoiceService>();
        foreach (var id in outcome.InvoiceIds)
        {
            await invoices.ApproveAsync(id);
            await invoices.IssueAsync(id);
        }

        var issued = (await invoices.ListAsync(InvoiceStatus.Issued)).Select(i => i.Number).Order().ToList();
        issued.ShouldBe(Enumerable.Range(1, outcome.InvoiceIds.Count).Select(n => $"INV-{n:D5}").ToList());
        var invoice = (await invoices.GetAsync(outcome.InvoiceIds[0]))!;
        Should.Throw<DomainException>(() => invoice.AddLine(new CustomerInvoiceLine("time", "remote", "x", "time", 1, 1, 1, 0, "4000", "")));
        await Should.ThrowAsync<DomainException>(() => invoices.ApproveAsync(invoice.Id));
        await Should.ThrowAsync<DomainException>(() => invoices.IssueAsync(invoice.Id));
    }

    [Fact]
    public async Task CreditedTime_IsNeverBilledAgainUntilReopened()
    {
        await using var scope = await WorkspaceWithAsync("s01-time-and-materials-tiers.json");
        var runs = scope.ServiceProvider.GetRequiredService<BillingRunService>();
        var invoices = scope.ServiceProvider.GetRequiredService<InvoiceService>();
        var period = await PeriodAsync();
        var outcome = await runs.RunAsync(period, "test");
        var invoice = (await invoices.GetAsync(outcome.InvoiceIds[0]))!;
        await invoices.ApproveAsync(invoice.Id);
        await invoices.IssueAsync(invoice.Id);
        var timeLine = invoice.Lines.First(l => l.Kind == "time");

        var noteId = await invoices.CreditAsync(invoice.Id, [timeLine.Id]);
        var note = (await invoices.GetAsync(noteId))!;
        note.IsCreditNote.ShouldBeTrue();
        note.Lines.Single().CreditsLineId.ShouldBe(timeLine.Id);
        note.Lines.Single().Sources.ShouldBe(timeLine.Sources);
        note.Total.ShouldBe(-(timeLine.Amount + timeLine.TaxAmount));

        var next = Next(period);
        (await runs.PreviewAsync(period)).Result.Invoices.SelectMany(i => i.Lines).ShouldNotContain(l => l.Sources.Contains(timeLine.SourceList[0]));
        (await runs.PreviewAsync(next)).Result.Invoices.SelectMany(i => i.Lines).ShouldNotContain(l => l.Sources.Contains(timeLine.SourceList[0]));

        await invoices.ReopenCreditedTimeAsync(timeLine.Id);
        (await runs.PreviewAsync(next)).Result.Invoices.SelectMany(i => i.Lines).ShouldContain(l => l.Sources.Contains(timeLine.SourceList[0]));
    }

    [Fact]
    public async Task BilledTime_CannotBeAdjusted_AndTheTimesheetDoesNotOfferIt()
    {
        await using var scope = await WorkspaceWithAsync("s01-time-and-materials-tiers.json");
        var sp = scope.ServiceProvider;
        var period = await PeriodAsync();
        await sp.GetRequiredService<BillingRunService>().RunAsync(period, "test");
        await using var db = sp.GetRequiredService<TenantDbContextFactory>().Create();
        var billedId = await db.BilledSources.Where(b => b.Origin == "run" && b.TimeEntryId != null).Select(b => b.TimeEntryId!.Value).FirstAsync();
        var billed = await db.TimeEntries.AsNoTracking().SingleAsync(e => e.Id == billedId);
        var entries = sp.GetRequiredService<Psa.Web.TimeTracking.TimeEntryService>();

        var refused = await Should.ThrowAsync<DomainException>(() =>
            entries.AdjustAsync(billed.Id, billed.Start, billed.Minutes + 30, billed.WorkTypeCode, billed.Billable, "Forgot the drive", "manager-id", "Mia Manager"));
        refused.Message.ShouldContain("billed");
        (await db.TimeEntries.AsNoTracking().SingleAsync(e => e.Id == billed.Id)).Minutes.ShouldBe(billed.Minutes);
        (await entries.AdjustmentsAsync([billed.Id])).ShouldBeEmpty();

        var week = await entries.ListAsync(billed.EngineerId, DateOnly.FromDateTime(billed.Start), DateOnly.FromDateTime(billed.Start).AddDays(1));
        var row = week.Single(e => e.Id == billed.Id);
        row.Billed.ShouldBeTrue();
        row.CanAdjust.ShouldBeFalse();
    }

    [Fact]
    public async Task Run_RecordsEveryEntryDeductedFromABlock_WithTheBalanceAfterIt()
    {
        await using var scope = await WorkspaceWithAsync("s02-prepaid-hours-vs-amount.json");
        var outcome = await scope.ServiceProvider.GetRequiredService<BillingRunService>().RunAsync(await PeriodAsync(), "test");

        var accounts = await scope.ServiceProvider.GetRequiredService<BillingOverviewService>().BlockAccountsAsync();

        var cedar = accounts.Single(a => a.Agreement == "cedar-block");
        // Opening 3 h; c1 and c2 take an hour each, c3 (2 h) takes the last hour and bills 1 h overage.
        cedar.Deductions.Select(d => (d.Hours, d.Deducted, d.BalanceAfter)).ShouldBe([(2m, 1m, 0m), (1m, 1m, 1m), (1m, 1m, 2m)]);
        cedar.Deductions.ShouldAllBe(d => d.Period == "2026-10" && d.Engineer.Length > 0 && d.InvoiceId != null);
        cedar.Deductions.Select(d => d.InvoiceId).Distinct().Count().ShouldBe(1);
        outcome.InvoiceIds.ShouldContain(cedar.Deductions[0].InvoiceId!.Value);
        cedar.Periods.Last().Remaining.ShouldBe(0m);

        var dune = accounts.Single(a => a.Agreement == "dune-block");
        dune.Unit.ShouldBe("USD");
        dune.Deductions.Sum(d => d.Deducted).ShouldBe(375m);
        dune.Deductions[0].BalanceAfter.ShouldBe(0m);
    }

    [Fact]
    public async Task BlockAccounts_ListPurchasesAndRenewalsBesideDeductions_UnderTheAgreementsName()
    {
        await using var scope = await WorkspaceWithAsync("s04-allotment-carryover-renew.json");
        var outcome = await scope.ServiceProvider.GetRequiredService<BillingRunService>().RunAsync(await PeriodAsync(), "test");

        var accounts = await scope.ServiceProvider.GetRequiredService<BillingOverviewService>().BlockAccountsAsync();

        // The run renews the hours block twice and the amount block four times (s04's expected lines).
        var fir = accounts.Single(a => a.Agreement == "fir-allot");
        fir.TopUps.Select(t => (t.Period, t.Quantity, t.Amount)).ShouldBe([("2026-10", 1m, 1100m), ("2026-10", 1m, 1100m)]);
        fir.TopUps.ShouldAllBe(t => outcome.InvoiceIds.Contains(t.InvoiceId));
        fir.Deductions.ShouldNotBeEmpty();
        fir.Title.ShouldNotBe("fir-allot");
        accounts.Single(a => a.Agreement == "gale-block").TopUps.Sum(t => t.Amount).ShouldBe(1900m);
    }

    [Fact]
    public async Task Import_InvalidScenario_StoresNothingAndNamesThePath()
    {
        await using var scope = await WorkspaceAsync();
        var json = System.Text.Json.Nodes.JsonNode.Parse(ScenarioFiles.Read("s02-prepaid-hours-vs-amount.json"))!;
        json["timeEntries"]![1]!["agreement"] = "no-such-agreement";

        var ex = await Should.ThrowAsync<ValidationFailedException>(() =>
            scope.ServiceProvider.GetRequiredService<ScenarioImportService>().ImportJsonAsync(json.ToJsonString(), includeSettings: false));

        ex.Errors.ShouldContain(e => e.Field == "timeEntries[1].agreement");
        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        (await db.Agreements.CountAsync()).ShouldBe(0);
        (await db.TimeEntries.CountAsync()).ShouldBe(0);
    }

    private async Task<string> InvoiceFingerprintAfterRunAsync(bool crash)
    {
        // Hosts of its own: the crash is an observer registered in the host.
        using var own = new PsaAppFactory();
        var observer = new CrashingObserver { CrashAt = crash ? 0 : null };
        own.ConfigureTestServices = s => s.AddSingleton<IBillingRunObserver>(observer);
        await own.CreateTenantAsync("acme");
        var tenant = (await own.Service<TenantDirectory>().FindAsync(TenantSlug.Parse("acme")))!;
        await using var scope = own.Service<TenantScopeFactory>().Open(tenant);
        var json = ScenarioFiles.Read("s04-allotment-carryover-renew.json");
        await scope.ServiceProvider.GetRequiredService<ScenarioImportService>().ImportJsonAsync(json, includeSettings: true);
        var period = ScenarioReaderPeriod(json);
        var runs = scope.ServiceProvider.GetRequiredService<BillingRunService>();
        if (crash)
        {
            await Should.ThrowAsync<InvalidOperationException>(() => runs.RunAsync(period, "test"));
            observer.CrashAt = null;
        }

        await runs.RunAsync(period, "test");
        await runs.RunAsync(period, "test");
        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        var lines = await db.InvoiceLines.Select(l => new { l.Kind, l.Item, l.Amount, l.TaxAmount, l.Sources }).ToListAsync();
        var balances = await db.BlockBalances.Select(b => new { b.Period, b.Remaining, b.Expired }).ToListAsync();
        return string.Join("\n", lines.Select(l => $"{l.Kind} {l.Item} {l.Amount:0.00} {l.TaxAmount:0.00} {l.Sources}").Order(StringComparer.Ordinal))
            + "\n" + string.Join("\n", balances.Select(b => $"{b.Period} {b.Remaining} {b.Expired}").Order(StringComparer.Ordinal))
            + $"\ninvoices {await db.Invoices.CountAsync()} ledger {await db.BilledSources.CountAsync()}";
    }

    private async Task<AsyncServiceScope> WorkspaceAsync()
    {
        await _app.CreateTenantAsync(_acme);
        var tenant = (await _app.Service<TenantDirectory>().FindAsync(TenantSlug.Parse(_acme)))!;
        return _app.Service<TenantScopeFactory>().Open(tenant);
    }

    private string? _scenario;

    private async Task<AsyncServiceScope> WorkspaceWithAsync(string file)
    {
        var scope = await WorkspaceAsync();
        _scenario = ScenarioFiles.Read(file);
        await scope.ServiceProvider.GetRequiredService<ScenarioImportService>().ImportJsonAsync(_scenario, includeSettings: true);
        return scope;
    }

    private Task<BillingPeriod> PeriodAsync() => Task.FromResult(ScenarioReaderPeriod(_scenario!));

    private static BillingPeriod ScenarioReaderPeriod(string json) =>
        BillingPeriod.Parse(System.Text.Json.Nodes.JsonNode.Parse(json)!["period"]!.GetValue<string>());

    private static BillingPeriod Next(BillingPeriod p) => BillingPeriod.Containing(p.LastDay.AddDays(1));

    private sealed class CrashingObserver : IBillingRunObserver
    {
        public int? CrashAt { get; set; }

        public Task InvoiceStagedAsync(int index, CancellationToken cancellationToken) =>
            index == CrashAt ? throw new InvalidOperationException("crash between invoices") : Task.CompletedTask;
    }
}
