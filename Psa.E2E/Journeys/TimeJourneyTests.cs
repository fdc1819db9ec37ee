using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Psa.E2E.Pages;
using Psa.E2E.Support;

namespace Psa.E2E.Journeys;

/// <summary>
/// An engineer starts a timer on a task, reloads (the timer survives), stops it and submits the week;
/// a project manager approves it; the entries are locked and the time shows on the utilisation report.
/// The workspace, team, clients, project and tasks come from the demo seeder (there is no project UI
/// on this branch yet).
/// </summary>
public sealed class TimeJourneyTests
{
    private const string Password = "Demo-Password-1";

    [Fact]
    public async Task Timer_Submit_Approve_Locks_AndShowsInUtilisation()
    {
        var server = await SharedServer.WithDemoAsync("demo-time");
        await using var browser = await Browser.LaunchAsync();
        var demo = server.WorkspaceUrl("demo-time");

        // 1. Tom starts a timer on a task with one click.
        var tom = await TimePage.OpenAsync(await SignInAsync(browser, demo, "tom@demo.psa.test"), demo);
        await tom.StartTimerAsync("Mailbox audit");

        // 2. The timer is in the database: a reload shows it still running.
        await tom.ReloadAsync();
        await Assertions.Expect(tom.RunningTimer).ToContainTextAsync("Mailbox audit");
        await tom.Page.ShotAsync("time-01-timer-running");

        // 3. Stop it: its entry appears in the week; submit the week. The week still runs: Psa says so and
        // submits only when asked again.
        await tom.StopTimerAsync();
        await Assertions.Expect(tom.Entries).ToContainTextAsync("Mailbox audit");
        await tom.SubmitWeekAsync(early: true);
        await tom.Page.ShotAsync("time-02-week-submitted");

        // 4. Priya (project manager) reviews and approves Tom's week.
        var priya = await SignInAsync(browser, demo, "priya@demo.psa.test");
        await priya.GotoAsync(demo + "/timesheets");
        await priya.WaitInteractiveAsync();
        await priya.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Review Tom Becker") }).First.ClickAsync();
        await Assertions.Expect(priya.GetByTestId("review-entries")).ToContainTextAsync("Mailbox audit");
        await priya.ShotAsync("time-03-timesheet-review");
        await priya.GetByRole(AriaRole.Button, new() { Name = "Approve week" }).ClickAsync();
        await Assertions.Expect(priya.GetByTestId("early-warning")).ToContainTextAsync("This week is not over");
        await priya.GetByRole(AriaRole.Button, new() { Name = "Approve anyway" }).ClickAsync();
        await Assertions.Expect(priya.GetByText("Week approved")).ToBeVisibleAsync();

        // 5. Tom's week is approved and locked: no edit or delete.
        await tom.ReloadAsync();
        await Assertions.Expect(tom.WeekState).ToHaveTextAsync("Approved");
        await Assertions.Expect(tom.EntryChanges).ToHaveCountAsync(0);
        await tom.Page.ShotAsync("time-04-week-approved");

        // 6. The time shows on the utilisation report.
        await priya.GotoAsync(demo + "/reports");
        await priya.WaitInteractiveAsync();
        await Assertions.Expect(priya.GetByTestId("utilisation-table")).ToContainTextAsync("Tom Becker");
        await Assertions.Expect(priya.GetByTestId("utilisation").Locator("svg").First).ToBeVisibleAsync();
        await priya.ShotAsync("time-05-utilisation");
    }

    private static Task<IPage> SignInAsync(Browser browser, string workspace, string email) =>
        browser.SignInAsync(workspace, email, Password);
}
