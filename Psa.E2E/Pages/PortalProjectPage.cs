using Microsoft.Playwright;
using Psa.E2E.Support;

namespace Psa.E2E.Pages;

/// <summary>A client contact's project page in the portal (<c>/portal/projects/{id}</c>): phases, their tasks, comments, files and sign-off.</summary>
public sealed class PortalProjectPage(IPage page)
{
    public IPage Page => page;

    /// <summary>Opens a project from the portal's list by its link (the project's name) and waits for its heading.</summary>
    public static async Task<PortalProjectPage> OpenFromListAsync(IPage page, string projectName)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = projectName }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/portal/projects/"), new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = projectName, Level = 1 })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await page.WaitInteractiveAsync();
        return new PortalProjectPage(page);
    }

    /// <summary>A phase's row: its state and task count.</summary>
    public ILocator Phase(string name) => page.Locator($"[data-testid=portal-phase][data-phase={name}]");

    public ILocator Comments => page.GetByTestId("portal-comment");

    public ILocator Files => page.GetByTestId("portal-files");

    public async Task CommentAsync(string task, string text)
    {
        await page.GetByLabel($"Comment on {task}").FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();
        await Assertions.Expect(Comments).ToContainTextAsync(text, new() { Timeout = 20_000 });
    }

    public async Task AttachAsync(string task, FilePayload file)
    {
        await page.GetByLabel($"Attach a file to {task}").SetInputFilesAsync(file);
        await Assertions.Expect(Files).ToContainTextAsync(file.Name, new() { Timeout = 20_000 });
    }

    /// <summary>Completes the contact's own task (the page offers one "Mark complete" per open task of theirs).</summary>
    public Task MarkCompleteAsync() => page.GetByRole(AriaRole.Button, new() { Name = "Mark complete" }).ClickAsync();

    /// <summary>Signs a completed phase off with the contact's full name.</summary>
    public async Task SignOffAsync(string phase, string fullName)
    {
        await page.GetByLabel("Full name").FillAsync(fullName);
        await page.GetByLabel($"I confirm that “{phase}” is complete and I accept it").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign off phase" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("signed-off")).ToContainTextAsync($"Signed off by {fullName}", new() { Timeout = 20_000 });
    }
}
