using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Identity;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Api;
using Psa.Tests.Support;
using Psa.Web.Auth;
using Psa.Web.Users;
using Shouldly;

namespace Psa.Tests.Identity;

/// <summary>Offboarding: a deactivated member or a suspended workspace loses open circuits, cookies and tokens, not only new sign-ins.</summary>
public sealed class SessionEndTests(RevalidatingAppFactory app) : IClassFixture<RevalidatingAppFactory>
{
    private readonly PsaAppFactory _app = app;
    private readonly string _acme = app.NewSlug("acme");

    /// <summary>
    /// The circuit's authentication state, as an interactive page holds it: the same provider the
    /// circuit gets, given the signed-in user the way the server hands it over when the circuit opens.
    /// </summary>
    private static async Task<(AuthenticationStateProvider Provider, TaskCompletionSource<ClaimsPrincipal> Changed)> OpenCircuitAsync(IServiceProvider scope, string userId)
    {
        var user = (await scope.GetRequiredService<UserManager<StaffUser>>().FindByIdAsync(userId))!;
        var principal = await scope.GetRequiredService<IUserClaimsPrincipalFactory<StaffUser>>().CreateAsync(user);
        var provider = scope.GetRequiredService<AuthenticationStateProvider>();
        provider.ShouldBeOfType<SessionRevalidation>();
        var changed = new TaskCompletionSource<ClaimsPrincipal>(TaskCreationOptions.RunContinuationsAsynchronously);
        ((IHostEnvironmentAuthenticationStateProvider)provider).SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        provider.AuthenticationStateChanged += async state => changed.TrySetResult((await state).User);
        return (provider, changed);
    }

    [Fact]
    public async Task Deactivation_EndsAnOpenCircuit_TheCookieAndTheApiTokens()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        var (engineerId, token) = await AccessMatrixTests.CreateStaffAsync(_app, tenant, StaffRoles.Engineer);
        string email;
        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            email = (await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByIdAsync(engineerId))!.Email!;
        }

        // A cookie-only staff endpoint: an unknown attachment is 404 while signed in, a sign-in redirect after.
        var attachment = $"/projects/{Guid.NewGuid()}/attachments/{Guid.NewGuid()}";
        var browser = await _app.SignedInClientAsync(_acme, email);
        (await browser.GetAsync(attachment)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var api = _app.ClientFor(_acme);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await api.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using var circuit = _app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        var (provider, changed) = await OpenCircuitAsync(circuit.ServiceProvider, engineerId);
        await Task.Delay(700); // several revalidations pass while the member is still active
        changed.Task.IsCompleted.ShouldBeFalse();
        (await provider.GetAuthenticationStateAsync()).User.Identity!.IsAuthenticated.ShouldBeTrue();

        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            await scope.ServiceProvider.GetRequiredService<StaffDirectory>().SetActiveAsync(engineerId, active: false, tenant.OwnerUserId);
        }

        var after = await changed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        after.Identity?.IsAuthenticated.ShouldNotBe(true);
        (await api.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await Task.Delay(300);
        var signedOut = await browser.GetAsync(attachment);
        signedOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signedOut.Headers.Location!.ToString().ShouldContain("/signin");
    }

    [Fact]
    public async Task Deactivation_RefusesSelfAndTheLastOwner()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        var (adminId, _) = await AccessMatrixTests.CreateStaffAsync(_app, tenant, StaffRoles.Admin);
        await using var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        var staff = scope.ServiceProvider.GetRequiredService<StaffDirectory>();
        (await Should.ThrowAsync<Psa.Domain.DomainException>(() => staff.SetActiveAsync(adminId, false, adminId))).Message.ShouldContain("yourself");
        (await Should.ThrowAsync<Psa.Domain.DomainException>(() => staff.SetActiveAsync(tenant.OwnerUserId, false, adminId))).Message.ShouldContain("Only an Owner");
    }

    [Fact]
    public async Task SuspendingTheWorkspace_EndsItsOpenCircuits()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        await using var circuit = _app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        var (_, changed) = await OpenCircuitAsync(circuit.ServiceProvider, tenant.OwnerUserId);
        await Task.Delay(500);
        changed.Task.IsCompleted.ShouldBeFalse();

        await _app.Service<PlatformAdministration>().SuspendAsync(_acme, "ops@example.com");
        // The workspace directory caches a status for 5 seconds.
        var after = await changed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        after.Identity?.IsAuthenticated.ShouldNotBe(true);
    }

    [Fact]
    public async Task WithdrawingPortalAccess_EndsTheContactsOpenCircuit()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        await using var circuit = _app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        var portal = circuit.ServiceProvider.GetRequiredService<Psa.Web.Portal.PortalSignIn>();
        Guid contactId;
        ClaimsPrincipal principal;
        await using (var db = circuit.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create())
        {
            var client = Psa.Domain.Clients.Client.Create("contoso", "Contoso Ltd", 0m);
            var contact = client.AddContact("Alice Contoso", "alice@contoso.test");
            contactId = contact.Id;
            var account = Psa.Domain.Portal.PortalAccount.For(contact.Id, client.Id, contact.Email);
            db.Clients.Add(client);
            db.PortalAccounts.Add(account);
            await db.SaveChangesAsync();
            principal = await portal.PrincipalAsync(db, account, "password", CancellationToken.None);
        }

        var provider = circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        var changed = new TaskCompletionSource<ClaimsPrincipal>(TaskCreationOptions.RunContinuationsAsynchronously);
        ((IHostEnvironmentAuthenticationStateProvider)provider).SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        provider.AuthenticationStateChanged += async state => changed.TrySetResult((await state).User);
        await Task.Delay(500);
        changed.Task.IsCompleted.ShouldBeFalse();

        await portal.WithdrawAsync(contactId);
        (await changed.Task.WaitAsync(TimeSpan.FromSeconds(10))).Identity?.IsAuthenticated.ShouldNotBe(true);
    }
}
