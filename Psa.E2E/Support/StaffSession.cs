using Microsoft.Playwright;

namespace Psa.E2E.Support;

/// <summary>Staff sign-in and API tokens through the real pages, shared by the journeys and benchmarks.</summary>
public static class StaffSession
{
    /// <summary>
    /// Signs in on the workspace's sign-in page (a static form: no circuit to wait for) and waits until the
    /// signed-in shell shows.
    /// </summary>
    public static async Task SignInAsync(this IPage page, string workspaceUrl, string email, string password)
    {
        await page.GotoAsync(workspaceUrl + "/signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // On a phone the shell hides the name (the avatar stays), so the name's presence is the signal.
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToBeAttachedAsync(new() { Timeout = 30_000 });
    }

    /// <summary>A new browser context (its own cookies) with a staff member signed in.</summary>
    public static async Task<IPage> SignInAsync(this Browser browser, string workspaceUrl, string email, string password)
    {
        var page = await (await browser.NewContextAsync()).NewPageAsync();
        await page.SignInAsync(workspaceUrl, email, password);
        return page;
    }

    /// <summary>Creates a personal access token on the signed-in staff member's profile page and returns it.</summary>
    public static async Task<string> CreateApiTokenAsync(this IPage staff, string workspaceUrl, string name)
    {
        await staff.GotoAsync(workspaceUrl + "/profile");
        await staff.WaitInteractiveAsync();
        await staff.GetByLabel("Token name").FillAsync(name);
        await staff.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        return (await staff.GetByTestId("new-token").TextContentAsync())!.Trim();
    }
}
