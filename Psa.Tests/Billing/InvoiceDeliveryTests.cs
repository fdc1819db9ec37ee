using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Ledger;
using Psa.Domain.Quotes;
using Psa.Domain.Tenancy;
using Psa.Domain.TimeTracking;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Web.Billing;
using Psa.Web.Clients;
using Psa.Web.Quotes;
using Shouldly;
using UglyToad.PdfPig;

namespace Psa.Tests.Billing;

/// <summary>Issue 14 §3: invoices and quotes that reach the client, documents that add up, e-invoices that say what they are.</summary>
public sealed class InvoiceDeliveryTests(PsaAppFactory app) : IClassFixture<PsaAppFactory>
{
    private static readonly XNamespace Cbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
    private readonly PsaAppFactory _app = app;
    private readonly string _acme = app.NewSlug("acme");

    [Fact]
    public async Task IssuingAnInvoice_MailsTheBillingContact_WithItsPdfUblAndPortalLink()
    {
        await using var scope = await WorkspaceAsync();
        var sp = scope.ServiceProvider;
        var clients = sp.GetRequiredService<ClientService>();
        var acme = (await clients.FindByCodeAsync("acme"))!;
        await clients.AddContactAsync(acme.Id, "Olga Ops", "olga@acme.test", null, primary: true);
        await clients.AddContactAsync(acme.Id, "Pat Payables", "pat@acme.test", null, primary: false, billing: true);
        var invoices = sp.GetRequiredService<InvoiceService>();
        var id = await AcmeDraftAsync(sp);
        await invoices.ApproveAsync(id);
        (await sp.GetRequiredService<InvoiceMailer>().RecipientsAsync(id)).ShouldBe(["pat@acme.test"]);

        var sent = await invoices.IssueAsync(id);

        sent.ShouldBe(["pat@acme.test"]);
        var mail = _app.LastDeliveredMessage(_acme);
        mail.To.ShouldContain("pat@acme.test");
        mail.Subject.ShouldBe("Invoice INV-00001 from " + await SellerNameAsync(sp));
        mail.Html.ShouldContain($"/portal/invoices/{id}");
        mail.Html.ShouldContain("INV-00001");
        mail.Attachments.Select(a => a.FileName).ShouldBe(["INV-00001.pdf", "INV-00001.xml"]);
        using (var pdf = PdfDocument.Open(mail.Attachments[0].Content))
        {
            var text = string.Join(" ", pdf.GetPages().Select(p => p.Text));
            text.ShouldContain("INV-00001");
            text.ShouldContain("Acme Corp");
            text.ShouldContain("Due date");
        }

        var ubl = XDocument.Load(new MemoryStream(mail.Attachments[1].Content));
        ubl.Descendants(Cbc + "ID").First().Value.ShouldBe("INV-00001");
        await using var db = sp.GetRequiredService<TenantDbContextFactory>().Create();
        (await db.Outbox.SingleAsync(m => m.To == "pat@acme.test")).Attachments.ShouldBe("INV-00001.pdf, INV-00001.xml");
    }

    [Fact]
    public async Task WithoutABillingContact_ThePrimaryContactGetsTheInvoice()
    {
        await using var scope = await WorkspaceAsync();
        var sp = scope.ServiceProvider;
        var clients = sp.GetRequiredService<ClientService>();
        var acme = (await clients.FindByCodeAsync("acme"))!;
        await clients.AddContactAsync(acme.Id, "Olga Ops", "olga@acme.test", null, primary: true);
        var id = await AcmeDraftAsync(sp);
        await sp.GetRequiredService<InvoiceService>().ApproveAsync(id);

        (await sp.GetRequiredService<InvoiceService>().IssueAsync(id)).ShouldBe(["olga@acme.test"]);
    }

