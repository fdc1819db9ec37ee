using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Psa.E2E.Pages;
using Psa.E2E.Support;

namespace Psa.E2E.Journeys;

/// <summary>
/// The pages engineers use in the field fit a phone (390×844) without sideways scrolling; every work page
/// (time, timesheets, projects, billing, templates) is photographed at desktop and phone size.
/// </summary>
public sealed class WorkPagesOnPhoneTests
{
    private const string Password = "Demo-Password-1";
    private const int PhoneWidth = 390;
    private const int PhoneHeight = 844;

    [Fact]
    public async Task TimeAndProjectPages_FitAPhone_WithoutHorizontalScrolling()
    {
        var server = await SharedServer.WithDemoAsync("demo-phone");
        await using var browser = await Browser.LaunchAsync();
        var demo = server.WorkspaceUrl("demo-phone");
        var tooWide = new List<string>();

        // An engineer with a running timer: the week, its actions and the timer all fit the screen.
        var tom = await browser.SignInAsync(demo, "tom@demo.psa.test", Password);
        await tom.SetViewportSizeAsync(PhoneWidth, PhoneHeight);
        var time = await TimePage.OpenAsync(tom, demo);
        await time.StartTimerAsync("Mailbox audit");
        tooWide.AddRange(await WiderThanScreenAsync(tom, "/time"));
        await ExpectWithinScreenAsync(tom, tom.GetByRole(AriaRole.Button, new() { Name = "Submit week" }));
        await tom.ShotAsync("phone-time");

        await time.StopTimerAsync();
        await Assertions.Expect(time.Entries).ToContainTextAsync("Mailbox audit");
        tooWide.AddRange(await WiderThanScreenAsync(tom, "/time with an entry"));
        await tom.ShotAsync("phone-time-entries");

        // A project page, list view (the default) and board view.
        var owner = await browser.SignInAsync(demo, "owner@demo.psa.test", Password);
        await owner.GotoAsync(demo + "/projects");
        await owner.WaitInteractiveAsync();
        await owner.GetByRole(AriaRole.Link, new() { Name = "Contoso — Server migration" }).ClickAsync();
        await Assertions.Expect(owner.GetByTestId("task-list")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var project = owner.Url;
        await owner.ShotAsync("desktop-project");
        await owner.SetViewportSizeAsync(PhoneWidth, PhoneHeight);
        await owner.ReloadAsync();
        await owner.WaitInteractiveAsync();
        tooWide.AddRange(await WiderThanScreenAsync(owner, "a project's task list"));
        tooWide.AddRange(await HeaderGapsAsync(owner, "a project's task list"));
        await owner.ShotAsync("phone-project");
        await BoardPage.ShowAsync(owner);
        await Assertions.Expect(owner).ToHaveURLAsync(new Regex("view=board"));
        await owner.ShotAsync("phone-project-board");

        // Every other work page, photographed at both sizes for review.
        string[] pages =
        [
            "/timesheets", "/projects", "/projects/new", project.Replace(demo, string.Empty, StringComparison.Ordinal) + "/edit",
            "/billing", "/billing/agreements", "/billing/agreements/new", "/billing/blocks", "/billing/gl", "/billing/import",
            "/templates", "/templates/new",
        ];
        foreach (var (width, height, size) in new[] { (1440, 900, "desktop"), (PhoneWidth, PhoneHeight, "phone") })
        {
            await owner.SetViewportSizeAsync(width, height);
            foreach (var path in pages)
            {
                await owner.GotoAsync(demo + path.Split('?')[0]);
                await owner.WaitInteractiveAsync();
                await owner.ShotAsync($"{size}{Regex.Replace(path, "[^a-z]+", "-").TrimEnd('-')}");
                tooWide.AddRange(await HeaderGapsAsync(owner, $"{path} ({size})"));
            }
        }

        // Checked last, so the photographs above are taken even when a page is too wide.
        Assert.Empty(tooWide);
    }

    [Fact]
    public async Task ThePortalAndTheServiceDesk_FitAPhone_WithoutHorizontalScrolling()
    {
        var server = await SharedServer.WithDemoAsync("demo-phone-portal");
        await using var browser = await Browser.LaunchAsync();
        var demo = server.WorkspaceUrl("demo-phone-portal");
        var tooWide = new List<string>();

        // A contact of Contoso, invited to the portal by the owner.
        var owner = await browser.SignInAsync(demo, "owner@demo.psa.test", Password);
        await owner.GotoAsync(demo + "/settings/portal");
        await owner.WaitInteractiveAsync();
        await owner.GetByRole(AriaRole.Combobox, new() { Name = "Client" }).ClickAsync();
        await owner.GetByRole(AriaRole.Option, new() { Name = "Contoso Ltd" }).ClickAsync();
        var jamie = owner.GetByTestId("portal-contacts").GetByRole(AriaRole.Row).Filter(new() { HasText = "Jamie Smith" });
        await jamie.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        await Assertions.Expect(jamie).ToContainTextAsync("invited", new() { Timeout = 20_000 });

        var contact = await (await browser.NewContextAsync()).NewPageAsync();
        await contact.SetViewportSizeAsync(PhoneWidth, PhoneHeight);
        await contact.GotoAsync(server.LastMailLink("demo-phone-portal"));
        await contact.GetByLabel("Password").FillAsync(Password);
        await contact.GetByRole(AriaRole.Button, new() { Name = "Open the portal" }).ClickAsync();
        await Assertions.Expect(contact.GetByTestId("portal-user")).ToHaveTextAsync("Jamie Smith", new() { Timeout = 30_000 });

        // Every portal page: the project with its timeline, support tickets (one raised here), quotes and invoices.
        await contact.WaitInteractiveAsync();
        await ExpectWithinScreenAsync(contact, contact.GetByRole(AriaRole.Button, new() { Name = "Sign out" }));
        tooWide.AddRange(await WiderThanScreenAsync(contact, "the portal's projects"));
        await contact.ShotAsync("phone-portal");
        await PortalProjectPage.OpenFromListAsync(contact, "Contoso — Server migration");
        tooWide.AddRange(await WiderThanScreenAsync(contact, "a portal project"));
        await contact.ShotAsync("phone-portal-project");

        await contact.GotoAsync(demo + "/portal/tickets");
        await contact.WaitInteractiveAsync();
        await contact.GetByLabel("Subject").FillAsync("Printer on the 3rd floor jams");
        await contact.GetByLabel("What happened?").FillAsync("Every second page jams since Monday.");
        await contact.GetByRole(AriaRole.Button, new() { Name = "Raise ticket" }).ClickAsync();
        await Assertions.Expect(contact.GetByText("Printer on the 3rd floor jams").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        tooWide.AddRange(await WiderThanScreenAsync(contact, "the portal's tickets"));
        await contact.ShotAsync("phone-portal-tickets");

        foreach (var path in new[] { "/portal/quotes", "/portal/invoices" })
        {
            await contact.GotoAsync(demo + path);
            await contact.WaitInteractiveAsync();
            tooWide.AddRange(await WiderThanScreenAsync(contact, path));
            await contact.ShotAsync("phone" + path.Replace('/', '-'));
        }

        // The engineer's side of the desk: their tickets and the service board.
        var tom = await browser.SignInAsync(demo, "tom@demo.psa.test", Password);
        await tom.SetViewportSizeAsync(PhoneWidth, PhoneHeight);
        foreach (var path in new[] { "/tickets/mine", "/tickets" })
        {
            await tom.GotoAsync(demo + path);
            await tom.WaitInteractiveAsync();
            tooWide.AddRange(await WiderThanScreenAsync(tom, path));
            await ExpectWithinScreenAsync(tom, tom.GetByRole(AriaRole.Button, new() { Name = "Sign out" }));
            await tom.ShotAsync("phone" + path.Replace('/', '-'));
        }

        Assert.Empty(tooWide);
    }

    private static async Task<IEnumerable<string>> WiderThanScreenAsync(IPage page, string what)
    {
        var (scrollWidth, innerWidth) = await ScrollWidthAsync(page);
        return scrollWidth <= innerWidth ? [] : [$"{what} is {scrollWidth} px wide on a {innerWidth} px screen"];
    }

    /// <summary>
    /// A page header's heading and its buttons sit close together at any width: on a phone the header stacks them, and
    /// the heading once kept its desktop flex basis (320 px) as a height, leaving a blank band above the buttons.
    /// </summary>
    private static async Task<IEnumerable<string>> HeaderGapsAsync(IPage page, string what)
    {
        var gaps = await page.EvaluateAsync<int[]>("""
            () => [...document.querySelectorAll('.psa-page-header')].map(header => {
                const heading = header.querySelector('.psa-page-heading');
                const toolbar = header.querySelector('.psa-toolbar');
                if (!heading || !toolbar || !heading.lastElementChild || toolbar.getBoundingClientRect().height === 0) return 0;
                return Math.round(toolbar.getBoundingClientRect().top - heading.lastElementChild.getBoundingClientRect().bottom);
            })
            """);
        return gaps.Where(g => g > 32).Select(g => $"{what}: {g} px of blank between the page heading and its buttons");
    }

    private static async Task<(int ScrollWidth, int InnerWidth)> ScrollWidthAsync(IPage page)
    {
        var sizes = await page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, window.innerWidth]");
        return (sizes[0], sizes[1]);
    }

    private static async Task ExpectWithinScreenAsync(IPage page, ILocator locator)
    {
        await Assertions.Expect(locator).ToBeVisibleAsync();
        var box = await locator.BoundingBoxAsync(new() { Timeout = 10_000 });
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= PhoneWidth, $"the element spans {box.X}–{box.X + box.Width} px on a {PhoneWidth} px screen");
    }
}
