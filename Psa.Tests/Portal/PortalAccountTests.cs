using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Clients;
using Psa.Domain.Projects;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Web.Portal;
using Shouldly;

namespace Psa.Tests.Portal;

/// <summary>Local portal accounts: invitation by email, password, lockout, and isolation between clients and workspaces.</summary>
public sealed class PortalAccountTests(PsaAppFactory app) : IClassFixture<PsaAppFactory>
{
    private readonly PsaAppFactory _app = app;
    private readonly string _acme = app.NewSlug("acme");
    private readonly string _alpha = app.NewSlug("alpha");
    private readonly string _bravo = app.NewSlug("bravo");

    private async Task<(ProvisionResult Tenant, Guid Alice, Guid Fred)> SeedAsync(string? slug = null)
    {
        var tenant = await _app.CreateTenantAsync(slug ?? _acme);
        await using var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        var contoso = Client.Create("contoso", "Contoso Ltd", 0m);
        var alice = contoso.AddContact("Alice Contoso", "alice@contoso.test");
        var fabrikam = Client.Create("fabrikam", "Fabrikam Inc", 0m);
        var fred = fabrikam.AddContact("Fred Fabrikam", "fred@fabrikam.test");
        db.Clients.AddRange(contoso, fabrikam);
        db.Projects.Add(Project.Create("c1", contoso.Id, "Contoso firewall refresh"));
        db.Projects.Add(Project.Create("f1", fabrikam.Id, "Fabrikam secret merger IT"));
        await db.SaveChangesAsync();
        return (tenant, alice.Id, fred.Id);
    }

    private async Task<HttpClient> InviteAndAcceptAsync(ProvisionResult tenant, Guid contactId, string password = TestData.Password)
    {
        await using var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        var link = await scope.ServiceProvider.GetRequiredService<PortalSignIn>()
            .InviteAsync(contactId, new Uri($"http://{tenant.Tenant.Slug}.localhost/"), "Owner");
        var client = _app.ClientFor(tenant.Tenant.Slug.Value);
        var accepted = await PsaAppFactory.FormPostAsync(client, link.PathAndQuery, "portal-accept", new()
        {
            ["Input.Token"] = Uri.UnescapeDataString(Regex.Match(link.Query, "token=([^&]+)").Groups[1].Value),
            ["Input.Password"] = password,
        });
        accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return client;
    }

