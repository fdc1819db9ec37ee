using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Psa.E2E.Pages;
using Psa.E2E.Support;
using Psa.Tests.Support;
using Shouldly;
using UglyToad.PdfPig;

namespace Psa.E2E.Journeys;

/// <summary>
/// Issue 14, day one for a new MSP: sign up → the getting-started checklist → "Add client" from the
/// project form → a billing contact → seller tax ID → billing run → "Issue" asks first → the invoice is
/// mailed to the billing contact with its PDF and UBL (read from the mail pickup). Screenshots of the pages
/// touched, at desktop and phone widths, go to artifacts/screenshots/day1.
/// </summary>
public sealed class DayOneJourneyTests
{
    private const string Password = "Journey-Pass-42";

    private const string Time = """
        { "format": "psa-scenario/1", "period": "2026-11",
          "tenant": { "businessHours": { "days": ["Mon","Tue","Wed","Thu","Fri"], "start": "08:00", "end": "18:00" }, "defaultHourlyRate": 120, "glDefault": "4000" },
          "timeEntries": [
            { "id": "N-1", "client": "northwind-traders", "engineer": "kim", "workType": "remote", "start": "2026-11-03T09:00", "minutes": 120, "billable": true, "approved": true },
            { "id": "N-2", "client": "northwind-traders", "engineer": "kim", "workType": "remote", "start": "2026-11-04T19:00", "minutes": 60, "billable": true, "approved": true } ] }
        """;

