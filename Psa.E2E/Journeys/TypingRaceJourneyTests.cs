using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Psa.E2E.Support;
using Shouldly;

namespace Psa.E2E.Journeys;

/// <summary>
/// A fast typist (or a password manager) types the moment a page appears, while the Blazor circuit is
/// still starting (here: <c>blazor.web.js</c> is held back). The account forms are plain form posts and
/// submit what was typed; interactive forms keep their inputs disabled until the circuit is ready, then
/// accept input. Nothing typed is silently dropped.
/// </summary>
public sealed class TypingRaceJourneyTests
{
    private const string Password = "Journey-Pass-42";
    private const string NewPassword = "Journey-Pass-43";

    [Fact]
    public async Task TypingBeforeTheCircuitStarts_LosesNothing_OnEveryForm()
    {
        var server = await SharedServer.GetAsync();
        await using var browser = await Browser.LaunchAsync();
        var workspace = server.WorkspaceUrl("quickfox");

        // Sign-up: typed, double-clicked and posted before blazor.web.js arrives; one workspace, owner signed in.
        var (owner, ownerCircuit) = await SlowPageAsync(browser);
        await owner.GotoAsync(server.PublicUrl + "/signup", new() { WaitUntil = WaitUntilState.Commit });
        await owner.GetByLabel("Company name").FillAsync("Quick Fox IT");
        await owner.GetByLabel("Workspace address").FillAsync("quickfox");
        await owner.GetByLabel("Your name").FillAsync("Quinn Owner");
        await owner.GetByLabel("Email").FillAsync("quinn@quickfox.test");
        await owner.GetByLabel("Password").FillAsync(Password);
        ownerCircuit.Started.ShouldBeFalse();
        await owner.GetByRole(AriaRole.Button, new() { Name = "Create workspace" }).DblClickAsync();
        await Assertions.Expect(owner).ToHaveURLAsync(new Regex("^http://quickfox\\.localhost:\\d+/"), new() { Timeout = 60_000 });
        await Assertions.Expect(owner.GetByTestId("signed-in-user")).ToHaveTextAsync("Quinn Owner");
        ownerCircuit.Start();
        await owner.WaitInteractiveAsync();

        // An interactive form: disabled while the circuit starts, then it takes what is typed.
        ownerCircuit.Hold();
        await owner.GotoAsync(workspace + "/settings/users", new() { WaitUntil = WaitUntilState.Commit });
        var inviteEmail = owner.GetByLabel("Email", new() { Exact = true });
        await Assertions.Expect(inviteEmail).ToBeDisabledAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Button, new() { Name = "Send invitation" })).ToBeDisabledAsync();
        ownerCircuit.Start();
        await Assertions.Expect(inviteEmail).ToBeEnabledAsync(new() { Timeout = 20_000 });
        await owner.GetByLabel("Name", new() { Exact = true }).FillAsync("Ivy Invitee");
        await inviteEmail.FillAsync("ivy@quickfox.test");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Assertions.Expect(owner.GetByTestId("invitations")).ToContainTextAsync("ivy@quickfox.test");

        // Invitation acceptance, then sign-in, both typed at once.
        var (invitee, inviteeCircuit) = await SlowPageAsync(browser);
        await invitee.GotoAsync(LastMailLink(server, "/accept-invitation"), new() { WaitUntil = WaitUntilState.Commit });
        await invitee.GetByLabel("Password").FillAsync(Password);
        inviteeCircuit.Started.ShouldBeFalse();
        await invitee.GetByRole(AriaRole.Button, new() { Name = "Accept invitation" }).ClickAsync();
        await Assertions.Expect(invitee.GetByTestId("signed-in-user")).ToHaveTextAsync("Ivy Invitee", new() { Timeout = 30_000 });
        inviteeCircuit.Start();

        var (returning, returningCircuit) = await SlowPageAsync(browser);
        await returning.GotoAsync(workspace + "/signin", new() { WaitUntil = WaitUntilState.Commit });
        await returning.GetByLabel("Email").FillAsync("ivy@quickfox.test");
        await returning.GetByLabel("Password").FillAsync(Password);
        returningCircuit.Started.ShouldBeFalse();
        await returning.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(returning.GetByTestId("signed-in-user")).ToHaveTextAsync("Ivy Invitee", new() { Timeout = 30_000 });
        returningCircuit.Start();

        // Forgot and reset password.
        var (forgetful, forgetfulCircuit) = await SlowPageAsync(browser);
        await forgetful.GotoAsync(workspace + "/forgot-password", new() { WaitUntil = WaitUntilState.Commit });
        await forgetful.GetByLabel("Email").FillAsync("ivy@quickfox.test");
        await forgetful.GetByRole(AriaRole.Button, new() { Name = "Send reset link" }).ClickAsync();
        await Assertions.Expect(forgetful.GetByText("we have emailed a link")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        forgetfulCircuit.Start();
        var resetLink = LastMailLink(server, "/reset-password");
        forgetfulCircuit.Hold();
        await forgetful.GotoAsync(resetLink, new() { WaitUntil = WaitUntilState.Commit });
        await forgetful.GetByLabel("New password").FillAsync(NewPassword);
        forgetfulCircuit.Started.ShouldBeFalse();
        await forgetful.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(forgetful.GetByText("Your password was changed")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await forgetful.GetByLabel("Email").FillAsync("ivy@quickfox.test");
        await forgetful.GetByLabel("Password").FillAsync(NewPassword);
        await forgetful.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(forgetful.GetByTestId("signed-in-user")).ToHaveTextAsync("Ivy Invitee", new() { Timeout = 30_000 });

        // Portal invitation acceptance and portal sign-in.
        var token = await owner.CreateApiTokenAsync(workspace, "typing-race");
        using (var api = new WorkspaceApi(server, "quickfox", token))
        {
            var client = await api.PostAsync("/api/v1/clients", new { code = "contoso", name = "Contoso Ltd", taxRatePercent = 0 });
            await api.PostAsync($"/api/v1/clients/{client["id"]!.GetValue<Guid>()}/contacts", new { name = "Pat Portal", email = "pat@contoso.test", primary = true });
        }

        await owner.GotoAsync(workspace + "/settings/portal");
        await owner.WaitInteractiveAsync();
        await owner.GetByTestId("portal-contacts").GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        await Assertions.Expect(owner.GetByTestId("portal-contacts")).ToContainTextAsync("invited");

        var (contact, contactCircuit) = await SlowPageAsync(browser);
        await contact.GotoAsync(LastMailLink(server, "/portal/accept-invitation"), new() { WaitUntil = WaitUntilState.Commit });
        await contact.GetByLabel("Password").FillAsync(Password);
        contactCircuit.Started.ShouldBeFalse();
        await contact.GetByRole(AriaRole.Button, new() { Name = "Open the portal" }).ClickAsync();
        await Assertions.Expect(contact.GetByTestId("portal-user")).ToHaveTextAsync("Pat Portal", new() { Timeout = 30_000 });
        contactCircuit.Start();

        var (again, againCircuit) = await SlowPageAsync(browser);
        await again.GotoAsync(workspace + "/portal/signin", new() { WaitUntil = WaitUntilState.Commit });
        await again.GetByLabel("Email", new() { Exact = true }).FillAsync("pat@contoso.test");
        await again.GetByLabel("Password").FillAsync(Password);
        againCircuit.Started.ShouldBeFalse();
        await again.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(again.GetByTestId("portal-user")).ToHaveTextAsync("Pat Portal", new() { Timeout = 30_000 });

        // One workspace from the double click: its address is taken, and there is no second one.
        var check = await owner.Context.APIRequest.GetAsync(server.PublicUrl + "/signup/address?slug=quickfox");
        (await check.TextAsync()).ShouldContain("already taken");
        forgetfulCircuit.Start();
        againCircuit.Start();
    }

    private static async Task<(IPage Page, HeldCircuit Circuit)> SlowPageAsync(Browser browser)
    {
        var context = await browser.NewContextAsync();
        var circuit = new HeldCircuit();
        await context.RouteAsync("**/_framework/blazor.web.js", async route =>
        {
            await circuit.WaitAsync();
            await route.ContinueAsync();
        });
        return (await context.NewPageAsync(), circuit);
    }

    /// <summary>The link in the last mail sent (the Outbox shows links with their tokens redacted).</summary>
    private static string LastMailLink(PsaServer server, string path)
    {
        var link = server.LastMailLink("quickfox");
        link.ShouldContain(path + "?");
        return link;
    }

    /// <summary>Holds the browser's request for blazor.web.js, so the page stays prerendered, until started.</summary>
    private sealed class HeldCircuit
    {
        private TaskCompletionSource _start = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Started => _start.Task.IsCompleted;

        public void Start() => _start.TrySetResult();

        public void Hold() => _start = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task WaitAsync() => _start.Task;
    }
}
