using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.ServiceDesk;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Web.Portal;
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
    public async Task DeletedWorkspace_Gets404AndKeepsABackup_AndItsFilesAndMailAreGone()
    {
        var created = await _app.CreateTenantAsync(_acme);
        var other = await _app.CreateTenantAsync(_app.NewSlug("other"));
        // A mail in the pickup folder and an attachment in the workspace's files, written the way the product writes them.
        (await PsaAppFactory.FormPostAsync(_app.ClientFor(_acme), "/forgot-password", "forgot", new() { ["Input.Email"] = "owner@example.com" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await SaveAttachmentAsync(created);
        await SaveAttachmentAsync(other);
        var locator = _app.Service<DatabaseLocator>();
        var slug = Psa.Domain.Tenancy.TenantSlug.Parse(_acme);
        Directory.EnumerateFiles(locator.TenantMailDirectory(slug)).ShouldNotBeEmpty();
        Directory.EnumerateFiles(locator.TenantFilesDirectory(slug), "*", SearchOption.AllDirectories).ShouldNotBeEmpty();

        await _app.Service<PlatformAdministration>().DeleteAsync(_acme, "test");

        Directory.Exists(locator.TenantMailDirectory(slug)).ShouldBeFalse();
        Directory.Exists(locator.TenantFilesDirectory(slug)).ShouldBeFalse();
        Directory.EnumerateFiles(locator.TenantFilesDirectory(other.Tenant.Slug), "*", SearchOption.AllDirectories).ShouldNotBeEmpty();

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

    private async Task SaveAttachmentAsync(ProvisionResult workspace)
    {
        await using var scope = _app.Service<TenantScopeFactory>().Open(workspace.Tenant);
        var attachment = TicketAttachment.Create(Guid.NewGuid(), null, "notes.txt", 5, "Owner", byContact: false, DateTimeOffset.UtcNow);
        await scope.ServiceProvider.GetRequiredService<AttachmentStore>().SaveAsync(attachment, new MemoryStream("notes"u8.ToArray()), CancellationToken.None);
    }
}
