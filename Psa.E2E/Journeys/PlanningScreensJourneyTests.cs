using System.Globalization;
using Microsoft.Playwright;
using Psa.E2E.Pages;
using Psa.E2E.Support;
using Shouldly;

namespace Psa.E2E.Journeys;

/// <summary>
/// The planning screens (board, Gantt, workload, reports) at desk and phone sizes, and the Gantt driven from
/// the keyboard alone: a focused bar moves a day with an arrow key and changes its end with Shift+arrow.
/// </summary>
public sealed class PlanningScreensJourneyTests
{
    private const string Password = "Demo-Password-1";
    private const string Task = "Provision Hyper-V host and VMs";

    [Fact]
    public async Task Gantt_moves_a_focused_bar_with_the_keyboard_and_the_planning_screens_fit_a_phone()
    {
        var server = await SharedServer.WithDemoAsync("demo-planning");
        await using var browser = await Browser.LaunchAsync();
        var ws = server.WorkspaceUrl("demo-planning");
        var page = await browser.SignInAsync(ws, "owner@demo.psa.test", Password);

        await page.GotoAsync(ws + "/projects");
        await page.WaitInteractiveAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Contoso — Server migration" }).ClickAsync();
        var row = page.Locator($"tr[data-task='{Task}']");
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.WaitInteractiveAsync();
        var projectUrl = page.Url.Split('?')[0];
        var start = Day(await row.Locator("td").Nth(3).InnerTextAsync());
        var due = Day(await row.Locator("td").Nth(4).InnerTextAsync());
        // The demo routes this task to Tom, who works Monday to Thursday: a move onto another day starts the task on his
        // next working day, its due date moved as far (PlanEditor.RescheduleAsync), so where → lands depends on the weekday.
        await Assertions.Expect(row).ToContainTextAsync("Tom Becker");
        var movedStart = start.AddDays(1);
        while (movedStart.DayOfWeek is DayOfWeek.Friday or DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            movedStart = movedStart.AddDays(1);
        }

        var movedDue = due.AddDays(movedStart.DayNumber - start.DayNumber);

        // Keyboard only: Tab reaches the bar (it is focusable), → moves it a day, Shift+→ lengthens it a day.
        await page.GetByTestId("view-gantt").ClickAsync();
        var bar = page.Locator("[data-testid=gantt][data-drag-ready] .psa-gantt-bar").And(page.Locator($"[data-task='{Task}']"));
        await Assertions.Expect(bar).ToBeVisibleAsync(new() { Timeout = 30_000 });
        (await bar.GetAttributeAsync("aria-label")).ShouldNotBeNull().ShouldContain("Arrow keys move it a day");
        await bar.FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(bar).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(Task)}, {Text(movedStart)}"), new() { Timeout = 30_000 });
        await Assertions.Expect(bar).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Shift+ArrowRight");
        await Assertions.Expect(bar).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex($"– {Text(movedDue.AddDays(1))}\\."), new() { Timeout = 30_000 });
        await page.ShotAsync("planning-01-gantt-desk");
        await page.GetByTestId("view-list").ClickAsync();
        await Assertions.Expect(row.Locator("td").Nth(3)).ToHaveTextAsync(Text(movedStart), new() { Timeout = 30_000 });
        await Assertions.Expect(row.Locator("td").Nth(4)).ToHaveTextAsync(Text(movedDue.AddDays(1)));

        await ShootAsync(page, "desk");

        // A phone: the board is one column of cards that fits the screen; the Gantt and workload grids scroll inside their cards.
        var phone = await (await browser.Instance.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Locale = "en-GB",
            IsMobile = true,
            HasTouch = true,
        })).NewPageAsync();
        await phone.SignInAsync(ws, "owner@demo.psa.test", Password);
        await BoardPage.OpenAsync(phone, projectUrl);
        var kanban = phone.GetByTestId("kanban");
        await Assertions.Expect(kanban).ToContainTextAsync(Task, new() { Timeout = 30_000 });
        var overflow = await kanban.EvaluateAsync<int>("k => k.scrollWidth - k.clientWidth");
        overflow.ShouldBeLessThanOrEqualTo(0, "the board's columns stack on a phone");
        var columns = await phone.Locator(".psa-kanban-col").EvaluateAllAsync<double[]>("cs => cs.map(c => c.getBoundingClientRect().left)");
        columns.Distinct().Count().ShouldBe(1, "one column of statuses under each other");
        await ShootAsync(phone, "phone");
    }

    private static async Task ShootAsync(IPage page, string size)
    {
        var ws = new Uri(page.Url).GetLeftPart(UriPartial.Authority);
        var project = page.Url.Split('?')[0];
        await BoardPage.OpenAsync(page, project);
        await Assertions.Expect(page.GetByTestId("kanban")).ToContainTextAsync(Task, new() { Timeout = 30_000 });
        await page.ShotAsync($"planning-board-{size}");
        await page.GotoAsync(project + "?view=gantt");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("gantt")).ToContainTextAsync(Task, new() { Timeout = 30_000 });
        await page.ShotAsync($"planning-gantt-{size}");
        await page.GotoAsync(ws + "/workload");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("workload")).ToContainTextAsync("Marco Rossi", new() { Timeout = 30_000 });
        await page.ShotAsync($"planning-workload-{size}");
        await page.GotoAsync(ws + "/reports");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("utilisation").Locator("svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.ShotAsync($"planning-reports-{size}");
        await page.GotoAsync(project);
        await page.WaitInteractiveAsync();
    }

    /// <summary>
    /// A "d MMM" date of the demo's plan (seeded around today), in the year that puts it nearest today: the weekday
    /// decides where a move lands, so near New Year a January date must not be read in this year's January.
    /// </summary>
    private static DateOnly Day(string text)
    {
        var parsed = DateOnly.ParseExact(text.Trim(), "d MMM", CultureInfo.InvariantCulture);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return new[] { -1, 0, 1 }
            .Select(offset => new DateOnly(today.Year + offset, parsed.Month, Math.Min(parsed.Day, DateTime.DaysInMonth(today.Year + offset, parsed.Month))))
            .MinBy(candidate => Math.Abs(candidate.DayNumber - today.DayNumber));
    }

    private static string Text(DateOnly day) => day.ToString("d MMM", CultureInfo.InvariantCulture);
}
