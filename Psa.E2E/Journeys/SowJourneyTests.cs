using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Psa.E2E.Support;
using Shouldly;

namespace Psa.E2E.Journeys;

/// <summary>
/// A statement of work becomes a project: on a won quote, a Word SOW is uploaded, the proposal reviewed
/// (a task renamed, a task from past projects accepted), the project created, its Gantt shows the phases
/// and tasks, and its Milestones view the payment schedule and the phase dependencies. The review is also seen on a phone.
/// </summary>
public sealed class SowJourneyTests
{
    private const string Password = "Demo-Password-1";
    private static readonly LocatorAssertionsToContainTextOptions Patient = new() { Timeout = 30_000 };

    private static string SowFile()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Psa.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir!.FullName, "tests", "sow-corpus", "17-server-migration-word.docx");
    }

    [Fact]
    public async Task A_Word_SOW_on_a_won_quote_becomes_a_project_with_its_dependencies_and_milestones()
    {
        var server = await SharedServer.WithDemoAsync("demo-sow");
        await using var browser = await Browser.LaunchAsync();
        var ws = server.WorkspaceUrl("demo-sow");
        var page = await browser.SignInAsync(ws, "owner@demo.psa.test", Password);

        // 1. The quote is won.
        await page.GotoAsync(ws + "/quotes");
        await page.WaitInteractiveAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Q-1001" }).First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/quotes/[0-9a-f-]{36}$"), new() { Timeout = 30_000 });
        await page.WaitInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark accepted" }).ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("acceptance")).ToContainTextAsync("Sales order SO-", Patient);

        // 2. Create from statement of work: upload the Word file.
        await page.GetByRole(AriaRole.Link, new() { Name = "Create from statement of work" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/projects/new/sow\\?client=.+&quote=.+"), new() { Timeout = 30_000 });
        await page.WaitInteractiveAsync();
        await page.Locator("#sowFile").ChooseFileAsync(SowFile(), page.GetByTestId("chosen-file"));
        await page.ShotAsync("sow-01-upload-desk");
        await page.GetByRole(AriaRole.Button, new() { Name = "Read statement of work" }).ClickAsync();

        // 3. Review: the SOW's words highlighted beside each item, a reason on demand, a task edited, a seeded task accepted.
        var phases = page.GetByTestId("proposal-phase");
        await Assertions.Expect(phases).ToHaveCountAsync(3, new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("similar-projects")).ToContainTextAsync("contoso-server-migration", Patient);
        await Assertions.Expect(phases.Nth(1).GetByTestId("phase-dependency")).ToContainTextAsync("after Phase 1 — Discovery & Planning");
        await Assertions.Expect(phases.Nth(1).Locator("[data-testid=task-source] mark").First).ToContainTextAsync("Provision and configure the new server");
        var why = page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Why .+ for Migrate file shares and permissions$") });
        await why.ClickAsync();
        await Assertions.Expect(page.GetByTestId("assignment-reason")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var title = page.GetByLabel("Title of Migrate file shares and permissions");
        await title.FillAsync("Migrate file shares, permissions and DFS links");
        await title.PressAsync("Tab");
        await Assertions.Expect(page.GetByLabel("Title of Migrate file shares, permissions and DFS links")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var seeded = page.Locator("[data-seeded=true]").Filter(new() { HasText = "from past projects" });
        (await seeded.CountAsync()).ShouldBeGreaterThan(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept Decommission the old server" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-seeded=true]").Filter(new() { HasText = "Accepted" })).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await page.ShotAsync("sow-02-review-desk");

        // 4. Create: the project, its Gantt with the dependency arrows, its Milestones with the schedule.
        await page.GetByRole(AriaRole.Button, new() { Name = "Create project" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/projects/[0-9a-f-]{36}"), new() { Timeout = 30_000 });
        await page.WaitInteractiveAsync();
        var projectUrl = page.Url.Split('?')[0];
        await Assertions.Expect(page.Locator("tr[data-task='Migrate file shares, permissions and DFS links']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("tr[data-task='Decommission the old server']")).ToBeVisibleAsync();
        await page.GotoAsync(projectUrl + "?view=gantt");
        await page.WaitInteractiveAsync();
        var gantt = page.GetByTestId("gantt");
        await Assertions.Expect(gantt).ToContainTextAsync("Phase 2 — Migration", Patient);
        await Assertions.Expect(gantt).ToContainTextAsync("Decommission the old server");
        await Assertions.Expect(gantt).ToContainTextAsync("Phase 3 — Handover & Closure");
        // Each phase the SOW puts after another is an arrow from its last task to the next phase's first.
        await Assertions.Expect(gantt.Locator("svg.psa-gantt-links path[marker-end]")).ToHaveCountAsync(2);
        await page.ShotAsync("sow-03-gantt-desk");
        await page.GotoAsync(projectUrl + "?view=milestones");
        await page.WaitInteractiveAsync();
        var milestones = page.GetByTestId("milestones");
        await Assertions.Expect(milestones.Locator("[data-phase='Phase 2 — Migration']")).ToContainTextAsync("Milestone", Patient);
        await Assertions.Expect(milestones.Locator("[data-phase='Phase 2 — Migration']")).ToContainTextAsync("40");
        await Assertions.Expect(milestones.Locator("[data-phase='Phase 3 — Handover & Closure']")).ToContainTextAsync("30");
        // The phase dependencies the SOW states hold: each later phase waits for the one before it.
        await Assertions.Expect(milestones.Locator("[data-phase='Phase 2 — Migration']")).ToContainTextAsync("Awaiting Phase 1 — Discovery & Planning");
        await Assertions.Expect(milestones.Locator("[data-phase='Phase 3 — Handover & Closure']")).ToContainTextAsync("Awaiting Phase 2 — Migration");
        await page.ShotAsync("sow-04-milestones-desk");

        // 5. The same review on a phone fits the screen.
        var phone = await (await browser.Instance.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Locale = "en-GB",
            IsMobile = true,
            HasTouch = true,
        })).NewPageAsync();
        await phone.SignInAsync(ws, "owner@demo.psa.test", Password);
        await phone.GotoAsync(ws + "/projects/new/sow");
        await phone.WaitInteractiveAsync();
        await phone.Locator("#sowFile").ChooseFileAsync(SowFile(), phone.GetByTestId("chosen-file"));
        await phone.ShotAsync("sow-01-upload-phone");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Read statement of work" }).ClickAsync();
        await Assertions.Expect(phone.GetByTestId("proposal-phase")).ToHaveCountAsync(3, new() { Timeout = 30_000 });
        var overflow = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        overflow.ShouldBeLessThanOrEqualTo(0, "the review fits a phone's width");
        await phone.ShotAsync("sow-02-review-phone");
    }
}
