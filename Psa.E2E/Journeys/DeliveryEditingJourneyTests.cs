using System.Globalization;
using Microsoft.Playwright;
using Psa.E2E.Support;
using Shouldly;

namespace Psa.E2E.Journeys;

/// <summary>
/// Delivery editing in a real browser: a project built in the UI (PM, phases with a dependency and a gate
/// item, tasks) whose task stays blocked until the gate is checked; project, client and quote editing; the
/// notifications page; and the drag interactions (Gantt move, resize and refusal; workload reassignment).
/// </summary>
public sealed class DeliveryEditingJourneyTests
{
    private const string Password = "Demo-Password-1";
    private static readonly LocatorAssertionsToContainTextOptions Patient = new() { Timeout = 30_000 };

    private static Task<IPage> SignInAsync(Browser browser, string ws, string email) =>
        browser.SignInAsync(ws, email, Password);

    [Fact]
    public async Task Build_a_project_in_the_UI_and_its_task_is_blocked_until_the_gate_is_checked()
    {
        var server = await SharedServer.WithDemoAsync("demo-delivery");
        await using var browser = await Browser.LaunchAsync();
        var ws = server.WorkspaceUrl("demo-delivery");
        var page = await SignInAsync(browser, ws, "owner@demo.psa.test");

        // 1. Create the project with a project manager.
        await page.GotoAsync(ws + "/projects/new");
        await page.WaitInteractiveAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Branch office network");
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync("branch-net");
        await page.GetByLabel("Project manager").SelectOptionAsync(new SelectOptionValue { Label = "Priya Shah" });
        await page.GetByLabel("Billing model").SelectOptionAsync(new SelectOptionValue { Label = "Deposit" });
        await page.Locator("input[name=npDeposit]").FillAsync("30");
        await page.Locator("input[name=npDeposit]").BlurAsync();
        await page.ShotAsync("delivery-01-new-project");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create project" }).ClickAsync();

        // 2. Phases: Survey, then Install depending on it; a gate item on Survey.
        var editor = page.GetByTestId("phase-editor");
        await Assertions.Expect(editor).ToContainTextAsync("No phases yet", Patient);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Branch office network");
        await page.GetByLabel("Phase name").FillAsync("Survey");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add phase" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-phase='Survey']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.GetByLabel("Phase name").FillAsync("Install");
        await page.GetByLabel("Depends on", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Survey" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Add phase" }).ClickAsync();
        var install = page.Locator("[data-phase='Install']");
        await Assertions.Expect(install).ToContainTextAsync("Survey", Patient);
        await page.GetByLabel("New gate item for Survey").FillAsync("Site survey signed");
        await page.Locator("[data-phase='Survey']").GetByRole(AriaRole.Button, new() { Name = "Add gate item to Survey" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-phase='Survey']")).ToContainTextAsync("Site survey signed", Patient);

        // The order must keep Install after Survey: the refusal says why.
        await page.GetByRole(AriaRole.Button, new() { Name = "Move Install up" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("phase-problem")).ToContainTextAsync("it depends on “Survey”", Patient);

        // 3. Tasks: one in each phase, the second with a description and a checklist.
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Walk the site");
        await page.GetByLabel("Phase", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Survey" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Add task" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-phase='Survey']")).ToContainTextAsync("Walk the site", Patient);
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Install switches");
        await page.GetByLabel("Phase", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Install" });
        await page.GetByLabel("Description").FillAsync("Two PoE switches in the comms room.");
        await page.GetByLabel("Checklist").FillAsync("Label ports\nUpdate firmware");
        await page.GetByLabel("Checklist").BlurAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add task" }).ClickAsync();
        await Assertions.Expect(install).ToContainTextAsync("Install switches", Patient);
        await page.ShotAsync("delivery-02-phases");

        // 4. The Install task is blocked by Survey's open gate item, even with Survey's task done.
        await page.GetByTestId("view-list").ClickAsync();
        await page.GetByLabel("Status of Walk the site").SelectOptionAsync("Done");
        await Assertions.Expect(page.Locator("tr[data-task='Walk the site']")).ToContainTextAsync("Walk the site", Patient);
        await Assertions.Expect(page.Locator("[data-testid=task-list] section").First).ToContainTextAsync("1 of 1 tasks complete", Patient);
        await Assertions.Expect(page.Locator("tr[data-task='Install switches']")).ToContainTextAsync("Label ports", Patient);
        await page.GetByLabel("Status of Install switches").SelectOptionAsync("InProgress");
        await Assertions.Expect(page.GetByTestId("refusal")).ToContainTextAsync("“Install switches” cannot start: phase “Survey” is not complete (1 of 1 tasks done) and has open gate items: “Site survey signed”", Patient);
        await page.ShotAsync("delivery-03-blocked");

        // 5. Check the gate on the milestone tracker: Survey completes and the task may start.
        await page.GetByTestId("view-milestones").ClickAsync();
        await page.GetByTestId("milestones").GetByText("Site survey signed").ClickAsync();
        await Assertions.Expect(page.Locator("[data-phase='Survey']")).ToContainTextAsync("Completed", Patient);
        await page.GetByTestId("view-list").ClickAsync();
        await page.GetByLabel("Status of Install switches").SelectOptionAsync("InProgress");
        await Assertions.Expect(page.Locator("tr[data-task='Install switches'] select").First).ToHaveValueAsync("InProgress", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("refusal")).ToHaveCountAsync(0);

        // 6. Edit the project: the form starts from its values; the change shows in the header.
        await page.GetByTestId("edit-project").ClickAsync();
        await Assertions.Expect(page.GetByTestId("project-form")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByLabel("Project manager")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(".+"));
        await page.GetByLabel("Status").SelectOptionAsync(new SelectOptionValue { Label = "Active" });
        await page.Locator("input[name=npHours]").FillAsync("40");
        await page.Locator("input[name=npHours]").BlurAsync();
        await page.ShotAsync("delivery-04-edit-project");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save project" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("budget")).ToContainTextAsync("of 40 h", Patient);
        await Assertions.Expect(page.Locator(".psa-meta-line")).ToContainTextAsync("PM: Priya Shah", Patient);
        await Assertions.Expect(page.Locator(".psa-meta-line")).ToContainTextAsync("Active", Patient);

        // 7. The client: add, edit and remove a contact.
        await page.Locator(".psa-meta-line a[href^='/clients/']").ClickAsync();
        var contacts = page.GetByTestId("contacts");
        await Assertions.Expect(contacts).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.GetByLabel("Contact name").FillAsync("Lee Park");
        await page.GetByLabel("Contact email").FillAsync("lee.park@example.test");
        await page.GetByLabel("Contact email").BlurAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add contact" }).ClickAsync();
        await Assertions.Expect(contacts).ToContainTextAsync("Lee Park", Patient);
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit Lee Park" }).ClickAsync();
        await page.GetByLabel("Name of contact").FillAsync("Lee Parker");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save contact" }).ClickAsync();
        await Assertions.Expect(contacts).ToContainTextAsync("Lee Parker", Patient);
        await page.ShotAsync("delivery-05-client");
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove Lee Parker" }).ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Assertions.Expect(contacts).Not.ToContainTextAsync("Lee Parker", new() { Timeout = 30_000 });

        // 8. A quote is declined.
        await page.GotoAsync(ws + "/quotes");
        await page.WaitInteractiveAsync();
        await page.GetByLabel("Title").FillAsync("Spare access points");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create quote" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("quote-status")).ToContainTextAsync("Draft", Patient);
        await page.GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Decline quote" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("quote-status")).ToContainTextAsync("Declined", Patient);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Mark accepted" })).ToHaveCountAsync(0);

