using System.Globalization;
using Microsoft.Playwright;
using Psa.E2E.Pages;
using Psa.E2E.Support;
using Shouldly;

namespace Psa.E2E.Journeys;

/// <summary>
/// A contact raises a ticket in the portal → routing gives it to the engineer → the engineer opens it and
/// starts work (the timer starts), replies, sets Waiting on client (the timer stops, the SLA pauses) → the
/// contact answers in the portal, live → the engineer resolves it → the time is on the engineer's week and,
/// once approved, in the billing preview.
/// </summary>
public sealed class ServiceDeskJourneyTests
{
    private const string Password = "Journey-Pass-42";

    [Fact]
    public async Task PortalTicket_Routed_Worked_Answered_Resolved_TimeOnTheTimesheetAndInTheBillingPreview()
    {
        const string slug = "acme-desk";
        var server = await SharedServer.GetAsync();
        (await server.RunCommandAsync("tenant", "create", "--slug", slug, "--name", "Acme IT", "--admin-email", "owner@acme.test",
            "--admin-password", Password, "--admin-name", "Olive Owner")).ExitCode.ShouldBe(0);
        await using var browser = await Browser.LaunchAsync();
        var site = server.WorkspaceUrl(slug);

        var staff = await browser.SignInAsync(site, "owner@acme.test", Password);
        var token = await staff.CreateApiTokenAsync(site, "desk-journey");
        using var api = new WorkspaceApi(server, slug, token);
        var clientId = (await api.PostAsync("/api/v1/clients", new { code = "contoso", name = "Contoso Ltd", taxRatePercent = 0 }))["id"]!.GetValue<Guid>();
        await api.PostAsync($"/api/v1/clients/{clientId}/contacts", new { name = "Alice Contoso", email = "alice@contoso.test", primary = true });
        await api.GetAsync("/api/v1/timers"); // the owner's engineer profile, so routing has someone to choose

        // The contact is invited to the portal and opens it.
        await staff.GotoAsync(site + "/settings/portal");
        await staff.WaitInteractiveAsync();
        await staff.GetByTestId("portal-contacts").GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        await Assertions.Expect(staff.GetByTestId("portal-contacts")).ToContainTextAsync("invited", new() { Timeout = 20_000 });
        var contact = await (await browser.NewContextAsync()).NewPageAsync();
        var invitation = server.LastMailLink(slug);
        invitation.ShouldContain("/portal/accept-invitation?");
        await contact.GotoAsync(invitation);
        await contact.GetByLabel("Password").FillAsync(Password);
        await contact.GetByRole(AriaRole.Button, new() { Name = "Open the portal" }).ClickAsync();
        await Assertions.Expect(contact.GetByTestId("portal-user")).ToHaveTextAsync("Alice Contoso", new() { Timeout = 30_000 });

        // 1. The contact raises a ticket.
        await contact.GotoAsync(site + "/portal/tickets");
        await contact.WaitInteractiveAsync();
        await contact.GetByLabel("Subject").FillAsync("Printer on floor 2 is offline");
        await contact.GetByLabel("What happened?").FillAsync("Nobody on floor 2 can print since this morning.");
        await contact.GetByRole(AriaRole.Button, new() { Name = "Raise ticket" }).ClickAsync();
        await Assertions.Expect(contact.GetByTestId("ticket-title")).ToHaveTextAsync("#1 Printer on floor 2 is offline", new() { Timeout = 30_000 });
        await contact.WaitInteractiveAsync();
        await Assertions.Expect(contact.GetByTestId("ticket-status")).ToHaveTextAsync("Open");
        await Assertions.Expect(contact.Locator("main")).ToContainTextAsync("Olive Owner is on it");
        await contact.ShotAsync("desk-01-portal-raised");

        // 2. Routed to the engineer, who opens it and starts work: the timer starts.
        await staff.GotoAsync(site + "/tickets/1");
        await Assertions.Expect(staff.GetByTestId("ticket-title")).ToHaveTextAsync("#1 Printer on floor 2 is offline", new() { Timeout = 30_000 });
        await staff.WaitInteractiveAsync();
        await Assertions.Expect(staff.GetByTestId("ticket-status")).ToHaveTextAsync("Assigned");
        await Assertions.Expect(staff.Locator("main")).ToContainTextAsync("Olive Owner —");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Start work" }).ClickAsync();
        await Assertions.Expect(staff.GetByTestId("ticket-status")).ToHaveTextAsync("In progress", new() { Timeout = 20_000 });
        await Assertions.Expect(staff.GetByTestId("ticket-timer")).ToBeVisibleAsync();
        await Assertions.Expect(staff.GetByTestId("running-timer")).ToContainTextAsync("#1 Printer on floor 2 is offline", new() { Timeout = 20_000 });
        await staff.ShotAsync("desk-02-in-progress");

        // 3. The engineer replies, logging 15 minutes, and waits on the client: the timer stops, the SLA pauses.
        await staff.GetByLabel("Reply", new() { Exact = true }).FillAsync("Please switch the printer off and on, then tell me what the display says.");
        await staff.GetByLabel("Minutes to log").FillAsync("15");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        await Assertions.Expect(staff.GetByTestId("conversation")).ToContainTextAsync("switch the printer off and on", new() { Timeout = 20_000 });
        await staff.GetByRole(AriaRole.Button, new() { Name = "Waiting on client" }).ClickAsync();
        await Assertions.Expect(staff.GetByTestId("ticket-status")).ToHaveTextAsync("Waiting on client", new() { Timeout = 20_000 });
        await Assertions.Expect(staff.GetByTestId("ticket-timer")).ToHaveCountAsync(0);
        await Assertions.Expect(staff.GetByTestId("running-timer")).ToHaveCountAsync(0);
        await Assertions.Expect(staff.GetByTestId("sla-clocks")).ToContainTextAsync("Paused");
        await staff.ShotAsync("desk-03-waiting");

        // 4. The contact sees the reply live and answers in the portal; the engineer sees it live.
        await Assertions.Expect(contact.GetByTestId("conversation")).ToContainTextAsync("switch the printer off and on", new() { Timeout = 20_000 });
        await Assertions.Expect(contact.GetByTestId("ticket-status")).ToHaveTextAsync("Waiting for you");
        await contact.GetByLabel("Your reply").FillAsync("It says paper jam in tray 2.");
        await contact.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        await Assertions.Expect(contact.GetByTestId("conversation")).ToContainTextAsync("paper jam in tray 2", new() { Timeout = 20_000 });
        await contact.ShotAsync("desk-04-portal-reply");
        await Assertions.Expect(staff.GetByTestId("conversation")).ToContainTextAsync("paper jam in tray 2", new() { Timeout = 20_000 });
        await Assertions.Expect(staff.GetByTestId("ticket-status")).ToHaveTextAsync("Assigned");

        // 5. Resolved.
        await staff.GetByLabel("Resolution").FillAsync("Cleared the jam in tray 2.");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Assertions.Expect(staff.GetByTestId("ticket-status")).ToHaveTextAsync("Resolved", new() { Timeout = 20_000 });
        await Assertions.Expect(contact.GetByTestId("ticket-status")).ToHaveTextAsync("Resolved", new() { Timeout = 20_000 });
        await staff.ShotAsync("desk-05-resolved");

        // 6. The timer's minute and the reply's 15 minutes are on the engineer's week.
        var entries = (await TimePage.OpenAsync(staff, site)).Entries;
        await Assertions.Expect(entries).ToContainTextAsync("Contoso Ltd", new() { Timeout = 20_000 });
        await Assertions.Expect(entries.GetByTestId("time-entry").Filter(new() { HasText = "Contoso Ltd" })).ToHaveCountAsync(2);
        await staff.ShotAsync("desk-06-timesheet");

        // 7. Once the week is approved, the ticket's time is in the billing preview for this month.
        var today = DateTime.UtcNow;
        var sheet = await api.PostAsync($"/api/v1/timesheets/{today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}/submit", new { });
        await api.PostAsync($"/api/v1/timesheets/{sheet["id"]!.GetValue<Guid>()}/approve", new { comment = "ok" }, expectBody: false);
        await staff.GotoAsync(site + "/billing");
        await staff.WaitInteractiveAsync();
        await staff.GetByLabel("Period").FillAsync(today.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        await staff.GetByLabel("Period").PressAsync("Tab");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Assertions.Expect(staff.GetByTestId("preview")).ToContainTextAsync("Contoso Ltd", new() { Timeout = 20_000 });
        await staff.ShotAsync("desk-07-billing-preview");
    }
}
