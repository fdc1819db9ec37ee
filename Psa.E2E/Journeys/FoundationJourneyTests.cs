using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Psa.E2E.Support;
using Shouldly;

namespace Psa.E2E.Journeys;

/// <summary>
/// Sign up → land signed in on the new workspace → invite an engineer who accepts and signs in →
/// a platform administrator suspends the workspace → the workspace shows the suspended page.
/// </summary>
public sealed class FoundationJourneyTests
{
    private const string Password = "Journey-Pass-42";

    [Fact]
    public async Task SignUp_Invite_Accept_Suspend()
    {
        var server = await SharedServer.GetAsync();
        var (code, output) = await server.RunCommandAsync("admin", "create", "--email", "ops@platform.test", "--password", Password);
        code.ShouldBe(0, output);
        await using var browser = await Browser.LaunchAsync();

        // 1. Sign up on the public site.
        var owner = await (await browser.NewContextAsync()).NewPageAsync();
        await owner.GotoAsync(server.PublicUrl + "/signup");
        await owner.WaitInteractiveAsync();
        await owner.GetByLabel("Company name").FillAsync("Bluebird Networks");
        await Assertions.Expect(owner.GetByTestId("slug-availability")).ToContainTextAsync("bluebird-networks.localhost is available");
        await owner.GetByLabel("Workspace address").FillAsync("bluebird");
        await Assertions.Expect(owner.GetByTestId("slug-availability")).ToContainTextAsync("is available");
        await owner.GetByLabel("Your name").FillAsync("Bea Owner");
        await owner.GetByLabel("Email").FillAsync("bea@bluebird.test");
        await owner.GetByLabel("Password").FillAsync(Password);
        await owner.ShotAsync("foundation-01-signup");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Create workspace" }).ClickAsync();

        // 2. Lands signed in on its own host.
        await Assertions.Expect(owner).ToHaveURLAsync(new Regex("^http://bluebird\\.localhost:\\d+/"), new() { Timeout = 30_000 });
        await Assertions.Expect(owner.GetByTestId("workspace-name")).ToHaveTextAsync("Bluebird Networks");
        await Assertions.Expect(owner.GetByTestId("signed-in-user")).ToHaveTextAsync("Bea Owner");
        await Assertions.Expect(owner.GetByTestId("welcome")).ToBeVisibleAsync();
        await owner.ShotAsync("foundation-02-dashboard");

        // 3. Invite an engineer.
        await owner.GotoAsync(server.WorkspaceUrl("bluebird") + "/settings/users");
        await owner.WaitInteractiveAsync();
        await owner.GetByLabel("Name", new() { Exact = true }).FillAsync("Eli Engineer");
        await owner.GetByLabel("Email", new() { Exact = true }).FillAsync("eli@bluebird.test");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Assertions.Expect(owner.GetByTestId("invitations")).ToContainTextAsync("eli@bluebird.test");
        await owner.ShotAsync("foundation-03-users");

        await owner.GotoAsync(server.WorkspaceUrl("bluebird") + "/settings/outbox");
        await owner.WaitInteractiveAsync();
        await Assertions.Expect(owner.GetByTestId("outbox")).ToContainTextAsync("You are invited to Bluebird Networks");
        await owner.ShotAsync("foundation-04-outbox");
        // The Outbox shows the link without its token; the recipient's copy (pickup folder here) holds it.
        (await owner.GetByTestId("mail-links").Locator("a").First.GetAttributeAsync("href")).ShouldNotBeNull().ShouldContain("token=redacted");
        var link = server.LastMailLink("bluebird");
        link.ShouldContain("/accept-invitation?token=inv_");

        // 4. The engineer accepts in another browser and is signed in; then signs out and in again.
        var engineer = await (await browser.NewContextAsync()).NewPageAsync();
        await engineer.GotoAsync(link);
        await Assertions.Expect(engineer.GetByText("You were invited as")).ToContainTextAsync("Engineer");
        await engineer.GetByLabel("Password").FillAsync(Password);
        await engineer.GetByRole(AriaRole.Button, new() { Name = "Accept invitation" }).ClickAsync();
        await Assertions.Expect(engineer.GetByTestId("signed-in-user")).ToHaveTextAsync("Eli Engineer");
        await engineer.WaitInteractiveAsync();
        await engineer.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(engineer).ToHaveURLAsync(new Regex("/signin"), new() { Timeout = 30_000 });
        await engineer.GetByLabel("Email").FillAsync("eli@bluebird.test");
        await engineer.GetByLabel("Password").FillAsync(Password);
        await engineer.ShotAsync("foundation-05-signin");
        await engineer.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(engineer.GetByTestId("signed-in-user")).ToHaveTextAsync("Eli Engineer");
        // Engineers do not administer the workspace.
        await Assertions.Expect(engineer.GetByRole(AriaRole.Link, new() { Name = "Settings" })).ToHaveCountAsync(0);

        // 5. A platform administrator suspends the workspace.
        var admin = await (await browser.NewContextAsync()).NewPageAsync();
        await admin.GotoAsync(server.PublicUrl + "/admin");
        await Assertions.Expect(admin).ToHaveURLAsync(new Regex("/admin/signin"), new() { Timeout = 30_000 });
        await admin.GetByLabel("Email").FillAsync("ops@platform.test");
        await admin.GetByLabel("Password").FillAsync(Password);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await admin.WaitInteractiveAsync();
        var row = admin.Locator("tr[data-slug='bluebird']");
        await Assertions.Expect(row).ToContainTextAsync("Active");
        await admin.ShotAsync("foundation-06-admin");
        await row.GetByRole(AriaRole.Button, new() { Name = "Suspend" }).ClickAsync();
        var dialog = admin.Locator(".mud-dialog");
        await Assertions.Expect(dialog).ToContainTextAsync("Its users and clients will see a suspended page");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Suspend" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Suspended");

