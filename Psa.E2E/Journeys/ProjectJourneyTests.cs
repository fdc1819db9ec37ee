using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Psa.E2E.Pages;
using Psa.E2E.Support;
using Shouldly;

namespace Psa.E2E.Journeys;

/// <summary>
/// Build a template → quote with a line linked to it → accept → project deployed with routed
/// assignments → move a task on the board → the Gantt shows it → a second browser saw it live.
/// Runs against the demo workspace (engineers with skills, clients, a team).
/// </summary>
public sealed class ProjectJourneyTests
{
    private const string Password = "Demo-Password-1";

    private static Task<IPage> SignInAsync(Browser browser, string ws, string email) =>
        browser.SignInAsync(ws, email, Password);

    [Fact]
    public async Task Template_Quote_Accept_Route_Board_Gantt_Live()
    {
        var server = await SharedServer.WithDemoAsync("demo-project");
        await using var browser = await Browser.LaunchAsync();
        var ws = server.WorkspaceUrl("demo-project");
        var owner = await SignInAsync(browser, ws, "owner@demo.psa.test");

        // 1. Build a template.
        await owner.GotoAsync(ws + "/templates/new");
        await owner.WaitInteractiveAsync();
        await owner.GetByLabel("Name", new() { Exact = true }).FillAsync("Firewall refresh");
        await owner.GetByLabel("Project type").FillAsync("Network");
        await owner.GetByLabel("Phase name").FillAsync("Install");
        await owner.GetByRole(AriaRole.Button, new() { Name = "+ Add task" }).ClickAsync();
        await owner.GetByRole(AriaRole.Button, new() { Name = "+ Add task" }).ClickAsync();
        await owner.GetByLabel("Task title").Nth(0).FillAsync("Configure firewall and VPN");
        await owner.GetByLabel("Task title").Nth(1).FillAsync("Update network documentation");
        await owner.GetByLabel("Task title").Nth(1).BlurAsync();
        await owner.GetByRole(AriaRole.Button, new() { Name = "Save template" }).ClickAsync();
        // Saved: the page becomes the stored template's page, which is the only one with "Deploy…".
        await Assertions.Expect(owner.GetByRole(AriaRole.Link, new() { Name = "Deploy…" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(owner).ToHaveURLAsync(new Regex("/templates/[0-9a-f-]{36}$"));

        // 2. A quote with a line linked to it.
        await owner.GotoAsync(ws + "/quotes");
        await owner.WaitInteractiveAsync();
        await owner.GetByLabel("Title").FillAsync("Firewall refresh");
        await owner.GetByLabel("Title").BlurAsync();
        await owner.GetByRole(AriaRole.Button, new() { Name = "Create quote" }).ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Button, new() { Name = "Add line" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(owner).ToHaveURLAsync(new Regex("/quotes/[0-9a-f-]{36}$"));
        await owner.WaitInteractiveAsync();
        await owner.GetByLabel("Description").FillAsync("Firewall refresh service");
        await owner.GetByLabel("Unit price").FillAsync("2400");
        await owner.GetByLabel("Labour hours").FillAsync("12");
        await owner.GetByLabel("Project template").SelectOptionAsync(new SelectOptionValue { Label = "Firewall refresh" });
        await owner.GetByRole(AriaRole.Button, new() { Name = "Add line" }).ClickAsync();
        await Assertions.Expect(owner.GetByTestId("quote-lines")).ToContainTextAsync("Firewall refresh service");
        await Assertions.Expect(owner.GetByTestId("quote-total")).ToContainTextAsync("2,400.00");

        // 3. Accept: sales order, project deployed, tasks routed, engineers notified.
        await owner.GetByRole(AriaRole.Button, new() { Name = "Mark accepted" }).ClickAsync();
        await owner.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        var acceptance = owner.GetByTestId("acceptance");
        await Assertions.Expect(acceptance).ToContainTextAsync("Sales order SO-");
        await Assertions.Expect(acceptance).ToContainTextAsync("2 of 2 tasks assigned");
        await owner.ShotAsync("project-01-quote-accepted");
        await acceptance.GetByRole(AriaRole.Link).First.ClickAsync();
        var firewall = owner.Locator("tr[data-task='Configure firewall and VPN']");
        await Assertions.Expect(firewall).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(owner).ToHaveURLAsync(new Regex("/projects/[0-9a-f-]{36}"));
        await owner.WaitInteractiveAsync();
        var projectUrl = owner.Url.Split('?')[0];
        await Assertions.Expect(firewall).ToContainTextAsync("skills: Networking 5");
        await Assertions.Expect(firewall.GetByLabel("Assignee of Configure firewall and VPN")).ToHaveValueAsync(new Regex("[0-9a-f-]{36}"));
        await Assertions.Expect(owner.GetByTestId("budget")).ToContainTextAsync("of 12 h");
        await owner.ShotAsync("project-02-list");

        // 4. A second person opens the same board.
        var pm = await BoardPage.OpenAsync(await SignInAsync(browser, ws, "priya@demo.psa.test"), projectUrl);
        await Assertions.Expect(pm.Column("InProgress")).Not.ToContainTextAsync("Configure firewall and VPN");

        // 5. Move the task on the board.
        var board = await BoardPage.ShowAsync(owner);
        await board.MoveAsync("Configure firewall and VPN", "InProgress");
        await owner.ShotAsync("project-03-kanban");

        // 6. The other browser sees it without reloading.
        await Assertions.Expect(pm.Column("InProgress")).ToContainTextAsync("Configure firewall and VPN", new() { Timeout = 10_000 });
        await pm.Page.ShotAsync("project-04-kanban-live");

        // 7. The Gantt shows the same data.
        await owner.GetByTestId("view-gantt").ClickAsync();
        var gantt = owner.GetByTestId("gantt");
        await Assertions.Expect(gantt).ToContainTextAsync("Configure firewall and VPN");
        await Assertions.Expect(gantt.Locator(".psa-bar-inprogress")).ToHaveCountAsync(1);
        await owner.ShotAsync("project-05-gantt");

        await owner.GetByTestId("view-milestones").ClickAsync();
        await Assertions.Expect(owner.GetByTestId("milestones")).ToContainTextAsync("0 of 2 tasks complete");
        await owner.ShotAsync("project-06-milestones");

        // Screens for review: the seeded project's Gantt and the workload.
        await owner.GotoAsync(ws + "/projects");
        await owner.WaitInteractiveAsync();
        await owner.GetByRole(AriaRole.Link, new() { Name = "Contoso — Server migration" }).ClickAsync();
        await owner.WaitInteractiveAsync();
        await owner.GetByTestId("view-gantt").ClickAsync();
        await Assertions.Expect(owner.GetByTestId("gantt")).ToContainTextAsync("Provision Hyper-V host");
        await owner.ShotAsync("project-07-gantt-seeded");
        await owner.GotoAsync(ws + "/workload");
        await owner.WaitInteractiveAsync();
        await Assertions.Expect(owner.GetByTestId("workload")).ToContainTextAsync("Marco Rossi");
        await owner.ShotAsync("project-08-workload");

        // The engineers were told: an email in the outbox and an in-app notification.
        await owner.GotoAsync(ws + "/settings/outbox");
        await Assertions.Expect(owner.GetByTestId("outbox")).ToContainTextAsync("assigned to you");
        var marco = await SignInAsync(browser, ws, "marco@demo.psa.test");
        await marco.WaitInteractiveAsync();
        await marco.GetByTestId("notifications").ClickAsync();
        await Assertions.Expect(marco.GetByRole(AriaRole.Dialog, new() { Name = "Notifications" })).ToContainTextAsync("assigned to you on A. Datum Corporation — Firewall refresh service");
    }
}
