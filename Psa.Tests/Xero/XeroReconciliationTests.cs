using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Billing.Ledger;
using Psa.Domain.Identity;
using Psa.Domain.Reconciliation;
using Psa.FakeXero;
using Psa.Tests.Api;
using Psa.Web.Cli;
using Psa.Web.Reconciliation;
using Shouldly;

namespace Psa.Tests.Xero;

/// <summary>Reconciliation over what the sync with the fake Xero brought back, through the service, the API and the CLI.</summary>
public sealed class XeroReconciliationTests : IAsyncLifetime
{
    private XeroTestHost _host = null!;

    public async Task InitializeAsync() => _host = await XeroTestHost.StartAsync(retryAttempts: 2);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<ReconciliationOutcome> ReconcileAsync()
    {
        await using var scope = _host.Scope();
        return await scope.ServiceProvider.GetRequiredService<ReconciliationService>().RunAsync();
    }

    private async Task<IReadOnlyList<FindingView>> OpenAsync()
    {
        await using var scope = _host.Scope();
        return await scope.ServiceProvider.GetRequiredService<ReconciliationService>().ListAsync(status: FindingStatus.Open);
    }

    [Fact]
    public async Task InvoiceVoidedInXero_RaisesSyncMismatch_AndPsasLedgerStaysAsItWas()
    {
        var client = await _host.AddClientAsync("acme-co", "Acme Co");
        await _host.ConnectAsync();
        var issuedOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3);
        var invoice = await _host.IssueInvoiceAsync(client.Id, 100m, issuedOn);
        await _host.SyncAsync();
        (await ReconcileAsync()).Found.ShouldBe(0);

        _host.Fake.State.VoidInvoice(_host.Organisation, _host.Fake.State.Single.Invoices.Single().InvoiceID);
        await _host.SyncAsync();
        var outcome = await ReconcileAsync();

        outcome.New.ShouldBe(1);
        var finding = (await OpenAsync()).ShouldHaveSingleItem();
        (finding.Code, finding.ClientCode, finding.Ref, finding.Amount, finding.Detail).ShouldBe((FindingCodes.SyncMismatch, "acme-co", invoice.DisplayNumber, 120m, "Voided in Xero"));
        (await _host.WithDbAsync(db => db.Invoices.SingleAsync(i => i.Id == invoice.Id))).Status.ShouldBe(InvoiceStatus.Issued);
        (await _host.WithDbAsync(db => db.Notifications.CountAsync())).ShouldBe(0, "the workspace has no Billing member yet");

        var (_, billingToken) = await AccessMatrixTests.CreateStaffAsync(_host.App, _host.Tenant, StaffRoles.Billing);
        var (_, engineerToken) = await AccessMatrixTests.CreateStaffAsync(_host.App, _host.Tenant, StaffRoles.Engineer);
        var api = _host.App.ClientFor("acme");
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", billingToken);
        var json = JsonDocument.Parse(await api.GetStringAsync("/api/v1/reconciliation/findings")).RootElement;
        var item = json.GetProperty("findings").EnumerateArray().ShouldHaveSingleItem();
        item.GetProperty("code").GetString().ShouldBe("sync_mismatch");
        item.GetProperty("client").GetString().ShouldBe("acme-co");
        item.GetProperty("ref").GetString().ShouldBe(invoice.DisplayNumber);
        item.GetProperty("amount").GetDecimal().ShouldBe(120m);
        json.GetProperty("asOf").GetString().ShouldNotBeNullOrEmpty();
        var engineer = _host.App.ClientFor("acme");
        engineer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", engineerToken);
        (await engineer.GetAsync("/api/v1/reconciliation/findings")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        await using (var scope = _host.Scope())
        {
            var service = scope.ServiceProvider.GetRequiredService<ReconciliationService>();
            await Should.ThrowAsync<Psa.Domain.DomainException>(() => service.DismissAsync(finding.Id, "Bea", ""));
            await service.DismissAsync(finding.Id, "Bea", "Re-raised in Xero by the accountant");
        }

        await ReconcileAsync();
        (await OpenAsync()).ShouldBeEmpty("a dismissed finding stays dismissed");
    }

    [Fact]
    public async Task InvoiceCreatedInXero_ForALinkedClientWithoutAgreement_IsInvoiceWithoutContract_AndCountsInProfitability()
    {
        var client = await _host.AddClientAsync("acme-co", "Acme Co");
        await _host.ConnectAsync();
        await _host.SyncAsync();
        var org = _host.Fake.State.Single;
        var contact = org.Contacts.Single();
        lock (org.Sync)
        {
            FakeXeroBooks.SaveInvoice(org, new FakeXeroInvoice
            {
                Contact = new FakeXeroContactRef { ContactID = contact.ContactID },
                Status = "AUTHORISED",
                Date = DateTimeOffset.UtcNow.AddDays(-2),
                LineItems = [new FakeXeroLineItem { Description = "Ad-hoc work", Quantity = 1, UnitAmount = 80m, AccountCode = "200", LineAmount = 80m }],
            }, DateTimeOffset.UtcNow, allowUpdate: false);
        }

        (await _host.SyncAsync()).DocumentsPulled.ShouldBe(1);
        await ReconcileAsync();
        var finding = (await OpenAsync()).ShouldHaveSingleItem();
        (finding.Code, finding.ClientCode, finding.Amount).ShouldBe((FindingCodes.InvoiceWithoutContract, "acme-co", 80m));

        var month = DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(["profitability", "--tenant", "acme", "--from", month, "--to", month, "--json"], output, error,
            b => b.Configuration["Psa:DataDirectory"] = _host.App.DataDirectory);
        code.ShouldBe(0, error.ToString());
        var row = JsonDocument.Parse(output.ToString()).RootElement.GetProperty("rows").EnumerateArray().ShouldHaveSingleItem();
        row.GetProperty("client").GetString().ShouldBe("acme-co");
        row.GetProperty("serviceLine").GetString().ShouldBe(ServiceLines.FromXero);
        row.GetProperty("revenue").GetDecimal().ShouldBe(80m);
        row.GetProperty("margin").GetDecimal().ShouldBe(80m);

        using var reconcileOut = new StringWriter();
        (await CommandLine.RunAsync(["reconcile", "--tenant", "acme", "--json"], reconcileOut, error, b => b.Configuration["Psa:DataDirectory"] = _host.App.DataDirectory)).ShouldBe(0);
        var findings = JsonDocument.Parse(reconcileOut.ToString()).RootElement.GetProperty("findings");
        findings.EnumerateArray().Select(f => f.GetProperty("code").GetString()).ShouldBe(["invoice_without_contract"]);

        using var bad = new StringWriter();
        (await CommandLine.RunAsync(["reconcile", "--tenant", "acme", "--as-of", "2026-13-01"], TextWriter.Null, bad, b => b.Configuration["Psa:DataDirectory"] = _host.App.DataDirectory)).ShouldBe(2);
        bad.ToString().Trim().ShouldBe("error: --as-of '2026-13-01' is not a date YYYY-MM-DD");
        using var badRange = new StringWriter();
        (await CommandLine.RunAsync(["profitability", "--tenant", "acme", "--from", "2026-11", "--to", "2026-10"], TextWriter.Null, badRange,
            b => b.Configuration["Psa:DataDirectory"] = _host.App.DataDirectory)).ShouldBe(2);
        badRange.ToString().ShouldContain("--from must not be after --to");
    }
}