        // 6. The open workspace page reloads by itself into the suspended page; new requests get 503.
        await Assertions.Expect(engineer.GetByRole(AriaRole.Heading, new() { Name = "This workspace is suspended" })).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await engineer.ShotAsync("foundation-07-suspended");
        var response = await engineer.GotoAsync(server.WorkspaceUrl("bluebird") + "/");
        response.ShouldNotBeNull().Status.ShouldBe(503);

        await admin.GotoAsync(server.PublicUrl + "/admin/audit");
        await Assertions.Expect(admin.GetByTestId("audit")).ToContainTextAsync("suspend");
    }
}

public sealed class WorkspaceSettingsJourneyTests
{
    [Fact]
    public async Task Owner_ChangesBranding_AndUsesAnApiToken()
    {
        var server = await SharedServer.GetAsync();
        (await server.RunCommandAsync("tenant", "create", "--slug", "harbor", "--name", "Harbor IT", "--admin-email", "hal@harbor.test",
            "--admin-password", "Journey-Pass-42", "--admin-name", "Hal Harbor")).ExitCode.ShouldBe(0);
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.SignInAsync(server.WorkspaceUrl("harbor"), "hal@harbor.test", "Journey-Pass-42");
        await page.WaitInteractiveAsync();

        // A second tab watches the shell while the first changes the workspace name.
        var watcher = await page.Context.NewPageAsync();
        await watcher.GotoAsync(server.WorkspaceUrl("harbor") + "/");
        await watcher.WaitInteractiveAsync();

        await page.GotoAsync(server.WorkspaceUrl("harbor") + "/settings");
        await page.WaitInteractiveAsync();
        await page.GetByLabel("Company name").FillAsync("Harbor Managed IT");
        await page.GetByLabel("Default hourly rate").FillAsync("150");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Settings saved")).ToBeVisibleAsync();
        await page.ShotAsync("foundation-08-settings");
        await Assertions.Expect(watcher.GetByTestId("workspace-name")).ToHaveTextAsync("Harbor Managed IT");

        await page.GotoAsync(server.WorkspaceUrl("harbor") + "/profile");
        await page.WaitInteractiveAsync();
        await page.GetByLabel("Token name").FillAsync("Accounting sync");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var token = await page.GetByTestId("new-token").TextContentAsync();
        token.ShouldNotBeNull().ShouldStartWith("psa_");
        await page.ShotAsync("foundation-09-profile");

        // .NET's resolver does not map *.localhost to loopback as browsers do: name the host in the header.
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{server.Port}/api/v1/me");
        request.Headers.Host = $"harbor.localhost:{server.Port}";
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var me = await (await http.SendAsync(request)).Content.ReadAsStringAsync();
        me.ShouldContain("hal@harbor.test");
        me.ShouldContain("\"workspace\":\"harbor\"");
    }
}
