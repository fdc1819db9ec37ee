using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Psa.E2E.Pages;
using Psa.E2E.Support;
using Psa.Tests.Support;
using Shouldly;

namespace Psa.E2E.Journeys;

/// <summary>
/// Staff set up company sign-in for a client → the client's contact signs in through their own
/// OpenID provider (a real oidc-provider) → sees only their project → staff complete a task and the
/// contact's page shows the progress without reloading.
/// </summary>
public sealed class PortalJourneyTests
{
    private const string Password = "Journey-Pass-42";

    [Fact]
    public async Task Contact_SignsInWithCompanySso_AndFollowsTheProjectLive()
    {
        const string slug = "acme-sso";
        var server = await SharedServer.GetAsync();
        (await server.RunCommandAsync("tenant", "create", "--slug", slug, "--name", "Acme IT", "--admin-email", "owner@acme.test",
            "--admin-password", Password, "--admin-name", "Olive Owner")).ExitCode.ShouldBe(0);
        await using var idp = await TestIdentityProvider.StartAsync($"{server.WorkspaceUrl(slug)}/portal/sso/callback");
        await using var browser = await Browser.LaunchAsync();

        // Staff sign in and make an API token.
        var staff = await (await browser.NewContextAsync()).NewPageAsync();
        var token = await StaffTokenAsync(server, slug, staff);

        // A client with a contact and a project with two tasks, through the API.
        using var api = new WorkspaceApi(server, slug, token);
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
        await staff.GotoAsync(server.WorkspaceUrl(slug) + "/settings/portal");
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
        await contact.GotoAsync(server.WorkspaceUrl(slug) + "/portal");
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
        var staffPage = await contact.GotoAsync(server.WorkspaceUrl(slug) + "/settings");
        contact.Url.ShouldContain("/signin");
        staffPage.ShouldNotBeNull();
    }

