using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Psa.E2E.Support;
using Psa.FakeXero;
using Shouldly;

namespace Psa.E2E.Journeys;

/// <summary>
/// Issue 12 §7: connect to the (fake) Xero, sync, see reconciliation findings appear and resolve one,
/// open the profitability table, a cell's drill-down and a client's chart. The fake Xero runs in the
/// test process on a free port, as in the integration tests; Psa.Web is pointed at it by configuration.
/// </summary>
public sealed class XeroJourneyTests
{
    private const string Password = "Journey-Pass-42";

    // Approved billable time of October that no billing run has billed: unbilled_time once it is a week old.
    private const string Scenario = """
        { "format": "psa-scenario/1", "period": "2026-10",
          "tenant": { "businessHours": { "days": ["Mon","Tue","Wed","Thu","Fri"], "start": "08:00", "end": "18:00" }, "defaultHourlyRate": 125, "glDefault": "4000" },
          "clients": [ { "id": "contoso", "name": "Contoso Pharmaceuticals", "taxRate": 0.08875 } ],
          "timeEntries": [
            { "id": "T-2001", "client": "contoso", "engineer": "tom", "workType": "remote", "start": "2026-10-06T09:00", "minutes": 120, "billable": true, "approved": true },
            { "id": "T-2002", "client": "contoso", "engineer": "tom", "workType": "remote", "start": "2026-10-07T09:00", "minutes": 60, "billable": true, "approved": true } ] }
        """;

    [Fact]
    public async Task ConnectToXero_Sync_FindingsAppearAndOneIsResolved_ProfitabilityTableAndChart()
    {
        await using var xero = await FakeXeroServer.StartAsync();
        var address = xero.BaseAddress.ToString().TrimEnd('/');
        await using var server = await PsaServer.StartAsync(settings: new Dictionary<string, string>
        {
            ["Psa:Xero:LoginBaseUrl"] = address,
            ["Psa:Xero:IdentityBaseUrl"] = address,
            ["Psa:Xero:ApiBaseUrl"] = address,
            ["Psa:Xero:ClientId"] = xero.Options.ClientId,
            ["Psa:Xero:ClientSecret"] = xero.Options.ClientSecret,
            ["Psa:Xero:WebhookKey"] = xero.Options.WebhookKey,
        });
        var (code, output) = await server.RunCommandAsync("tenant", "create", "--slug", "acme-it", "--name", "Acme IT Services",
            "--admin-email", "owner@acme-it.test", "--admin-password", Password, "--time-zone", "Europe/London", "--currency", "GBP");
        code.ShouldBe(0, output);
        var file = Path.Combine(server.DataDirectory, "scenario.json");
        await File.WriteAllTextAsync(file, Scenario);
        (code, output) = await server.RunCommandAsync("import", "--tenant", "acme-it", "--scenario", file);
        code.ShouldBe(0, output);

        await using var browser = await Browser.LaunchAsync();
        var site = server.WorkspaceUrl("acme-it");
        var page = await browser.SignInAsync(site, "owner@acme-it.test", Password);

        // 1. Connect: Psa → Xero's consent (the fake grants it at once) → back, organisation chosen.
        await page.GotoAsync(site + "/settings/integrations");
        await page.WaitInteractiveAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Connect to Xero" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/settings/integrations\\?xero=connected$"), new() { Timeout = 30_000 });
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("xero-organisation")).ToHaveTextAsync("Fake Xero Demo Company");
        await page.ShotAsync("xero-01-connected");

        // 2. Sync now: the client becomes a Xero contact; the run is listed.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("xero-sync-runs")).ToContainTextAsync("Completed", new() { Timeout = 60_000 });
        xero.State.Single.Contacts.ShouldContain(c => c.Name == "Contoso Pharmaceuticals");
        await page.ShotAsync("xero-02-synced");

        // 3. Reconciliation finds the unbilled October time; it is resolved by hand.
        await page.GotoAsync(site + "/reconciliation");
        await page.WaitInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Run reconciliation now" }).ClickAsync();
        var finding = page.Locator("[data-testid=findings] tr[data-finding='2026-10']");
        await Assertions.Expect(finding).ToContainTextAsync("unbilled_time", new() { Timeout = 30_000 });
        await Assertions.Expect(finding).ToContainTextAsync("375.00");
        await Assertions.Expect(page.Locator("[data-code=unbilled_time]")).ToContainTextAsync("unbilled_time: 1");
        await page.ShotAsync("xero-03-findings");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resolve 2026-10" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-code=unbilled_time]")).ToContainTextAsync("unbilled_time: 0", new() { Timeout = 30_000 });

        // The dashboard shows the same money at risk and links to the page behind it.
        await page.GotoAsync(site + "/");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("unbilled-time")).ToContainTextAsync("375.00");
        await page.ShotAsync("xero-04-dashboard");

        // 4. Profitability: the table, what is behind a cell, and the client's 12-month chart.
        await page.GotoAsync(site + "/profitability");
        await page.WaitInteractiveAsync();
        await page.GetByLabel("From").FillAsync("2026-10");
        await page.GetByLabel("From").PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
        var table = page.GetByTestId("profitability-table");
        await Assertions.Expect(table).ToContainTextAsync("Contoso Pharmaceuticals (contoso)");
        await Assertions.Expect(table).ToContainTextAsync("Break-fix time");
        await page.Locator("[aria-label='Show what is behind contoso Break-fix time']").ClickAsync();
        await Assertions.Expect(page.GetByTestId("profit-cell-cost")).ToContainTextAsync("2026-10-06");
        await page.GetByText("Contoso Pharmaceuticals (contoso)").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("profit-trend").Locator("svg").First).ToBeVisibleAsync();
        await page.ShotAsync("xero-05-profitability");
    }
}
