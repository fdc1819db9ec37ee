using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Psa.E2E.Pages;
using Psa.E2E.Support;
using Shouldly;

namespace Psa.E2E.Journeys;

/// <summary>
/// Create an agreement → time is logged and approved → preview → run → approve → issue → print view.
/// There is no time-tracking UI yet: the approved time entries are loaded through Billing → Import
/// (a psa-scenario/1 file naming the agreement created in the UI); the client comes from the CLI import.
/// </summary>
public sealed class BillingJourneyTests
{
    private const string Password = "Journey-Pass-42";

    private const string Clients = """
        { "format": "psa-scenario/1", "period": "2026-10",
          "tenant": { "businessHours": { "days": ["Mon","Tue","Wed","Thu","Fri"], "start": "08:00", "end": "18:00" }, "defaultHourlyRate": 125, "glDefault": "4000" },
          "clients": [ { "id": "contoso", "name": "Contoso Pharmaceuticals", "taxRate": 0.08875 } ] }
        """;

    private const string Time = """
        { "format": "psa-scenario/1", "period": "2026-10",
          "tenant": { "businessHours": { "days": ["Mon","Tue","Wed","Thu","Fri"], "start": "08:00", "end": "18:00" }, "defaultHourlyRate": 125, "glDefault": "4000" },
          "timeEntries": [
            { "id": "T-1001", "client": "contoso", "engineer": "tom", "workType": "remote", "start": "2026-10-06T09:00", "minutes": 90, "billable": true, "approved": true, "agreement": "contoso-msp" },
            { "id": "T-1002", "client": "contoso", "engineer": "aisha", "workType": "onsite", "start": "2026-10-14T17:00", "minutes": 120, "billable": true, "approved": true, "agreement": "contoso-msp" },
            { "id": "T-1003", "client": "contoso", "engineer": "tom", "workType": "remote", "start": "2026-10-18T10:00", "minutes": 45, "billable": true, "approved": true, "agreement": "contoso-msp" },
            { "id": "T-1004", "client": "contoso", "engineer": "marco", "workType": "remote", "start": "2026-10-28T11:00", "minutes": 30, "billable": true, "approved": false, "agreement": "contoso-msp" } ] }
        """;

