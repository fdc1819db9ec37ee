using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Psa.E2E.Support;

namespace Psa.E2E.Pages;

/// <summary>The engineer's Time page (<c>/time</c>): timers, the week's entries and submitting the week.</summary>
public sealed class TimePage(IPage page)
{
    public IPage Page => page;

    /// <summary>The running timer's panel (absent when no timer runs).</summary>
    public ILocator RunningTimer => page.GetByTestId("running-timer");

    /// <summary>The week's entries.</summary>
    public ILocator Entries => page.GetByTestId("time-entries");

    /// <summary>The week's state: Open, Submitted, Approved, Rejected.</summary>
    public ILocator WeekState => page.GetByTestId("week-state");

    /// <summary>The edit and delete buttons of the week's entries (none on a locked week).</summary>
    public ILocator EntryChanges => Entries.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^(Edit|Delete) entry") });

    public static async Task<TimePage> OpenAsync(IPage page, string workspaceUrl)
    {
        await page.GotoAsync(workspaceUrl + "/time");
        await page.WaitInteractiveAsync();
        return new TimePage(page);
    }

    /// <summary>Reloads the page (what the database holds, not what the circuit remembered).</summary>
    public async Task ReloadAsync()
    {
        await page.ReloadAsync();
        await page.WaitInteractiveAsync();
    }

    public async Task StartTimerAsync(string task)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = $"Start timer on {task}" }).ClickAsync();
        await Assertions.Expect(RunningTimer).ToContainTextAsync(task);
    }

    public async Task StopTimerAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop timer" }).ClickAsync();
        await Assertions.Expect(RunningTimer).ToHaveCountAsync(0);
    }

    /// <summary>Submits the week; a week still running asks first (<paramref name="early"/>), and is submitted when asked again.</summary>
    public async Task SubmitWeekAsync(bool early = false)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit week" }).ClickAsync();
        if (early)
        {
            await Assertions.Expect(page.GetByTestId("early-warning")).ToContainTextAsync("This week is not over");
            await page.GetByRole(AriaRole.Button, new() { Name = "Submit anyway" }).ClickAsync();
        }

        await Assertions.Expect(WeekState).ToHaveTextAsync("Submitted");
    }
}
