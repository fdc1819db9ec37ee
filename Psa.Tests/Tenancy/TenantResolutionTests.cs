using System.Net;
using Psa.Infrastructure.Catalog;
using Psa.Tests.Support;
using Shouldly;

namespace Psa.Tests.Tenancy;

public sealed class TenantResolutionTests(PsaAppFactory app) : IClassFixture<PsaAppFactory>
{
    private readonly PsaAppFactory _app = app;
    private readonly string _acme = app.NewSlug("acme");

    [Fact]
    public async Task UnknownSlug_Gets404NoWorkspacePage()
    {
        _ = _app.Server;
        var response = await _app.ClientFor("nobody").GetAsync("/signin");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("No workspace at this address");
    }

    [Fact]
    public async Task MalformedHost_Gets404()
    {
        _ = _app.Server;
        var response = await _app.ClientFor("a.b").GetAsync("/");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ActiveWorkspace_ServesItsSignInPage()
    {
        await _app.CreateTenantAsync(_acme);
        var response = await _app.ClientFor(_acme).GetAsync("/signin");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain($"{_acme} IT");
        html.ShouldContain("<label for=\"email\">Email</label>");
        html.ShouldContain("<label for=\"password\">Password</label>");
        html.ShouldContain(">Sign in</button>");
    }

    [Fact]
    public async Task SuspendedWorkspace_Gets503PageAndNoData()
    {
        await _app.CreateTenantAsync(_acme);
        var user = await _app.SignedInClientAsync(_acme, "owner@example.com");
        await _app.Service<PlatformAdministration>().SuspendAsync(_acme, "test");

        var page = await user.GetAsync("/");
        page.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("suspended");
        html.ShouldNotContain("Dashboard");
        (await user.GetAsync("/branding/logo")).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await user.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);

        await _app.Service<PlatformAdministration>().ResumeAsync(_acme, "test");
        (await user.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DeletedWorkspace_Gets404AndKeepsABackup()
    {
        await _app.CreateTenantAsync(_acme);
        await _app.Service<PlatformAdministration>().DeleteAsync(_acme, "test");

        (await _app.ClientFor(_acme).GetAsync("/signin")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var summary = (await _app.Service<PlatformAdministration>().ListAsync()).Single(t => t.Slug == _acme);
        summary.Status.ShouldBe(Psa.Domain.Tenancy.TenantStatus.Deleted);
        if (PsaAppFactory.Postgres is null)
        {
            File.Exists(summary.BackupPath).ShouldBeTrue();
            new FileInfo(summary.BackupPath!).Length.ShouldBeGreaterThan(0);
            _app.TenantDatabaseExists(_acme).ShouldBeFalse();
        }
        else
        {
            // A server database is kept for the server's own backups: no file copy is made.
            summary.BackupPath.ShouldBeNull();
            _app.TenantDatabaseExists(_acme).ShouldBeTrue();
        }

        (await _app.Service<PlatformAdministration>().AuditAsync()).Select(a => a.Action).ShouldContain("delete");
    }

    [Fact]
    public async Task Healthz_Answers200WhenCatalogReachable()
    {
        _ = _app.Server;
        var response = await _app.ClientFor(null).GetAsync("/healthz");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task BareHost_ServesPublicSiteAndSignup()
    {
        _ = _app.Server;
        var home = await _app.ClientFor(null).GetStringAsync("/");
        home.ShouldContain("Create your workspace");
        var signup = await _app.ClientFor(null).GetStringAsync("/signup");
        foreach (var label in new[] { "Company name", "Workspace address", "Your name", "Email", "Password" })
        {
            signup.ShouldContain($">{label}</label>");
        }

        signup.ShouldContain("Create workspace");
    }
}
