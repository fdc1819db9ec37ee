using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Psa.E2E.Support;
using Psa.Tests.Support;
using Shouldly;

namespace Psa.E2E.Journeys;

/// <summary>
/// Staff set up company sign-in for a client → the client's contact signs in through their own
/// OpenID provider (a real oidc-provider) → sees only their project → staff complete a task and the
/// contact's page shows the progress without reloading.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class PortalJourneyTests
{
    private const string Password = "Journey-Pass-42";

    [Fact]
    public async Task Contact_SignsInWithCompanySso_AndFollowsTheProjectLive()
    {
        await using var server = await PsaServer.StartAsync();
        (await server.RunCommandAsync("tenant", "create", "--slug", "acme", "--name", "Acme IT", "--admin-email", "owner@acme.test",
            "--admin-password", Password, "--admin-name", "Olive Owner")).ExitCode.ShouldBe(0);
        await using var idp = await TestIdentityProvider.StartAsync($"{server.WorkspaceUrl("acme")}/portal/sso/callback");
        await using var browser = await Browser.LaunchAsync();

        // Staff sign in and make an API token.
        var staff = await (await browser.NewContextAsync()).NewPageAsync();
        await staff.GotoAsync(server.WorkspaceUrl("acme") + "/signin");
        await staff.GetByLabel("Email").FillAsync("owner@acme.test");
        await staff.GetByLabel("Password").FillAsync(Password);
        await staff.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await staff.GotoAsync(server.WorkspaceUrl("acme") + "/profile");
        await staff.WaitInteractiveAsync();
        await staff.GetByLabel("Token name").FillAsync("journey");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var token = (await staff.GetByTestId("new-token").TextContentAsync())!.Trim();

        // A client with a contact and a project with two tasks, through the API.
        using var api = new WorkspaceApi(server, "acme", token);
        var client = await api.PostAsync("/api/v1/clients", new { code = "contoso", name = "Contoso Ltd", taxRatePercent = 0 });
        var clientId = client["id"]!.GetValue<Guid>();
        await api.PostAsync($"/api/v1/clients/{clientId}/contacts", new { name = "Alice Contoso", email = "alice@contoso.test", primary = true });
        await api.PostAsync($"/api/v1/clients/{clientId}/contacts", new { name = "Bob Other", email = "bob@elsewhere.test", primary = false });
        var project = await api.PostAsync("/api/v1/projects", new
        {
            code = "contoso-m365", clientId, name = "Microsoft 365 migration", projectType = "Cloud", status = "Active",
            start = "2026-11-23", end = "2026-12-18", budgetHours = 40, billingModel = "AsWorked", routingMode = "LoadBalancing",
        });
        var projectId = project["id"]!.GetValue<Guid>();
        var phase = await api.PostAsync($"/api/v1/projects/{projectId}/phases", new { name = "Migrate mailboxes", requiresClientSignOff = false });
        var phaseId = phase["id"]!.GetValue<Guid>();
        var first = await api.PostAsync($"/api/v1/projects/{projectId}/tasks", new { phaseId, title = "Pilot five mailboxes", estimateMinutes = 120, startDate = "2026-11-23", dueDate = "2026-11-24" });
        await api.PostAsync($"/api/v1/projects/{projectId}/tasks", new { phaseId, title = "Migrate remaining mailboxes", estimateMinutes = 480, startDate = "2026-11-25", dueDate = "2026-11-27" });

        // Staff configure the client's company sign-in.
        await staff.GotoAsync(server.WorkspaceUrl("acme") + "/settings/portal");
        await staff.WaitInteractiveAsync();
        await staff.GetByLabel("Authority").FillAsync(idp.Issuer);
        await staff.GetByLabel("Client ID").FillAsync(TestIdentityProvider.ClientId);
        await staff.GetByLabel("Client secret").FillAsync(TestIdentityProvider.ClientSecret);
        await staff.GetByLabel("Allowed email domains").FillAsync("contoso.test");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save sign-in settings" }).ClickAsync();
        await Assertions.Expect(staff.GetByText("Company sign-in saved")).ToBeVisibleAsync();
        await staff.ShotAsync("portal-01-settings");

        // The contact signs in with their company account.
        var contact = await (await browser.NewContextAsync()).NewPageAsync();
        await contact.GotoAsync(server.WorkspaceUrl("acme") + "/portal");
        await Assertions.Expect(contact).ToHaveURLAsync(new Regex("/portal/signin"), new() { Timeout = 30_000 });
        await contact.ShotAsync("portal-02-signin");
        await contact.GetByLabel("Work email").FillAsync("alice@contoso.test");
        await contact.GetByRole(AriaRole.Button, new() { Name = "Continue with company sign-in" }).ClickAsync();
        await Assertions.Expect(contact).ToHaveURLAsync(new Regex("^" + Regex.Escape(idp.Issuer)), new() { Timeout = 30_000 });
        await contact.Locator("input[name=login]").FillAsync("alice@contoso.test");
        await contact.Locator("input[name=password]").FillAsync("anything");
        await contact.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(contact).ToHaveURLAsync(new Regex("/portal$"), new() { Timeout = 30_000 });
        await contact.WaitInteractiveAsync();
        await Assertions.Expect(contact.GetByTestId("portal-user")).ToHaveTextAsync("Alice Contoso");
        await Assertions.Expect(contact.GetByRole(AriaRole.Heading, new() { Name = "Contoso Ltd" })).ToBeVisibleAsync();
        var phaseRow = contact.GetByTestId("portal-phase").First;
        await Assertions.Expect(phaseRow).ToContainTextAsync("0 of 2 tasks complete");

        // Staff finish a task; the contact sees it without reloading.
        var taskId = first["id"]!.GetValue<Guid>();
        await api.PatchAsync($"/api/v1/projects/{projectId}/tasks/{taskId}", new { status = "Done" });
        await Assertions.Expect(phaseRow).ToContainTextAsync("1 of 2 tasks complete", new() { Timeout = 5_000 });
        await contact.ShotAsync("portal-03-project-live");

        // The portal session is not a staff session.
        var staffPage = await contact.GotoAsync(server.WorkspaceUrl("acme") + "/settings");
        contact.Url.ShouldContain("/signin");
        staffPage.ShouldNotBeNull();
    }

    /// <summary>The API of one workspace; .NET does not resolve *.localhost, so the host travels in the header.</summary>
    private sealed class WorkspaceApi(PsaServer server, string slug, string token) : IDisposable
    {
        private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
        private readonly HttpClient _http = new();

        public Task<JsonNode> PostAsync(string path, object body) => SendAsync(HttpMethod.Post, path, body);

        public Task<JsonNode> PatchAsync(string path, object body) => SendAsync(HttpMethod.Patch, path, body);

        private async Task<JsonNode> SendAsync(HttpMethod method, string path, object body)
        {
            using var request = new HttpRequestMessage(method, $"http://127.0.0.1:{server.Port}{path}") { Content = JsonContent.Create(body, options: Json) };
            request.Headers.Host = $"{slug}.localhost:{server.Port}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await _http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            response.IsSuccessStatusCode.ShouldBeTrue($"{method} {path}: {(int)response.StatusCode} {text}");
            return JsonNode.Parse(text)!;
        }

        public void Dispose() => _http.Dispose();
    }
}
