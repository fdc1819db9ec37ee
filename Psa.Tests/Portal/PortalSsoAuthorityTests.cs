using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Clients;
using Psa.Domain.Portal;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Web.Portal;
using Shouldly;

namespace Psa.Tests.Portal;

/// <summary>A client's SSO authority cannot make the server fetch an address on itself or the internal network.</summary>
public sealed class PortalSsoAuthorityTests : IDisposable
{
    private readonly PsaAppFactory _app = new();

    private static SsoAuthorityGuard Guard(bool allowPrivate) => new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { [SsoAuthorityGuard.AllowPrivateSetting] = allowPrivate ? "true" : "false" }).Build());

    [Theory]
    [InlineData("http://login.contoso.com", "https")]
    [InlineData("https://127.0.0.1:8443", "public address")]
    [InlineData("https://localhost", "public address")]
    [InlineData("https://acme.localhost", "public address")]
    [InlineData("https://10.1.2.3", "public address")]
    [InlineData("https://172.20.0.1", "public address")]
    [InlineData("https://192.168.1.10", "public address")]
    [InlineData("https://169.254.169.254", "public address")]
    [InlineData("https://[::1]", "public address")]
    [InlineData("https://[fd00::1]", "public address")]
    [InlineData("ftp://login.contoso.com", "absolute URL")]
    public void PrivateOrPlainAuthorities_AreRefusedWithoutTheSetting(string authority, string problem)
    {
        Guard(allowPrivate: false).Problem(authority).ShouldNotBeNull().ShouldContain(problem);
    }

    [Fact]
    public void PublicHttpsAuthority_IsAccepted_AndTheSettingAllowsLoopback()
    {
        Guard(allowPrivate: false).Problem("https://login.microsoftonline.com/contoso/v2.0").ShouldBeNull();
        Guard(allowPrivate: true).Problem("http://127.0.0.1:5000").ShouldBeNull();
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("2606:4700::1111", true)]
    [InlineData("127.0.0.5", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("fe80::1", false)]
    public void ConnectionsAreCheckedAfterDns(string address, bool isPublic)
    {
        SsoAuthorityGuard.IsPublic(IPAddress.Parse(address)).ShouldBe(isPublic);
    }

    [Fact]
    public async Task ALoopbackAuthority_IsNeverFetched_WithoutTheSetting()
    {
        // A listener on loopback stands for an internal service: it must see no connection at all.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var tenant = await _app.CreateTenantAsync("acme");
        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
            var contoso = Client.Create("contoso", "Contoso Ltd", 0.2m);
            contoso.AddContact("Alice Contoso", "alice@contoso.test");
            db.Clients.Add(contoso);
            var sso = ClientSso.Create(contoso.Id);
            // Stored directly, as an older version (or a database edit) could have left it.
            sso.Configure($"https://127.0.0.1:{port}", "psa", scope.ServiceProvider.GetRequiredService<PortalSso>().ProtectSecret("secret"),
                "contoso.test", "email", "name", enabled: true);
            db.ClientSso.Add(sso);
            await db.SaveChangesAsync();
        }

        var client = _app.ClientFor("acme");
        var start = await client.GetAsync("/portal/sso/start?email=alice@contoso.test");
        start.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var final = start.Headers.Location!.ToString();
        final.ShouldStartWith("/portal/signin?e=");
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(final));
        page.ShouldContain("public address");
        listener.Pending().ShouldBeFalse();
    }

    [Fact]
    public async Task ErrorMessages_AreBoundToTheirWorkspace()
    {
        var acme = await _app.CreateTenantAsync("acme");
        await _app.CreateTenantAsync("globex");
        var protection = _app.Service<IDataProtectionProvider>();
        var context = new TenantContext();
        context.Set(acme.Tenant);
        var forged = PortalEndpoints.ErrorUrl(protection, context, "Call 0900-SCAM to restore your access");
        var onGlobex = await _app.ClientFor("globex").GetStringAsync(forged);
        onGlobex.ShouldNotContain("0900-SCAM");
        var onAcme = await _app.ClientFor("acme").GetStringAsync(forged);
        onAcme.ShouldContain("0900-SCAM");
    }

    public void Dispose() => _app.Dispose();
}