    [Fact]
    public async Task NewWorkspace_ChecklistToAnIssuedInvoiceMailedWithPdfAndUbl()
    {
        var server = await SharedServer.GetAsync();
        await using var browser = await Browser.LaunchAsync();
        var page = await (await browser.NewContextAsync()).NewPageAsync();
        await page.SetViewportSizeAsync(1280, 900);

        // 1. Sign up; the dashboard shows the checklist with nothing done.
        await page.GotoAsync(server.PublicUrl + "/signup");
        await page.WaitInteractiveAsync();
        await page.GetByLabel("Company name").FillAsync("Kestrel IT");
        await page.GetByLabel("Workspace address").FillAsync("kestrel");
        await Assertions.Expect(page.GetByTestId("slug-availability")).ToContainTextAsync("is available");
        await page.GetByLabel("Your name").FillAsync("Kai Owner");
        await page.GetByLabel("Email").FillAsync("kai@kestrel.test");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create workspace" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("^http://kestrel\\.localhost:\\d+/"), new() { Timeout = 30_000 });
        var site = server.WorkspaceUrl("kestrel");
        await Assertions.Expect(page.GetByTestId("onboarding-progress")).ToHaveTextAsync("0 of 7 done");
        await Assertions.Expect(page.GetByTestId("onboarding")).ToContainTextAsync("Add your first client");
        await BothWidthsAsync(page, "dashboard-checklist");

        // 2. "New project" with no clients offers "Add client", and comes back with the client chosen.
        await page.GotoAsync(site + "/projects/new");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("add-client")).ToContainTextAsync("No clients yet");
        await BothWidthsAsync(page, "new-project-no-clients");
        await page.GetByTestId("add-client").GetByRole(AriaRole.Link, new() { Name = "Add client" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/clients\\?returnUrl="));
        // A fresh load, so typing never lands in the page the link left.
        await page.GotoAsync(page.Url);
        await page.WaitInteractiveAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Northwind Traders");
        await page.GetByLabel("Name", new() { Exact = true }).PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add client" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/projects/new\\?client="), new() { Timeout = 30_000 });
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator("#npClient option:checked")).ToHaveTextAsync("Northwind Traders");

        // 3. A billing contact on the client page.
        await page.GotoAsync(site + "/clients");
        await page.WaitInteractiveAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Northwind Traders" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/clients/[0-9a-f-]{36}$"));
        var clientPage = page.Url;
        await page.GotoAsync(clientPage);
        await page.WaitInteractiveAsync();
        await page.GetByLabel("Contact name").FillAsync("Pat Payables");
        await page.GetByLabel("Contact email").FillAsync("pat@northwind.test");
        await page.GetByLabel("Contact email").PressAsync("Tab");
        await page.GetByText("Billing contact (receives invoices)").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add contact" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("billing-badge")).ToBeVisibleAsync();
        await BothWidthsAsync(page, "client-page");

        // 4. The seller's tax ID is asked for, with the reason, before the first e-invoice.
        await page.GotoAsync(site + "/settings/billing");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("seller-id-needed")).ToContainTextAsync("BR-CO-26");
        await BothWidthsAsync(page, "billing-settings");
        await page.GetByLabel("Seller tax ID").FillAsync("GB123456789");
        await page.GetByLabel("Seller tax ID").PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save billing settings" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("seller-id-needed")).ToHaveCountAsync(0);

        // 5. Logged time (imported), a billing run, then Issue with its confirmation.
        var file = Path.Combine(server.DataDirectory, "day1-time.json");
        await File.WriteAllTextAsync(file, Time);
        var (code, output) = await server.RunCommandAsync("import", "--tenant", "kestrel", "--scenario", file);
        code.ShouldBe(0, output);
        await page.GotoAsync(site + "/billing");
        await page.WaitInteractiveAsync();
        await page.GetByLabel("Period").FillAsync("2026-11");
        await page.GetByLabel("Period").PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run billing" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("runs")).ToContainTextAsync("Kai Owner");
        await BothWidthsAsync(page, "billing");
        await InvoicePage.OpenFirstListedAsync(page);
        var invoiceUrl = page.Url;
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("bill-to")).ToHaveTextAsync("Northwind Traders");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("Approved");
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("pat@northwind.test");
        await page.ShotAsync("day1/invoice-issue-confirmation-desktop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue and send" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("Issued");
        await Assertions.Expect(page.GetByTestId("dates")).Not.ToContainTextAsync("Not issued yet");
        await BothWidthsAsync(page, "invoice");

        // 6. The billing contact's mail: PDF and UBL attached, a portal link in the body.
        var mail = PickupMail.Newest(Path.Combine(server.DataDirectory, "mail", "kestrel"));
        mail.To.ShouldContain("pat@northwind.test");
        mail.Subject.ShouldBe("Invoice INV-00001 from Kestrel IT");
        mail.Html.ShouldContain("/portal/invoices/");
        mail.Attachments.Select(a => a.FileName).ShouldBe(["INV-00001.pdf", "INV-00001.xml"]);
        using (var pdf = PdfDocument.Open(mail.Attachments[0].Content))
        {
            pdf.GetPages().First().Text.ShouldContain("Northwind Traders");
        }

        System.Text.Encoding.UTF8.GetString(mail.Attachments[1].Content).ShouldContain("<cbc:CompanyID>GB123456789</cbc:CompanyID>");

        // 7. The checklist moved on: client, time and billing are done.
        await page.GotoAsync(site + "/");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-step=client]")).ToHaveAttributeAsync("data-done", "true");
        await Assertions.Expect(page.Locator("[data-step=billing]")).ToHaveAttributeAsync("data-done", "true");
        await Assertions.Expect(page.GetByTestId("onboarding-progress")).ToHaveTextAsync("3 of 7 done");
        await page.GotoAsync(site + "/templates");
        await page.WaitInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add starter templates" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("templates")).ToContainTextAsync("Network refresh");
        await BothWidthsAsync(page, "templates");
        await page.GotoAsync(clientPage);
        await page.WaitInteractiveAsync();
        await BothWidthsAsync(page, "client-page-after");
        invoiceUrl.ShouldContain("/billing/invoices/");
    }

    /// <summary>Photographs the page at desktop and phone width and leaves it at desktop width.</summary>
    private static async Task BothWidthsAsync(IPage page, string name)
    {
        await page.ResizeAsync(1280, 900);
        await page.ShotAsync($"day1/{name}-desktop");
        await page.ResizeAsync(390, 844);
        await page.ShotAsync($"day1/{name}-phone");
        await page.ResizeAsync(1280, 900);
    }
}
