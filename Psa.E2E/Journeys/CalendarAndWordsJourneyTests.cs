using Microsoft.Playwright;
using Psa.E2E.Support;

namespace Psa.E2E.Journeys;

/// <summary>
/// Issue 14 §4, §2 and §5 in the browser, photographed at desktop and phone width under
/// <c>artifacts/screenshots/day1/</c>: the workload and Gantt of a busy workspace, a project's editor asking
/// before unsaved changes are lost, a week submitted before it ends, block purchases beside deductions.
/// </summary>
public sealed class CalendarAndWordsJourneyTests
{
    private const string Password = "Demo-Password-1";

    [Fact]
    public async Task Busy_workspace_pages_read_as_words_and_warn_before_early_or_lost_work()
    {
        var server = await SharedServer.WithDemoAsync("demo-calendar");
        await using var browser = await Browser.LaunchAsync();
        var demo = server.WorkspaceUrl("demo-calendar");

        // Tom submits this week while it still runs: Psa says so and submits only when asked again.
        var tom = await browser.SignInAsync(demo, "tom@demo.psa.test", Password);
        await tom.GotoAsync(demo + "/time");
        await tom.WaitInteractiveAsync();
        await tom.GetByRole(AriaRole.Button, new() { Name = "Start timer on Mailbox audit" }).ClickAsync();
        await tom.GetByRole(AriaRole.Button, new() { Name = "Stop timer" }).ClickAsync();
        await Assertions.Expect(tom.GetByTestId("time-entries")).ToContainTextAsync("Mailbox audit");
        await tom.GetByRole(AriaRole.Button, new() { Name = "Submit week" }).ClickAsync();
        await Assertions.Expect(tom.GetByTestId("early-warning")).ToContainTextAsync("This week is not over");
        await Assertions.Expect(tom.GetByTestId("week-state")).ToHaveTextAsync("Not submitted");
        await tom.ShotAsync("day1/time-early-submit-after-desktop");
        await tom.ResizeAsync(390, 844);
        await tom.ShotAsync("day1/time-early-submit-after-phone");

        // The project editor asks before unsaved changes are lost, and stays when told to.
        var owner = await browser.SignInAsync(demo, "owner@demo.psa.test", Password);
        await owner.GotoAsync(demo + "/projects");
        await owner.WaitInteractiveAsync();
        await owner.GetByRole(AriaRole.Link, new() { Name = "Contoso — Server migration" }).ClickAsync();
        await Assertions.Expect(owner.GetByTestId("task-list")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var project = owner.Url.Split('?')[0];
        await owner.GotoAsync(project + "/edit");
        await owner.WaitInteractiveAsync();
        await owner.GetByLabel("Budget hours").FillAsync("99");
        await owner.GetByLabel("Budget hours").BlurAsync();
        var asked = new TaskCompletionSource<string>();
        owner.Dialog += async (_, dialog) =>
        {
            asked.TrySetResult(dialog.Message);
            await dialog.DismissAsync();
        };
        await owner.GetByRole(AriaRole.Link, new() { Name = "Cancel" }).ClickAsync();
        Assert.Equal("You have changes that are not saved. Leave this page and lose them?", await asked.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        await Assertions.Expect(owner).ToHaveURLAsync(project + "/edit");
        await Assertions.Expect(owner.GetByLabel("Budget hours")).ToHaveValueAsync("99");

        // The pages of issue 14, photographed in a fresh tab (the editor above still holds its change).
        owner = await browser.SignInAsync(demo, "owner@demo.psa.test", Password);
        foreach (var (width, height, size) in new[] { (1440, 900, "desktop"), (390, 844, "phone") })
        {
            await owner.SetViewportSizeAsync(width, height);
            foreach (var (path, name) in new[]
            {
                ("/workload", "workload"), (project.Replace(demo, string.Empty, StringComparison.Ordinal) + "?view=gantt", "gantt"),
                (project.Replace(demo, string.Empty, StringComparison.Ordinal), "project-list"), ("/projects", "projects"),
                ("/billing/blocks", "blocks"), ("/timesheets", "timesheets"),
            })
            {
                await owner.GotoAsync(demo + path);
                await owner.WaitInteractiveAsync();
                await owner.ShotAsync($"day1/{name}-after-{size}");
            }
        }

        await owner.GotoAsync(demo + "/billing/blocks");
        await Assertions.Expect(owner.GetByText("Purchases and renewals").First).ToBeVisibleAsync();
        await Assertions.Expect(owner.GetByText("Deductions").First).ToBeVisibleAsync();
    }
}
