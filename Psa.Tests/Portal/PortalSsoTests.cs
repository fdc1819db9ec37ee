using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Clients;
using Psa.Domain.Portal;
using Psa.Domain.Projects;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Web.Portal;
using Shouldly;

namespace Psa.Tests.Portal;

/// <summary>Single sign-on for client contacts against a real OpenID provider (oidc-provider under Node).</summary>
public sealed class PortalSsoTests(IdentityProviderFixture provider) : IAsyncLifetime, IClassFixture<IdentityProviderFixture>
{
    private readonly PsaAppFactory _app = provider.App;
    private readonly string _acme = provider.App.NewSlug("acme");
    private TestIdentityProvider _idp = null!;
    private TenantInfo _tenant = null!;

    public async Task InitializeAsync()
    {
        _idp = provider.Provider;
        await _idp.TamperAsync("none");
        var tenant = await _app.CreateTenantAsync(_acme);
        _tenant = tenant.Tenant;
        await using var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        var contoso = Client.Create("contoso", "Contoso Ltd", 0.2m);
        contoso.AddContact("Alice Contoso", "alice@contoso.test");
        var fabrikam = Client.Create("fabrikam", "Fabrikam Inc", 0m);
        fabrikam.AddContact("Fred Fabrikam", "fred@fabrikam.test");
        db.Clients.AddRange(contoso, fabrikam);
        var project = Project.Create("contoso-m365", contoso.Id, "Microsoft 365 migration");
        var secret = Project.Create("fabrikam-secret", fabrikam.Id, "Fabrikam data centre move");
        db.Projects.AddRange(project, secret);
        var sso = ClientSso.Create(contoso.Id);
        sso.Configure(_idp.Issuer, TestIdentityProvider.ClientId, scope.ServiceProvider.GetRequiredService<PortalSso>().ProtectSecret(TestIdentityProvider.ClientSecret),
            "contoso.test", "email", "name", enabled: true);
        db.ClientSso.Add(sso);
        await db.SaveChangesAsync();
    }

    /// <summary>Runs the whole flow as a browser would; returns where Psa finally sends the contact.</summary>
    private async Task<(HttpClient Client, Uri Final)> SignInAsync(string login, Func<Uri, Uri>? alterCallback = null)
    {
        var client = _app.ClientFor(_acme);
        var start = await client.GetAsync("/portal/sso/start?email=" + Uri.EscapeDataString(login));
        start.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var authorize = start.Headers.Location!;
        authorize.ToString().ShouldStartWith(_idp.Issuer);
        authorize.Query.ShouldContain("code_challenge_method=S256");
        authorize.Query.ShouldContain("nonce=");

        var callback = await TestIdentityProvider.SignInAtProviderAsync(authorize, login);
        callback.AbsolutePath.ShouldBe("/portal/sso/callback");
        if (alterCallback is not null)
        {
            callback = alterCallback(callback);
        }

        var done = await client.GetAsync(callback.PathAndQuery);
        done.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return (client, new Uri(new Uri("http://acme.localhost"), done.Headers.Location!));
    }

    private async Task<string> ErrorShownAsync(HttpClient client, Uri final)
    {
        final.AbsolutePath.ShouldBe("/portal/signin");
        var page = await client.GetStringAsync(final.PathAndQuery);
        return WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "data-testid=\"portal-error\">([^<]*)<").Groups[1].Value);
    }

    [Fact]
    public async Task KnownContact_SignsIn_AndSeesOnlyTheirOwnClientsProjects()
    {
        var (client, final) = await SignInAsync("alice@contoso.test");
        final.AbsolutePath.ShouldBe("/portal");
        var page = await client.GetStringAsync("/portal");
        page.ShouldContain("Contoso Ltd");
        page.ShouldContain("Microsoft 365 migration");
        page.ShouldNotContain("Fabrikam data centre move");
    }

    [Fact]
    public async Task WrongState_IsRefused()
    {
        var (client, final) = await SignInAsync("alice@contoso.test",
            callback => new Uri(System.Text.RegularExpressions.Regex.Replace(callback.ToString(), "state=[^&]+", "state=forged")));
        (await ErrorShownAsync(client, final)).ShouldContain("did not match the request (state)");
        (await client.GetAsync("/portal")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Theory]
    [InlineData("audience", "audience")]
    [InlineData("signature", "signature")]
    [InlineData("expired", "expired")]
    [InlineData("nonce", "nonce")]
    [InlineData("unverified", "no verified email")]
    [InlineData("issuer", "unexpected issuer")]
    [InlineData("at_hash", "(at_hash)")]
    [InlineData("alg", "signing algorithm is not allowed")]
    [InlineData("nosub", "names no account (sub)")]
    public async Task BadToken_IsRefusedWithItsReason(string tamper, string reason)
    {
        await _idp.TamperAsync(tamper);
        var (client, final) = await SignInAsync("alice@contoso.test");
        (await ErrorShownAsync(client, final)).ShouldContain(reason);
        (await client.GetAsync("/portal")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task UnknownEmail_IsRefusedWithAClearMessage()
    {
        var (client, final) = await SignInAsync("mallory@contoso.test");
        (await ErrorShownAsync(client, final)).ShouldContain("No portal access for mallory@contoso.test");
    }

    [Fact]
    public async Task EmailOutsideTheClientsDomains_GetsNoSso()
    {
        var client = _app.ClientFor(_acme);
        var start = await client.GetAsync("/portal/sso/start?email=fred@fabrikam.test");
        var final = new Uri(new Uri("http://acme.localhost"), start.Headers.Location!);
        (await ErrorShownAsync(client, final)).ShouldContain("not set up for that email");
    }

    [Fact]
    public async Task EmailWithPortalAccessThroughAnotherContact_GetsAClearMessage()
    {
        await using (var scope = _app.Service<TenantScopeFactory>().Open(_tenant))
        {
            await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
            var contoso = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Clients, c => c.Code == "contoso");
            var fabrikam = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Clients, c => c.Code == "fabrikam");
            var elsewhere = fabrikam.AddContact("Bob (old job)", "bob@contoso.test");
            var bob = contoso.AddContact("Bob Contoso", "bob@contoso.test");
            // New contacts on loaded clients carry their own keys, so they are added explicitly.
            db.AddRange(elsewhere, bob);
            db.PortalAccounts.Add(PortalAccount.For(elsewhere.Id, fabrikam.Id, "bob@contoso.test"));
            await db.SaveChangesAsync();
        }

        var (client, final) = await SignInAsync("bob@contoso.test");
        (await ErrorShownAsync(client, final)).ShouldContain("bob@contoso.test already has portal access through another contact");
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// One provider process and one host for all the SSO tests of a class (they run one after another). Each test has a
/// workspace of its own (acme-1, acme-2, …): the provider knows the callback of each, as it would know each customer's.
/// </summary>
public sealed class IdentityProviderFixture : IAsyncLifetime
{
    public TestIdentityProvider Provider { get; private set; } = null!;

    // The test provider listens on 127.0.0.1, which only this setting allows.
    public PsaAppFactory App { get; } = new() { Settings = { [SsoAuthorityGuard.AllowPrivateSetting] = "true" } };

    public async Task InitializeAsync() => Provider = await TestIdentityProvider.StartAsync(
        Enumerable.Range(1, 40).Select(i => $"http://acme-{i}.localhost/portal/sso/callback").ToArray());

    public async Task DisposeAsync()
    {
        await Provider.DisposeAsync();
        App.Dispose();
    }
}