        // 9. Notifications: from the bell to the full page.
        var marco = await SignInAsync(browser, ws, "marco@demo.psa.test");
        await marco.WaitInteractiveAsync();
        await marco.GetByTestId("notifications").ClickAsync();
        await marco.GetByRole(AriaRole.Link, new() { Name = "See all notifications" }).ClickAsync();
        await Assertions.Expect(marco.Locator("h1")).ToContainTextAsync("Notifications", Patient);
        await marco.WaitInteractiveAsync();
        await marco.ShotAsync("delivery-06-notifications");
        await Assertions.Expect(marco.GetByRole(AriaRole.Tab, new() { Name = "Unread" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Gantt_drag_and_resize_save_a_move_before_a_predecessor_is_refused_and_workload_drag_reassigns()
    {
        var server = await SharedServer.WithDemoAsync("demo-gantt");
        await using var browser = await Browser.LaunchAsync();
        var ws = server.WorkspaceUrl("demo-gantt");
        var page = await SignInAsync(browser, ws, "owner@demo.psa.test");
        const string Task = "Provision Hyper-V host and VMs";

        await page.GotoAsync(ws + "/projects");
        await page.WaitInteractiveAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Contoso — Server migration" }).ClickAsync();
        var row = page.Locator($"tr[data-task='{Task}']");
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.WaitInteractiveAsync();
        var start = Day(await row.Locator("td").Nth(3).InnerTextAsync());
        var due = Day(await row.Locator("td").Nth(4).InnerTextAsync());

        // Drag the bar two days later: it saves (and its successors move with it).
        await page.GetByTestId("view-gantt").ClickAsync();
        await Assertions.Expect(page.GetByTestId("gantt")).ToContainTextAsync(Task, Patient);
        await DragBarAsync(page, Task, days: 2, edge: false);
        // When the new start is not a working day of the assignee a second snackbar says so; find the one that reports the move.
        await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "moved with it" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.ShotAsync("delivery-07-gantt-dragged");
        // Two days later, or — when that is not a working day of the assignee — the next one, as the warning says.
        var snapped = await page.Locator(".mud-snackbar").Filter(new() { HasText = "the task starts on" }).CountAsync() > 0;
        await page.GetByTestId("view-list").ClickAsync();
        await Assertions.Expect(row.Locator("td").Nth(3)).Not.ToHaveTextAsync(Text(start), new() { Timeout = 30_000 });
        var moved = Day(await row.Locator("td").Nth(3).InnerTextAsync());
        Assert.True(snapped ? moved > start.AddDays(2) : moved == start.AddDays(2), $"moved to {moved}, snapped: {snapped}");
        var shift = moved.DayNumber - start.DayNumber;
        await Assertions.Expect(row.Locator("td").Nth(4)).ToHaveTextAsync(Text(due.AddDays(shift)));

        // Resize its end by one day: the due date follows.
        await page.GetByTestId("view-gantt").ClickAsync();
        await Assertions.Expect(page.GetByTestId("gantt")).ToContainTextAsync(Task, Patient);
        await DragBarAsync(page, Task, days: 1, edge: true);
        await page.GetByTestId("view-list").ClickAsync();
        await Assertions.Expect(row.Locator("td").Nth(4)).ToHaveTextAsync(Text(due.AddDays(shift + 1)), new() { Timeout = 30_000 });
        await Assertions.Expect(row.Locator("td").Nth(3)).ToHaveTextAsync(Text(moved));

        // Drag it back before its predecessor finishes: refused, with the reason, and nothing changes. Four days before its
        // first start, however far the move above went (a non-working day pushes it on), so a weekend snap cannot bring it back.
        await page.GetByTestId("view-gantt").ClickAsync();
        await Assertions.Expect(page.GetByTestId("gantt")).ToContainTextAsync(Task, Patient);
        await DragBarAsync(page, Task, days: -(shift + 4), edge: false);
        await Assertions.Expect(page.GetByTestId("refusal")).ToContainTextAsync("it must start after “Rack and patch the new server” finishes", Patient);
        await page.ShotAsync("delivery-08-gantt-refused");
        await page.GetByTestId("view-list").ClickAsync();
        await Assertions.Expect(row.Locator("td").Nth(3)).ToHaveTextAsync(Text(moved), new() { Timeout = 30_000 });

        // Workload: drag a task from one engineer to another in the same week.
        await page.GotoAsync(ws + "/workload");
        await page.WaitInteractiveAsync();
        var grid = page.GetByTestId("workload");
        await Assertions.Expect(grid).ToContainTextAsync("Marco Rossi", Patient);
        var pick = await page.EvaluateAsync<string[]>(@"() => {
            const rows = [...document.querySelectorAll('[data-testid=workload] tr[data-engineer]')];
            for (const r of rows) {
                const item = r.querySelector('.mud-drop-item');
                if (!item) continue;
                const week = item.closest('[data-week]').dataset.week;
                const other = rows.find(o => o !== r);
                return [r.dataset.engineer, other.dataset.engineer, week, item.querySelector('.psa-load-task span').textContent.trim()];
            }
            return null; }");
        pick.ShouldNotBeNull("the demo workload has planned tasks");
        var (from, to, week, title) = (pick[0], pick[1], pick[2], pick[3]);
        var item = page.Locator($"tr[data-engineer='{from}'] .mud-drop-item", new() { HasText = title }).First;
        var target = page.Locator($"tr[data-engineer='{to}'] [data-week='{week}']");
        var before = await page.Locator($"tr[data-engineer='{to}'] .mud-drop-item", new() { HasText = title }).CountAsync();
        await item.DragToAsync(target);
        await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = $"now goes to {to}" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator($"tr[data-engineer='{to}'] .mud-drop-item", new() { HasText = title })).ToHaveCountAsync(before + 1, new() { Timeout = 30_000 });
        await page.ShotAsync("delivery-09-workload-reassigned");
    }

    private static DateOnly Day(string text) => DateOnly.ParseExact(text.Trim(), "d MMM", CultureInfo.InvariantCulture);

    private static string Text(DateOnly day) => day.ToString("d MMM", CultureInfo.InvariantCulture);

    /// <summary>Drags a task's bar (or its right edge) by whole days with the mouse, as a person would.</summary>
    private static async Task DragBarAsync(IPage page, string title, int days, bool edge)
    {
        // The pointer module marks the chart once it listens: dragging before that would do nothing.
        var bar = page.Locator("[data-testid=gantt][data-drag-ready] .psa-gantt-bar").And(page.Locator($"[data-task='{title}']"));
        await Assertions.Expect(bar).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await bar.ScrollIntoViewIfNeededAsync();
        var box = (await bar.BoundingBoxAsync()).ShouldNotBeNull();
        var x = edge ? box.X + box.Width - 2 : box.X + box.Width / 2;
        var y = box.Y + box.Height / 2;
        const double DayWidth = 46; // ProjectGantt.DayWidth
        await page.Mouse.MoveAsync((float)x, (float)y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((float)(x + days * DayWidth), (float)y, new() { Steps = 12 });
        await page.Mouse.UpAsync();
    }
}