    [Fact]
    public async Task Ubl_ClaimsPeppolOnlyWhenSellerAndBuyerHaveWhatPeppolNeeds_AndSaysWhatIsMissing()
    {
        await using var scope = await WorkspaceAsync();
        var sp = scope.ServiceProvider;
        var id = await AcmeDraftAsync(sp);
        var documents = sp.GetRequiredService<InvoiceDocuments>();

        var bare = (await documents.LoadAsync(id))!;
        EInvoiceReadiness.Check(bare).Select(f => f.Rule).ShouldBe(["BR-CO-26", "PEPPOL-EN16931-R020", "PEPPOL-EN16931-R010"]);
        var plain = InvoiceDocuments.Ubl(bare);
        plain.Descendants(Cbc + "CustomizationID").Single().Value.ShouldBe(InvoiceDocuments.En16931Customization);
        plain.Descendants(Cbc + "EndpointID").ShouldBeEmpty();

        var settings = sp.GetRequiredService<BillingSettingsService>();
        var preferences = await settings.GetAsync();
        preferences.SellerCountryCode = "NL";
        preferences.SellerVatId = "NL123456789B01";
        preferences.SellerPeppolScheme = "0106";
        preferences.SellerPeppolId = "12345678";
        (await settings.SaveAsync(preferences)).ShouldBeEmpty();
        var clients = sp.GetRequiredService<ClientService>();
        var acme = (await clients.FindByCodeAsync("acme"))!;
        await clients.SetInvoicingAsync(acme.Id, new ClientInvoicingInput(null, null, null, "DE", "DE811907980", null, "9930", "DE811907980"));

        // A Dutch seller meets the Dutch rules too: address, KvK number, a bank account.
        var dutch = (await documents.LoadAsync(id))!;
        EInvoiceReadiness.Check(dutch).Select(f => f.Rule).ShouldBe(["NL-R-002", "NL-R-003", "NL-R-007"]);

        preferences.SellerAddress = "Damrak 1";
        preferences.SellerCity = "Amsterdam";
        preferences.SellerPostalCode = "1012 JS";
        preferences.SellerLegalId = "12345678";
        preferences.BankIban = "NL91ABNA0417164300";
        preferences.BankBic = "ABNANL2A";
        (await settings.SaveAsync(preferences)).ShouldBeEmpty();

        var ready = (await documents.LoadAsync(id))!;
        EInvoiceReadiness.Check(ready).ShouldBeEmpty();
        var ubl = InvoiceDocuments.Ubl(ready);
        ubl.Descendants(Cbc + "CustomizationID").Single().Value.ShouldBe(InvoiceDocuments.PeppolCustomization);
        var endpoints = ubl.Descendants(Cbc + "EndpointID").Select(e => $"{e.Attribute("schemeID")!.Value}:{e.Value}").ToList();
        endpoints.ShouldBe(["0106:12345678", "9930:DE811907980"]);
        ubl.Descendants(Cbc + "CompanyID").ShouldContain(e => e.Value == "12345678" && (string?)e.Attribute("schemeID") == "0106");
        ubl.Descendants(Cbc + "PostalZone").First().Value.ShouldBe("1012 JS");
        ubl.Descendants(Cbc + "PaymentMeansCode").Single().Value.ShouldBe("30");
        var html = await documents.HtmlAsync(ready);
        html.ShouldContain("Account NL91ABNA0417164300");
        html.ShouldContain("Tax ID DE811907980");
    }

    [Fact]
    public async Task BillingSettings_RefuseAPeppolIdWithoutItsScheme_NamingTheField()
    {
        await using var scope = await WorkspaceAsync();
        var settings = scope.ServiceProvider.GetRequiredService<BillingSettingsService>();
        var preferences = await settings.GetAsync();
        preferences.SellerPeppolId = "12345678";
        preferences.BankBic = "no";

        var errors = await settings.SaveAsync(preferences);

        errors.Select(e => e.Field).ShouldBe(["Seller Peppol ID scheme", "BIC / SWIFT"]);
        errors[0].Message.ShouldContain("four-digit");
    }

    [Fact]
    public async Task ReRunningBilling_AddsNewLinesToTheExistingDraftOfThatClientGroupAndPeriod()
    {
        await using var scope = await WorkspaceAsync();
        var sp = scope.ServiceProvider;
        var runs = sp.GetRequiredService<BillingRunService>();
        var period = BillingPeriod.Parse("2026-10");
        var first = await runs.RunAsync(period, "user:Mia Manager");
        var acmeDraft = await AcmeDraftIdAsync(sp, first.InvoiceIds);
        await using (var db = sp.GetRequiredService<TenantDbContextFactory>().Create())
        {
            foreach (var entry in await db.TimeEntries.Where(e => e.Approval == ApprovalState.Submitted).ToListAsync())
            {
                entry.Approve();
            }

            await db.SaveChangesAsync();
        }

        var before = (await sp.GetRequiredService<InvoiceService>().GetAsync(acmeDraft))!.Lines.Count;
        var second = await runs.RunAsync(period, "user:Mia Manager");

        second.Joined.ShouldBe(1);
        second.InvoiceIds.ShouldBe([acmeDraft]);
        await using var check = sp.GetRequiredService<TenantDbContextFactory>().Create();
        (await check.Invoices.CountAsync()).ShouldBe(first.InvoiceIds.Count);
        (await check.InvoiceLines.CountAsync(l => l.InvoiceId == acmeDraft)).ShouldBe(before + 1);
        BillingText.Trigger((await runs.ListRunsAsync()).First().Trigger).ShouldBe("Mia Manager");
    }

