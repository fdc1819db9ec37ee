using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Ledger;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Billing;
using Psa.Tests.Support;
using Psa.Web.Auth;
using Psa.Web.Billing;
using Psa.Web.Components.Pages.Billing;
using Psa.Web.Components.Pages.Settings;
using MudBlazor;
using Shouldly;

namespace Psa.Tests.Components;

/// <summary>The billing pages over the real billing services and a workspace loaded from a shared scenario.</summary>
public sealed class BillingPagesTests(PsaAppFactory app) : ComponentTestContext(app), IClassFixture<PsaAppFactory>
{

    [Fact]
    public async Task AgreementEditor_PreviewFollowsTheRateAndTheOpeningBalanceAsTheyChange()
    {
        await WorkspaceAsync("s02-prepaid-hours-vs-amount.json");
        var cut = RenderInteractive<AgreementEditor>(p => p.Add(x => x.Code, "cedar-block"));
        await cut.InvokeAsync(() => cut.Find("input[name=previewPeriod]").Change("2026-10"));
        var preview = () => cut.Find("[data-testid=agreement-preview]").TextContent;
        // 3 h opening balance; 4 h covered: the onsite entry's last hour is overage at 125 × 1.2.
        cut.WaitForAssertion(() => preview().ShouldContain("150.00"), Patience);

        await cut.InvokeAsync(() => cut.Find("#hourlyRate").Change("200"));
        cut.WaitForAssertion(() => preview().ShouldContain("240.00"), Patience);
        preview().ShouldNotContain("150.00");

        await cut.InvokeAsync(() => cut.Find("#openingBalance").Change("5"));
        cut.WaitForAssertion(() => preview().ShouldContain("Nothing to bill for this client in 2026-10"), Patience);
        preview().ShouldContain("Balance after the period: 1 hours");
    }

    [Fact]
    public async Task AgreementEditor_AsksBeforeLeavingWithUnsavedChanges_AndNotWithout()
    {
        await WorkspaceAsync("s02-prepaid-hours-vs-amount.json");
        var confirm = JSInterop.Setup<bool>("confirm", Psa.Web.Components.Shared.UnsavedChangesGuard.Question);
        confirm.SetResult(false);
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        var cut = RenderInteractive<AgreementEditor>(p => p.Add(x => x.Code, "cedar-block"));
        cut.WaitForAssertion(() => cut.Find("#hourlyRate"), Patience);

        await cut.InvokeAsync(() => navigation.NavigateTo("/billing"));
        navigation.Uri.ShouldEndWith("/billing");
        confirm.Invocations.Count.ShouldBe(0);

        await cut.InvokeAsync(() => cut.Find("#hourlyRate").Change("200"));
        await cut.InvokeAsync(() => navigation.NavigateTo("/clients"));
        navigation.Uri.ShouldEndWith("/billing", customMessage: "the person said no: the editor stays");
        confirm.Invocations.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Dashboard_PreviewsThenRunsBilling_AndListsTheDrafts()
    {
        await WorkspaceAsync("s02-prepaid-hours-vs-amount.json");
        var cut = RenderInteractive<BillingDashboard>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=next-run]").TextContent.ShouldContain("America/New_York"), Patience);

        await cut.InvokeAsync(() => cut.Find("input[name=period]").Change("2026-10"));
        await cut.InvokeAsync(() => Button(cut, "Preview").Click());
        cut.WaitForAssertion(() => cut.Find("[data-testid=preview]").TextContent.ShouldContain("150.00"), Patience);
        cut.Find("[data-testid=preview]").TextContent.ShouldContain("200.00");
        cut.FindAll("[data-testid=invoices]").ShouldBeEmpty();

        await cut.InvokeAsync(() => Button(cut, "Run billing").Click());
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=invoices] tbody tr").Count.ShouldBe(2), Patience);
        cut.Find("[data-testid=invoices]").TextContent.ShouldContain("Draft");
        cut.Find("[data-testid=runs]").TextContent.ShouldContain("completed");
        cut.Markup.ShouldContain("Drafts awaiting approval");
        cut.FindAll(".psa-stat-value")[1].TextContent.Trim().ShouldBe("2");