    [Fact]
    public async Task CreateAgreement_ImportApprovedTime_Preview_Run_Approve_Issue_Print()
    {
        var server = await SharedServer.GetAsync();
        var (code, output) = await server.RunCommandAsync("tenant", "create", "--slug", "acme-it", "--name", "Acme IT Services",
            "--admin-email", "owner@acme-it.test", "--admin-password", Password, "--time-zone", "America/New_York", "--currency", "USD");
        code.ShouldBe(0, output);
        var clientsFile = Path.Combine(server.DataDirectory, "clients.json");
        await File.WriteAllTextAsync(clientsFile, Clients);
        (code, output) = await server.RunCommandAsync("import", "--tenant", "acme-it", "--scenario", clientsFile);
        code.ShouldBe(0, output);

        await using var browser = await Browser.LaunchAsync();
        var site = server.WorkspaceUrl("acme-it");
        var page = await browser.SignInAsync(site, "owner@acme-it.test", Password);

        // 1. Create an agreement.
        await page.GotoAsync(site + "/billing/agreements/new");
        await page.WaitInteractiveAsync();
        await page.GetByLabel("Code").FillAsync("contoso-msp");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Contoso managed support");
        await page.Locator("input[name='hourlyRate'], #hourlyRate").First.FillAsync("150");
        await page.Locator("input[name='hourlyRate'], #hourlyRate").First.PressAsync("Tab");
        await page.GetByLabel("Start").FillAsync("2026-10-01");
        await page.GetByLabel("Invoice group").FillAsync("contoso-support");
        await page.GetByLabel("Invoice group").PressAsync("Tab");
        await page.ShotAsync("billing-01-agreement");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save agreement" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/billing/agreements/contoso-msp$"), new() { Timeout = 30_000 });

        // 2. Time logged and approved, loaded through the import page.
        await page.GotoAsync(site + "/billing/import");
        await page.WaitInteractiveAsync();
        await page.GetByLabel("Scenario JSON").FillAsync(Time);
        await page.GetByLabel("Scenario JSON").PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-summary")).ToContainTextAsync("4 time entr");
        await page.ShotAsync("billing-02-import");

        // 3. Preview, then run.
        await page.GotoAsync(site + "/billing");
        await page.WaitInteractiveAsync();
        await page.GetByLabel("Period").FillAsync("2026-10");
        await page.GetByLabel("Period").PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("preview")).ToContainTextAsync("contoso-support");
        // T-1004 is not approved: the warning names the client, the date and the hours, and links to the timesheet.
        await Assertions.Expect(page.GetByTestId("warnings")).ToContainTextAsync("Contoso Pharmaceuticals");
        await Assertions.Expect(page.GetByTestId("warnings")).ToContainTextAsync("Wed 28 Oct 2026");
        await Assertions.Expect(page.GetByTestId("warnings")).ToContainTextAsync("0.5 h");
        await Assertions.Expect(page.GetByTestId("warnings").GetByRole(AriaRole.Link, new() { Name = "Open timesheet to approve" })).ToBeVisibleAsync();
        await page.ShotAsync("billing-03-preview");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run billing" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("invoices")).ToContainTextAsync("Draft");

        // 4. Approve and issue.
        var invoice = await InvoicePage.OpenFirstListedAsync(page);
        await invoice.ApproveAsync();
        await invoice.IssueAndSendAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Invoice INV-00001" })).ToBeVisibleAsync();
        await page.ShotAsync("billing-04-invoice");

        // 5. The printable invoice.
        var invoiceUrl = invoice.Url;
        await page.GotoAsync(invoiceUrl + "/print");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Invoice" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("INV-00001");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Contoso Pharmaceuticals");
        await page.SetViewportSizeAsync(900, 1200);
        await page.ShotAsync("billing-05-print");
        // Node cannot resolve *.localhost; the browser can.
        var ubl = await page.EvaluateAsync<string>("url => fetch(url).then(r => r.text())", invoiceUrl + "/ubl");
        ubl.ShouldContain("<cbc:ID>INV-00001</cbc:ID>");
        ubl.ShouldContain("<cbc:PayableAmount currencyID=\"USD\">753.75</cbc:PayableAmount>");

        // 6. Credit a time line, then re-open its time (with confirmation) so the next run bills it.
        invoice = await InvoicePage.OpenAsync(page, invoiceUrl);
        await invoice.CreditLinesAsync(1);
        await Assertions.Expect(invoice.CreditedTime).ToContainTextAsync("1 time entry settled");
        await invoice.AskReopenTimeAsync();
        await page.ShotAsync("billing-06-reopen-confirm");
        await invoice.ConfirmReopenAsync();
        await page.ShotAsync("billing-07-credit-note");
    }

    [Fact]
    public async Task BillingSchedule_Settings_AndBlockDeductionHistory()
    {
        var server = await SharedServer.GetAsync();
        var (code, output) = await server.RunCommandAsync("tenant", "create", "--slug", "cedar-it", "--name", "Cedar IT",
            "--admin-email", "owner@cedar-it.test", "--admin-password", Password, "--time-zone", "America/New_York", "--currency", "USD");
        code.ShouldBe(0, output);
        (code, output) = await server.RunCommandAsync("import", "--tenant", "cedar-it", "--scenario", SharedScenario("s02-prepaid-hours-vs-amount.json"));
        code.ShouldBe(0, output);

        await using var browser = await Browser.LaunchAsync();
        var site = server.WorkspaceUrl("cedar-it");
        var page = await browser.SignInAsync(site, "owner@cedar-it.test", Password);

        // Schedule: a bad tax id is named, then the run moves to the 9th at 05:15.
        await page.GotoAsync(site + "/settings/billing");
        await page.WaitInteractiveAsync();
        await page.GetByLabel("Seller tax ID").FillAsync("US 12");
        await page.GetByLabel("Seller tax ID").BlurAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save billing settings" }).ClickAsync();
        await Assertions.Expect(page.Locator(".psa-field-error")).ToContainTextAsync("Seller tax ID must be", new() { Timeout = 20_000 });
        await page.ShotAsync("billing-08-settings-error");
        await page.GetByLabel("Seller tax ID").FillAsync("US123456789");
        await page.GetByLabel("Seller tax ID").BlurAsync();
        await page.GetByLabel("Run day of month").FillAsync("9");
        await page.GetByLabel("Run day of month").BlurAsync();
        await page.GetByLabel("Run time").FillAsync("05:15");
        await page.GetByLabel("Run time").BlurAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save billing settings" }).ClickAsync();
        await page.ShotAsync("billing-09-settings");
        await Assertions.Expect(page.GetByText("Billing settings saved")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("next-billing-run")).ToContainTextAsync("05:15", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("next-billing-run")).ToContainTextAsync(" 9 ");

        // Run October, then every deducted entry shows on the block page.
        await page.GotoAsync(site + "/billing");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("next-run")).ToContainTextAsync("05:15", new() { Timeout = 20_000 });
        await page.GetByLabel("Period").FillAsync("2026-10");
        await page.GetByLabel("Period").PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run billing" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("invoices")).ToContainTextAsync("Draft", new() { Timeout = 30_000 });
        await page.ShotAsync("billing-10-dashboard");
        await page.GotoAsync(site + "/billing/blocks");
        await page.WaitInteractiveAsync();
        var cedar = page.GetByTestId("block-cedar-block");
        await Assertions.Expect(cedar.GetByTestId("deductions").Locator("tbody tr")).ToHaveCountAsync(3, new() { Timeout = 20_000 });
        await Assertions.Expect(cedar.GetByTestId("balance")).ToContainTextAsync("0 hours");
        await page.ShotAsync("billing-11-blocks");
    }

    private static string SharedScenario(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "billing", "scenarios", file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("No ../shared/billing/scenarios/" + file);
    }
}