    [Fact]
    public async Task InvitedContact_SetsAPassword_AndSeesOnlyTheirClient()
    {
        var (tenant, alice, _) = await SeedAsync();
        var client = await InviteAndAcceptAsync(tenant, alice);
        var page = await client.GetStringAsync("/portal");
        page.ShouldContain("Contoso firewall refresh");
        page.ShouldNotContain("Fabrikam secret merger IT");

        // The portal session is not a staff session.
        var staffPage = await client.GetAsync("/settings");
        staffPage.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task PasswordSignIn_WorksAndLocksAfterFiveFailures()
    {
        var (tenant, alice, _) = await SeedAsync();
        await InviteAndAcceptAsync(tenant, alice);
        var client = _app.ClientFor(_acme);
        var ok = await PsaAppFactory.FormPostAsync(client, "/portal/signin", "portal-signin", new() { ["Input.Email"] = "alice@contoso.test", ["Input.Password"] = TestData.Password });
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var other = _app.ClientFor(_acme);
        for (var i = 0; i < 5; i++)
        {
            var bad = await PsaAppFactory.FormPostAsync(other, "/portal/signin", "portal-signin", new() { ["Input.Email"] = "alice@contoso.test", ["Input.Password"] = "Wrong-Password-9" });
            (await bad.Content.ReadAsStringAsync()).ShouldContain("incorrect");
        }

        var locked = await PsaAppFactory.FormPostAsync(other, "/portal/signin", "portal-signin", new() { ["Input.Email"] = "alice@contoso.test", ["Input.Password"] = TestData.Password });
        (await locked.Content.ReadAsStringAsync()).ShouldContain("locked");
    }

    [Fact]
    public async Task ContactEmailChange_MovesTheirPortalSignIn_AndATakenAddressIsRefused()
    {
        var (tenant, alice, fred) = await SeedAsync();
        await InviteAndAcceptAsync(tenant, alice);
        await InviteAndAcceptAsync(tenant, fred);
        await using var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        var clients = scope.ServiceProvider.GetRequiredService<Psa.Web.Clients.ClientService>();
        var contoso = (await clients.ListAsync()).Single(c => c.Code == "contoso").Id;
        await clients.UpdateContactAsync(contoso, alice, "Alice Contoso", "Alice.New@Contoso.test", null, primary: false);

        var portal = scope.ServiceProvider.GetRequiredService<PortalSignIn>();
        (await portal.PasswordSignInAsync("alice.new@contoso.test", TestData.Password)).Principal.ShouldNotBeNull();
        (await portal.PasswordSignInAsync("alice@contoso.test", TestData.Password)).Principal.ShouldBeNull();

        var fabrikam = (await clients.ListAsync()).Single(c => c.Code == "fabrikam").Id;
        var taken = await Should.ThrowAsync<Psa.Domain.DomainException>(() => clients.UpdateContactAsync(fabrikam, fred, "Fred Fabrikam", "alice.new@contoso.test", null, primary: false));
        taken.Field.ShouldBe("Email");
        (await portal.PasswordSignInAsync("fred@fabrikam.test", TestData.Password)).Principal.ShouldNotBeNull();

        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        var moved = await db.AuditTrail.SingleAsync(e => e.Action == "portal.email-changed");
        (moved.Before, moved.After).ShouldBe(("alice@contoso.test", "alice.new@contoso.test"));
        (await db.Contacts.SingleAsync(c => c.Id == fred)).Email.ShouldBe("fred@fabrikam.test");
    }

    [Fact]
    public async Task WeakPassword_IsRefusedNamingThePassword()
    {
        var (tenant, alice, _) = await SeedAsync();
        await using var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        var portal = scope.ServiceProvider.GetRequiredService<PortalSignIn>();
        var link = await portal.InviteAsync(alice, new Uri($"http://{_acme}.localhost/"), "Owner");
        var token = Uri.UnescapeDataString(Regex.Match(link.Query, "token=([^&]+)").Groups[1].Value);
        var ex = await Should.ThrowAsync<Psa.Domain.DomainException>(() => portal.AcceptInvitationAsync(token, "short"));
        ex.Field.ShouldBe("Password");
    }

    [Fact]
    public async Task WithdrawnAccess_EndsTheSessionAtTheNextRequest()
    {
        var (tenant, alice, _) = await SeedAsync();
        var client = await InviteAndAcceptAsync(tenant, alice);
        (await client.GetAsync("/portal")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant))
        await using (var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create())
        {
            (await db.PortalAccounts.SingleAsync()).Deactivate();
            await db.SaveChangesAsync();
        }

        var after = await client.GetAsync("/portal");
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.ToString().ShouldContain("/portal/signin");
    }

    [Fact]
    public async Task PortalCookieOfWorkspaceA_IsWorthlessOnWorkspaceB()
    {
        var (a, alice, _) = await SeedAsync(_alpha);
        await SeedAsync(_bravo);
        var client = await InviteAndAcceptAsync(a, alice);
        var cookie = (await client.GetAsync("/portal")).RequestMessage!.Headers.GetValues("Cookie").Single();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/portal");
        request.Headers.Add("Cookie", cookie);
        var response = await _app.ClientFor(_bravo).SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/portal/signin");
    }

    [Fact]
    public async Task StaffSession_DoesNotOpenThePortal()
    {
        await SeedAsync();
        var staff = await _app.SignedInClientAsync(_acme, "owner@example.com");
        var response = await staff.GetAsync("/portal");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/portal/signin");
    }
}