    [Fact]
    public async Task SentQuote_IsLocked_MailsItsContactThePortalLink_AndIsRevisedAsANewVersion()
    {
        await using var scope = await WorkspaceAsync();
        var sp = scope.ServiceProvider;
        var clients = sp.GetRequiredService<ClientService>();
        var acme = (await clients.FindByCodeAsync("acme"))!;
        await clients.AddContactAsync(acme.Id, "Olga Ops", "olga@acme.test", null, primary: true);
        var quotes = sp.GetRequiredService<QuoteService>();
        var id = await quotes.CreateAsync(acme.Id, "Wi-Fi upgrade");
        await quotes.AddLineAsync(id, new QuoteLineInput(QuoteLineKind.Hardware, "Access points", 4, 350m, null, null));

        (await quotes.MarkSentAsync(id)).ShouldBe("olga@acme.test");

        var mail = _app.LastDeliveredMessage(_acme);
        mail.Html.ShouldContain($"/portal/quotes/{id}");
        mail.Subject.ShouldContain("Wi-Fi upgrade");
        var refused = await Should.ThrowAsync<DomainException>(() => quotes.AddLineAsync(id, new QuoteLineInput(QuoteLineKind.Hardware, "Cables", 1, 10m, null, null)));
        refused.Message.ShouldContain("locked");
        var line = (await quotes.GetAsync(id))!.Lines.Single();
        await Should.ThrowAsync<DomainException>(() => quotes.RemoveLineAsync(id, line.Id));

        var revised = await quotes.ReviseAsync(id);

        var draft = (await quotes.GetAsync(revised))!;
        draft.Status.ShouldBe(QuoteStatus.Draft);
        draft.Lines.Single().Description.ShouldBe("Access points");
        (await quotes.GetAsync(id))!.Status.ShouldBe(QuoteStatus.Declined);
        await quotes.AddLineAsync(revised, new QuoteLineInput(QuoteLineKind.Hardware, "Cables", 1, 10m, null, null));
    }

    [Theory]
    [InlineData(2, 165, 495, 247.50)]
    [InlineData(2, 165, 330, 165)]
    [InlineData(1, 1200, 1200, 1200)]
    public void LineUnitPrice_IsTheRateThatMakesQuantityTimesPriceTheAmount(decimal quantity, decimal basePrice, decimal amount, decimal shown)
    {
        var line = new CustomerInvoiceLine("time", "remote", "Remote support", "time", quantity, basePrice, amount, 0, "4000", "t01");

        BillingText.UnitPrice(line).ShouldBe(shown);
        Psa.Domain.Common.MoneyMath.Round2(quantity * BillingText.UnitPrice(line)!.Value).ShouldBe(amount);
    }

    [Fact]
    public void LineUnitPrice_OfTimeSplitOverTiers_IsLeftToItsTierRates()
    {
        // 1.5 h at 165 and 0.5 h after hours at 247.50: no single price gives 371.25 for 2 h.
        var line = new CustomerInvoiceLine("time", "remote", "Remote support", "time", 2, 165m, 371.25m, 0, "4000", "t01",
            "Business hours 1.5 h × 165.00 · After hours 0.5 h × 247.50");

        BillingText.UnitPrice(line).ShouldBeNull();
    }

    private static async Task<Guid> AcmeDraftAsync(IServiceProvider sp) =>
        await AcmeDraftIdAsync(sp, (await sp.GetRequiredService<BillingRunService>().RunAsync(BillingPeriod.Parse("2026-10"), "test")).InvoiceIds);

    private static async Task<Guid> AcmeDraftIdAsync(IServiceProvider sp, IReadOnlyList<Guid> invoiceIds)
    {
        var acme = (await sp.GetRequiredService<ClientService>().FindByCodeAsync("acme"))!;
        await using var db = sp.GetRequiredService<TenantDbContextFactory>().Create();
        return await db.Invoices.Where(i => invoiceIds.Contains(i.Id) && i.ClientId == acme.Id).Select(i => i.Id).FirstAsync();
    }

    private static async Task<string> SellerNameAsync(IServiceProvider sp)
    {
        await using var db = sp.GetRequiredService<TenantDbContextFactory>().Create();
        return (await db.Settings.SingleAsync()).CompanyName;
    }

    private async Task<AsyncServiceScope> WorkspaceAsync()
    {
        await _app.CreateTenantAsync(_acme);
        var tenant = (await _app.Service<TenantDirectory>().FindAsync(TenantSlug.Parse(_acme)))!;
        var scope = _app.Service<TenantScopeFactory>().Open(tenant);
        await scope.ServiceProvider.GetRequiredService<ScenarioImportService>().ImportJsonAsync(ScenarioFiles.Read("s01-time-and-materials-tiers.json"), includeSettings: true);
        return scope;
    }
}