    /// <summary>
    /// Two browser contexts: staff complete a task → the contact sees the progress live → the contact
    /// comments, attaches a file, completes their task and signs the phase off → staff see the phase
    /// complete and the milestone's draft invoice live → the contact accepts a quote and views and
    /// prints the issued invoice.
    /// </summary>
    [Fact]
    public async Task Contact_SignsOffThePhase_StaffSeeItLive_ThenTheContactAcceptsAQuoteAndPrintsTheInvoice()
    {
        const string slug = "acme-signoff";
        var server = await SharedServer.GetAsync();
        (await server.RunCommandAsync("tenant", "create", "--slug", slug, "--name", "Acme IT", "--admin-email", "owner@acme.test",
            "--admin-password", Password, "--admin-name", "Olive Owner")).ExitCode.ShouldBe(0);
        await using var idp = await TestIdentityProvider.StartAsync($"{server.WorkspaceUrl(slug)}/portal/sso/callback");
        await using var browser = await Browser.LaunchAsync();
        var staff = await (await browser.NewContextAsync()).NewPageAsync();
        var token = await StaffTokenAsync(server, slug, staff);

        using var api = new WorkspaceApi(server, slug, token);
        var clientId = (await api.PostAsync("/api/v1/clients", new { code = "contoso", name = "Contoso Ltd", taxRatePercent = 0 }))["id"]!.GetValue<Guid>();
        await api.PostAsync($"/api/v1/clients/{clientId}/contacts", new { name = "Alice Contoso", email = "alice@contoso.test", primary = true });
        var projectId = (await api.PostAsync("/api/v1/projects", new
        {
            code = "contoso-fw", clientId, name = "Firewall refresh", projectType = "Network", status = "Active",
            start = "2026-11-23", end = "2026-12-18", budgetHours = 20, billingModel = "Milestone", value = 10000, routingMode = "Manual",
        }))["id"]!.GetValue<Guid>();
        var design = (await api.PostAsync($"/api/v1/projects/{projectId}/phases", new { name = "Design", requiresClientSignOff = true, milestonePercent = 0.3 }))["id"]!.GetValue<Guid>();
        var install = (await api.PostAsync($"/api/v1/projects/{projectId}/phases", new { name = "Install", requiresClientSignOff = false, milestonePercent = 0.7, dependsOnPhaseId = design }))["id"]!.GetValue<Guid>();
        await api.PostAsync($"/api/v1/projects/{projectId}/tasks", new { phaseId = install, title = "Install firewalls", estimateMinutes = 240, startDate = "2026-11-30", dueDate = "2026-12-02" });
        var survey = (await api.PostAsync($"/api/v1/projects/{projectId}/tasks", new { phaseId = design, title = "Site survey", estimateMinutes = 120, startDate = "2026-11-23", dueDate = "2026-11-24" }))["id"]!.GetValue<Guid>();
        var approve = (await api.PostAsync($"/api/v1/projects/{projectId}/tasks", new { phaseId = design, title = "Approve the network diagram", estimateMinutes = 30, startDate = "2026-11-25", dueDate = "2026-11-26" }))["id"]!.GetValue<Guid>();
        await api.PatchAsync($"/api/v1/projects/{projectId}/tasks/{approve}", new { clientEditable = true });
        var quoteId = (await api.PostAsync("/api/v1/quotes", new { clientId, title = "Wi-Fi upgrade" }))["id"]!.GetValue<Guid>();
        await api.PostAsync($"/api/v1/quotes/{quoteId}/lines", new { kind = "Hardware", description = "Access points", quantity = 4, unitPrice = 350 });
        await api.PostAsync($"/api/v1/quotes/{quoteId}/send", new { });

        // Staff: company sign-in for the client, and milestones invoiced at sign-off.
        await staff.GotoAsync(server.WorkspaceUrl(slug) + "/settings/portal");
        await staff.WaitInteractiveAsync();
        await staff.GetByLabel("Raise a draft invoice at once when a client signs off a milestone").CheckAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save portal options" }).ClickAsync();
        await Assertions.Expect(staff.GetByText("Portal options saved")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await staff.GetByLabel("Authority").FillAsync(idp.Issuer);
        await staff.GetByLabel("Client ID").FillAsync(TestIdentityProvider.ClientId);
        await staff.GetByLabel("Client secret").FillAsync(TestIdentityProvider.ClientSecret);
        await staff.GetByLabel("Allowed email domains").FillAsync("contoso.test");
        await staff.GetByLabel("Allowed email domains").BlurAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save sign-in settings" }).ClickAsync();
        await Assertions.Expect(staff.GetByText("Company sign-in saved")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await staff.ShotAsync("portal-10-settings-options");

        // The contact signs in and opens the project.
        var contact = await (await browser.NewContextAsync()).NewPageAsync();
        await SsoSignInAsync(server, slug, idp, contact);
        var project = await PortalProjectPage.OpenFromListAsync(contact, "Firewall refresh");
        var designRow = project.Phase("Design");
        await Assertions.Expect(designRow).ToContainTextAsync("Ready to start · 0 of 2 tasks complete", new() { Timeout = 20_000 });
        await Assertions.Expect(project.Phase("Install")).ToContainTextAsync("Awaiting Design · 0 of 1 tasks complete");
        await contact.ShotAsync("portal-11-project");

        // Staff complete their task: the contact sees it live.
        await api.PatchAsync($"/api/v1/projects/{projectId}/tasks/{survey}", new { status = "Done" });
        await Assertions.Expect(designRow).ToContainTextAsync("1 of 2 tasks complete", new() { Timeout = 20_000 });

        // The contact comments, attaches a file and completes their task.
        await project.CommentAsync("Approve the network diagram", "Looks right; VLAN 20 is for guests.");
        await project.AttachAsync("Approve the network diagram", new FilePayload
        {
            Name = "diagram-approved.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4 approved"u8.ToArray(),
        });
        await project.MarkCompleteAsync();
        await Assertions.Expect(designRow).ToContainTextAsync("2 of 2 tasks complete", new() { Timeout = 20_000 });

        // Staff watch the milestones and the billing dashboard while the contact signs off.
        await staff.GotoAsync(server.WorkspaceUrl(slug) + $"/projects/{projectId}?view=milestones");
        await staff.WaitInteractiveAsync();
        var staffDesign = staff.Locator("article[data-phase=Design]");
        await Assertions.Expect(staffDesign).ToContainTextAsync("2 of 2 tasks complete", new() { Timeout = 20_000 });
        await Assertions.Expect(staffDesign.GetByTestId("phase-state")).ToHaveTextAsync("In progress");
        await Assertions.Expect(designRow.GetByTestId("phase-state")).ToHaveTextAsync("In progress · 2 of 2 tasks complete");
        var billing = await staff.Context.NewPageAsync();
        await billing.GotoAsync(server.WorkspaceUrl(slug) + "/billing");
        await billing.WaitInteractiveAsync();

        await contact.ShotAsync("portal-12-ready-for-signoff");
        await project.SignOffAsync("Design", "Alice M. Contoso");
        await Assertions.Expect(designRow).ToContainTextAsync("Completed");
        await Assertions.Expect(project.Phase("Install")).ToContainTextAsync("Ready to start · 0 of 1 tasks complete");
        await contact.ShotAsync("portal-13-signed-off");

        await Assertions.Expect(staffDesign.GetByTestId("client-signoff")).ToContainTextAsync("Signed off by Alice M. Contoso", new() { Timeout = 20_000 });
        await Assertions.Expect(staffDesign).ToContainTextAsync("Completed");
        await staff.ShotAsync("portal-14-staff-sees-signoff");
        await Assertions.Expect(billing.GetByTestId("invoices")).ToContainTextAsync("Draft", new() { Timeout = 20_000 });
        await Assertions.Expect(billing.GetByTestId("invoices")).ToContainTextAsync("3,000.00");
        await billing.ShotAsync("portal-15-staff-draft-invoice");

        // Staff see the comment and file on the task.
        await staff.GotoAsync(server.WorkspaceUrl(slug) + $"/projects/{projectId}");
        await staff.WaitInteractiveAsync();
        await Assertions.Expect(staff.GetByTestId("task-comment")).ToContainTextAsync("VLAN 20 is for guests", new() { Timeout = 20_000 });
        await Assertions.Expect(staff.GetByTestId("task-file")).ToContainTextAsync("diagram-approved.pdf");

        // The contact accepts the quote.
        await contact.GotoAsync(server.WorkspaceUrl(slug) + "/portal/quotes");
        await contact.WaitInteractiveAsync();
        await contact.ShotAsync("portal-16-quotes");
        await contact.GetByRole(AriaRole.Link, new() { Name = "Q-1001" }).ClickAsync();
        await Assertions.Expect(contact.GetByTestId("accept-form")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await contact.WaitInteractiveAsync();
        await contact.GetByLabel("Full name").FillAsync("Alice M. Contoso");
        await contact.GetByLabel(new Regex("I accept quote Q-1001 for")).CheckAsync();
        await contact.ShotAsync("portal-17-quote");
        await contact.GetByRole(AriaRole.Button, new() { Name = "Accept quote" }).ClickAsync();
        await Assertions.Expect(contact.GetByTestId("quote-accepted")).ToContainTextAsync("signed “Alice M. Contoso”", new() { Timeout = 20_000 });
        await contact.ShotAsync("portal-18-quote-accepted");

        // Staff issue the milestone invoice; the contact views and prints it.
        var invoices = await api.GetAsync("/api/v1/invoices");
        var invoiceId = invoices.AsArray().Single()!["id"]!.GetValue<Guid>();
        await api.PostAsync($"/api/v1/invoices/{invoiceId}/approve", new { }, expectBody: false);
        await api.PostAsync($"/api/v1/invoices/{invoiceId}/issue", new { }, expectBody: false);
        await contact.GotoAsync(server.WorkspaceUrl(slug) + "/portal/invoices");
        await contact.WaitInteractiveAsync();
        await Assertions.Expect(contact.GetByTestId("portal-invoices")).ToContainTextAsync("INV-00001", new() { Timeout = 20_000 });
        await contact.ShotAsync("portal-19-invoices");
        await contact.GetByRole(AriaRole.Link, new() { Name = "INV-00001" }).ClickAsync();
        await Assertions.Expect(contact.GetByRole(AriaRole.Heading, new() { Name = "Invoice INV-00001" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(contact.FrameLocator("iframe").GetByText("3,000.00").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await contact.ShotAsync("portal-20-invoice");
        var print = await contact.Context.RunAndWaitForPageAsync(() => contact.GetByRole(AriaRole.Link, new() { Name = "Print view" }).ClickAsync());
        await Assertions.Expect(print.GetByText("INV-00001").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await print.ShotAsync("portal-21-invoice-print");
    }

    private static async Task<string> StaffTokenAsync(PsaServer server, string slug, IPage staff)
    {
        await staff.SignInAsync(server.WorkspaceUrl(slug), "owner@acme.test", Password);
        return await staff.CreateApiTokenAsync(server.WorkspaceUrl(slug), "journey");
    }

    private static async Task SsoSignInAsync(PsaServer server, string slug, TestIdentityProvider idp, IPage contact)
    {
        await contact.GotoAsync(server.WorkspaceUrl(slug) + "/portal");
        await Assertions.Expect(contact).ToHaveURLAsync(new Regex("/portal/signin"), new() { Timeout = 30_000 });
        await contact.GetByLabel("Work email").FillAsync("alice@contoso.test");
        await contact.GetByRole(AriaRole.Button, new() { Name = "Continue with company sign-in" }).ClickAsync();
        await Assertions.Expect(contact).ToHaveURLAsync(new Regex("^" + Regex.Escape(idp.Issuer)), new() { Timeout = 30_000 });
        await contact.Locator("input[name=login]").FillAsync("alice@contoso.test");
        await contact.Locator("input[name=password]").FillAsync("anything");
        await contact.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(contact.GetByTestId("portal-user")).ToHaveTextAsync("Alice Contoso", new() { Timeout = 30_000 });
        await contact.WaitInteractiveAsync();
    }
}