        await cut.InvokeAsync(() => cut.Find("input[name=period]").Change("October"));
        await cut.InvokeAsync(() => Button(cut, "Run billing").Click());
        cut.WaitForAssertion(() => cut.Find(".psa-field-error").TextContent.ShouldContain("YYYY-MM"), Patience);
    }

    [Fact]
    public async Task CreditNotePage_ReopensCreditedTimeAfterConfirmation_AndTheNextRunBillsIt()
    {
        await using var scope = await WorkspaceAsync("s01-time-and-materials-tiers.json");
        var runs = scope.ServiceProvider.GetRequiredService<BillingRunService>();
        var invoices = scope.ServiceProvider.GetRequiredService<InvoiceService>();
        var period = BillingPeriod.Parse("2026-10");
        var outcome = await runs.RunAsync(period, "test");
        var invoice = (await invoices.GetAsync(outcome.InvoiceIds[0]))!;
        await invoices.ApproveAsync(invoice.Id);
        await invoices.IssueAsync(invoice.Id);
        var timeLine = invoice.Lines.First(l => l.Kind == "time");
        var noteId = await invoices.CreditAsync(invoice.Id, [timeLine.Id]);
        var next = BillingPeriod.Parse("2026-11");
        var entry = timeLine.SourceList[0];
        (await runs.PreviewAsync(next)).Result.Invoices.SelectMany(i => i.Lines).ShouldNotContain(l => l.Sources.Contains(entry));

        var dialogs = Render<MudDialogProvider>();
        var cut = RenderInteractive<InvoicePage>(p => p.Add(x => x.Id, noteId));
        cut.WaitForAssertion(() => cut.Find("[data-testid=credited-time]").TextContent.ShouldContain("1 time entry settled"), Patience);

        // Keep settled: nothing changes.
        await cut.InvokeAsync(() => Button(cut, "Re-open time").Click());
        dialogs.WaitForAssertion(() => dialogs.Markup.ShouldContain("becomes billable again"), Patience);
        await dialogs.InvokeAsync(() => Button(dialogs, "Keep settled").Click());
        (await runs.PreviewAsync(next)).Result.Invoices.SelectMany(i => i.Lines).ShouldNotContain(l => l.Sources.Contains(entry));

        await cut.InvokeAsync(() => Button(cut, "Re-open time").Click());
        dialogs.WaitForAssertion(() => dialogs.Markup.ShouldContain("becomes billable again"), Patience);
        await dialogs.InvokeAsync(() => Button(dialogs, "Re-open").Click());
        cut.WaitForAssertion(() => cut.Find("[data-testid=reopened]").TextContent.ShouldContain("billed by the next run"), Patience);
        (await runs.PreviewAsync(next)).Result.Invoices.SelectMany(i => i.Lines).ShouldContain(l => l.Sources.Contains(entry));
    }

    [Fact]
    public async Task BillingSettingsPage_NamesTheBadField_ThenSavesAndShowsTheNextRun()
    {
        await WorkspaceAsync("s01-time-and-materials-tiers.json");
        var cut = RenderInteractive<BillingSettings>();
        cut.WaitForAssertion(() => cut.Find("#runTime"), Patience);

        await cut.InvokeAsync(() => cut.Find("#sellerTaxId").Input("DE 12"));
        await cut.InvokeAsync(() => cut.Find("form").Submit());
        cut.WaitForAssertion(() => cut.Find(".psa-field-error").TextContent.ShouldContain("Seller tax ID must be"), Patience);

        await cut.InvokeAsync(() => cut.Find("#sellerTaxId").Input("DE123456789"));
        await cut.InvokeAsync(() => cut.Find("#runDay").Input("9"));
        await cut.InvokeAsync(() => cut.Find("#runTime").Change("05:15"));
        await cut.InvokeAsync(() => cut.Find("form").Submit());
        cut.WaitForAssertion(() => cut.Find("[data-testid=next-billing-run]").TextContent.ShouldContain(" 9 "), Patience);
        cut.Find("[data-testid=next-billing-run]").TextContent.ShouldContain("05:15");
        cut.FindAll(".psa-field-error").ShouldBeEmpty();
        (await App.Service<BillingScheduler>().NextFireUtcAsync(Tenant.Required.Slug.Value)).ShouldNotBeNull();
    }

    private static AngleSharp.Dom.IElement Button<T>(IRenderedComponent<T> cut, string text) where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.FindAll("button").First(b => b.TextContent.Trim() == text);

    [Fact]
    public async Task Preview_UnapprovedTimeWarning_NamesClientEngineerDatesAndHours_AndLinksTheTimesheet()
    {
        await WorkspaceAsync("s01-time-and-materials-tiers.json");
        var cut = RenderInteractive<BillingDashboard>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=next-run]"), Patience);

        await cut.InvokeAsync(() => cut.Find("input[name=period]").Change("2026-10"));
        await cut.InvokeAsync(() => Button(cut, "Preview").Click());

        cut.WaitForAssertion(() => cut.Find("[data-testid=warnings]").TextContent.ShouldContain("Unapproved time"), Patience);
        var unapproved = cut.FindAll("[data-testid=warnings] li").Single(li => li.TextContent.Contains("Unapproved time", StringComparison.Ordinal));
        var warning = unapproved.TextContent;
        warning.ShouldContain("Acme Corp");
        warning.ShouldContain("Ana Ruiz");
        warning.ShouldContain("Tue 20 Oct 2026");
        warning.ShouldContain("0.75 h");
        warning.ShouldNotMatch("[0-9a-f]{32}");
        unapproved.QuerySelector("a")!.GetAttribute("href")!.ShouldMatch("^/timesheets\\?engineer=[0-9a-f-]{36}&week=2026-10-19$");
        cut.Find("[data-testid=preview]").TextContent.ShouldContain("Acme Corp");

        await cut.InvokeAsync(() => Button(cut, "Run billing").Click());
        cut.WaitForAssertion(() => cut.Find("[data-testid=runs]").TextContent.ShouldContain("owner@example.com"), Patience);
    }

    [Fact]
    public async Task InvoicePage_ShowsThePartiesAndDates_LabelsLines_AndAsksBeforeIssuingOrVoiding()
    {
        await using var scope = await WorkspaceAsync("s01-time-and-materials-tiers.json");
        var outcome = await scope.ServiceProvider.GetRequiredService<BillingRunService>().RunAsync(BillingPeriod.Parse("2026-10"), "test");
        var invoices = scope.ServiceProvider.GetRequiredService<InvoiceService>();
        var id = outcome.InvoiceIds[0];
        await invoices.ApproveAsync(id);

        var dialogs = Render<MudDialogProvider>();
        var cut = RenderInteractive<InvoicePage>(p => p.Add(x => x.Id, id));
        cut.WaitForAssertion(() => cut.Find("[data-testid=parties]").TextContent.ShouldContain("Bill to"), Patience);
        cut.Find("[data-testid=supplier]").TextContent.ShouldNotBeNullOrWhiteSpace();
        cut.Find("[data-testid=dates]").TextContent.ShouldContain("Payment terms");
        cut.Find("[data-testid=lines] tbody").TextContent.ShouldContain("Time");
        cut.Find("[data-testid=lines] tbody").TextContent.ShouldNotContain("time_and_materials");
        cut.Find("[data-testid=einvoice]").TextContent.ShouldContain("BR-CO-26");
        cut.FindAll("input[name=voidReason]").ShouldBeEmpty();

        // Issue asks first; keeping it approved changes nothing.
        await cut.InvokeAsync(() => Button(cut, "Issue").Click());
        dialogs.WaitForAssertion(() => dialogs.Markup.ShouldContain("cannot change"), Patience);
        await dialogs.InvokeAsync(() => Button(dialogs, "Cancel").Click());
        (await invoices.GetAsync(id))!.Status.ShouldBe(InvoiceStatus.Approved);

        await cut.InvokeAsync(() => Button(cut, "Issue").Click());
        dialogs.WaitForAssertion(() => dialogs.Markup.ShouldContain("Issue and send"), Patience);
        await dialogs.InvokeAsync(() => Button(dialogs, "Issue and send").Click());
        cut.WaitForAssertion(() => cut.Find("[data-testid=status]").TextContent.ShouldBe("Issued"), Patience);
        cut.Find("[data-testid=dates]").TextContent.ShouldNotContain("Not issued yet");

        // Voiding asks for a reason in a dialog, empty until typed.
        await cut.InvokeAsync(() => Button(cut, "Void").Click());
        dialogs.WaitForAssertion(() => dialogs.Find("input[name=voidReason]").GetAttribute("value").ShouldBeNullOrEmpty(), Patience);
        await dialogs.InvokeAsync(() => Button(dialogs, "Void document").Click());
        dialogs.WaitForAssertion(() => dialogs.Markup.ShouldContain("Give the reason for voiding"), Patience);
        await dialogs.InvokeAsync(() => dialogs.Find("input[name=voidReason]").Change("Sent to the wrong company"));
        await dialogs.InvokeAsync(() => Button(dialogs, "Void document").Click());
        cut.WaitForAssertion(() => cut.Find("[data-testid=status]").TextContent.ShouldBe("Void"), Patience);
        (await invoices.GetAsync(id))!.VoidReason.ShouldBe("Sent to the wrong company");
    }

    private async Task<AsyncServiceScope> WorkspaceAsync(string scenario)
    {
        var tenant = await App.CreateTenantAsync(App.NewSlug("bills"));
        Tenant.Set(tenant.Tenant);
        var auth = AddAuthorization();
        auth.SetAuthorized("owner@example.com");
        auth.SetRoles("Owner");
        auth.SetPolicies(TestPolicies.ForRoles("Owner"));
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, tenant.OwnerUserId), new Claim(PsaClaims.Tenant, tenant.Tenant.Slug.Value));
        var scope = App.Service<TenantScopeFactory>().Open(tenant.Tenant);
        await scope.ServiceProvider.GetRequiredService<ScenarioImportService>().ImportJsonAsync(ScenarioFiles.Read(scenario), includeSettings: true);
        return scope;
    }
}
