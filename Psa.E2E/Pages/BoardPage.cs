using Microsoft.Playwright;
using Psa.E2E.Support;

namespace Psa.E2E.Pages;

/// <summary>A project's Kanban board (<c>/projects/{id}?view=board</c>): a column per task status, a card per task.</summary>
public sealed class BoardPage(IPage page)
{
    public IPage Page => page;

    /// <summary>Opens the board of the project at <paramref name="projectUrl"/>.</summary>
    public static async Task<BoardPage> OpenAsync(IPage page, string projectUrl)
    {
        await page.GotoAsync(projectUrl + "?view=board");
        await page.WaitInteractiveAsync();
        return new BoardPage(page);
    }

    /// <summary>Switches a project page already open to its board.</summary>
    public static async Task<BoardPage> ShowAsync(IPage page)
    {
        await page.GetByTestId("view-board").ClickAsync();
        await Assertions.Expect(page.Locator(".psa-kanban-col").First).ToBeVisibleAsync();
        return new BoardPage(page);
    }

    /// <summary>The column of a status (<c>NotStarted</c>, <c>InProgress</c>, <c>Blocked</c>, <c>Done</c>).</summary>
    public ILocator Column(string status) => page.Locator($".psa-kanban-col[data-status='{status}']");

    /// <summary>A task's card.</summary>
    public ILocator Card(string task) => page.Locator(".mud-drop-item", new() { Has = page.Locator($"[data-task='{task}']") });

    /// <summary>Drags a task's card into a status's column and waits until the column shows it.</summary>
    public async Task MoveAsync(string task, string status)
    {
        await Card(task).DragToAsync(Column(status));
        await Assertions.Expect(Column(status)).ToContainTextAsync(task);
    }
}
