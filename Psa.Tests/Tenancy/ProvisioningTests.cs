using Psa.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Tenancy;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Shouldly;

namespace Psa.Tests.Tenancy;

public sealed class ProvisioningTests(ProvisioningTests.Host app) : IClassFixture<ProvisioningTests.Host>
{
    private readonly Host _app = app;
    private readonly string _acme = app.NewSlug("acme");

    [Fact]
    public async Task Provision_CreatesCatalogRowDatabaseDefaultsAndOwner()
    {
        var result = await _app.CreateTenantAsync(_acme, "owner@acme.test");

        var locator = _app.Service<DatabaseLocator>();
        _app.TenantDatabaseExists(_acme).ShouldBeTrue();
        await using (var catalog = locator.CreateCatalog())
        {
            var row = await catalog.Tenants.SingleAsync(t => t.Slug == _acme);
            row.Status.ShouldBe(TenantStatus.Active);
            row.TimeZone.ShouldBe("Europe/London");
            row.Currency.ShouldBe("GBP");
        }

        await using var scope = _app.Service<TenantScopeFactory>().Open(result.Tenant);
        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        var settings = await db.Settings.SingleAsync();
        settings.BusinessStart.ShouldBe(new TimeOnly(8, 0));
        settings.BusinessEnd.ShouldBe(new TimeOnly(18, 0));
        settings.BusinessDays.ShouldBe("1,2,3,4,5");
        settings.AfterHoursMultiplier.ShouldBe(1.4m);
        settings.WeekendMultiplier.ShouldBe(1.5m);
        settings.NormalMultiplier.ShouldBe(1.0m);
        settings.DefaultTaxRateId.ShouldNotBeNull();
        settings.DefaultGlAccountId.ShouldNotBeNull();
        (await db.WorkTypes.CountAsync()).ShouldBeGreaterThanOrEqualTo(4);
        var owner = await db.Users.SingleAsync();
        owner.Email.ShouldBe("owner@acme.test");
        var roles = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync();
        roles.ShouldBe(["Owner"]);
    }

    [Theory]
    [InlineData("ab", "3 to 40")]
    [InlineData("Acme", "lowercase")]
    [InlineData("-acme", "hyphen")]
    [InlineData("acme-", "hyphen")]
    [InlineData("ac--me", "two hyphens")]
    [InlineData("acme_it", "lowercase")]
    [InlineData("admin", "reserved")]
    [InlineData("www", "reserved")]
    [InlineData("portal", "reserved")]
    [InlineData("../etc", "lowercase")]
    public void Validate_BadSlug_NamesTheWorkspaceAddress(string slug, string expected)
    {
        var errors = TenantProvisioner.Validate(new ProvisionRequest("Acme", slug, "Owner", "o@acme.test", TestData.Password, "UTC", "USD"), out var parsed);

        var error = errors.ShouldHaveSingleItem();
        error.Field.ShouldBe("Workspace address");
        error.Message.ShouldContain(expected);
        parsed.ShouldBeNull();
    }

    [Fact]
    public async Task MigratingTheCatalog_RemovesAbandonedSignUps_ButNotOneInProgressInAnotherProcess()
    {
        // A second node starting, or a command-line verb run beside the server, migrates the catalog while a sign-up
        // is being provisioned elsewhere: that sign-up must survive (it was deleted under the provisioner before).
        var inProgress = _app.NewSlug("busy");
        var abandoned = _app.NewSlug("crashed");
        var locator = _app.Service<DatabaseLocator>();
        await using (var catalog = locator.CreateCatalog())
        {
            var now = DateTimeOffset.UtcNow;
            catalog.Tenants.Add(new Psa.Infrastructure.Catalog.Tenant { Slug = inProgress, Name = "Busy", Status = TenantStatus.Provisioning, CreatedUtc = now.AddSeconds(-20), TimeZone = "UTC", Currency = "USD" });
            catalog.Tenants.Add(new Psa.Infrastructure.Catalog.Tenant { Slug = abandoned, Name = "Crashed", Status = TenantStatus.Provisioning, CreatedUtc = now - DatabaseMigrator.AbandonedAfter - TimeSpan.FromMinutes(1), TimeZone = "UTC", Currency = "USD" });
            await catalog.SaveChangesAsync();
        }

        await _app.Service<DatabaseMigrator>().MigrateCatalogAsync();

        await using (var catalog = locator.CreateCatalog())
        {
            (await catalog.Tenants.Where(t => t.Slug == inProgress || t.Slug == abandoned).Select(t => t.Slug).ToListAsync()).ShouldBe([inProgress]);
        }
    }

    [Fact]
    public async Task Provision_BadSlug_IsRefusedNamingTheField_AndLeavesNothing()
    {
        _ = _app.Server;
        var ex = await Should.ThrowAsync<ValidationFailedException>(() => _app.Service<TenantProvisioner>().ProvisionAsync(
            new ProvisionRequest("Acme", "../etc", "Owner", "o@acme.test", TestData.Password, "UTC", "USD")));
        ex.Errors.ShouldHaveSingleItem().Field.ShouldBe("Workspace address");
        (Directory.Exists(_app.DataDirectory) ? Directory.GetFiles(_app.DataDirectory, "*", SearchOption.AllDirectories) : [])
            .ShouldNotContain(f => f.Contains("etc", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Provision_TakenSlug_IsRefused()
    {
        await _app.CreateTenantAsync(_acme);
        var ex = await Should.ThrowAsync<ValidationFailedException>(() => _app.CreateTenantAsync(_acme, "other@acme.test"));
        ex.Errors.ShouldHaveSingleItem().Message.ShouldContain("already taken");
        (await _app.Service<TenantProvisioner>().SlugProblemAsync(_acme)).ShouldNotBeNull().ShouldContain("already taken");
        (await _app.Service<TenantProvisioner>().SlugProblemAsync(_acme + "-two")).ShouldBeNull();
    }

    [Theory]
    [InlineData("short1A")]
    [InlineData("alllowercaseletters")]
    [InlineData("")]
    public void Validate_WeakPassword_NamesThePassword(string password)
    {
        TenantProvisioner.Validate(new ProvisionRequest("Acme", "acme", "Owner", "o@acme.test", password, "UTC", "USD"), out _)
            .ShouldContain(e => e.Field == "Password");
    }

    [Fact]
    public async Task Provision_WeakPassword_IsRefusedWithPasswordField_AndLeavesNothing()
    {
        _ = _app.Server;
        var ex = await Should.ThrowAsync<ValidationFailedException>(() => _app.Service<TenantProvisioner>().ProvisionAsync(
            new ProvisionRequest("Acme", _acme, "Owner", "o@acme.test", "short1A", "UTC", "USD")));
        ex.Errors.ShouldContain(e => e.Field == "Password");
        await AssertNothingLeftAsync(_acme);
    }

    [Fact]
    public async Task Provision_OtherBadFields_AreEachNamed()
    {
        _ = _app.Server;
        var ex = await Should.ThrowAsync<ValidationFailedException>(() => _app.Service<TenantProvisioner>().ProvisionAsync(
            new ProvisionRequest(" ", _acme, "", "not-an-email", TestData.Password, "Mars/Olympus", "XYZ")));
        ex.Errors.Select(e => e.Field).ShouldBe(["Company name", "Your name", "Email", "Time zone", "Currency"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("database migrated")]
    [InlineData("defaults seeded")]
    [InlineData("owner created")]
    public async Task Provision_FailureInjectedHalfWay_LeavesNoCatalogRowAndNoDatabaseFile(string failAfter)
    {
        _app.Failure.Step = failAfter;
        try
        {
            await Should.ThrowAsync<InvalidOperationException>(() => _app.CreateTenantAsync(_acme));
        }
        finally
        {
            _app.Failure.Step = null;
        }

        await AssertNothingLeftAsync(_acme);
    }

    private async Task AssertNothingLeftAsync(string slug)
    {
        await using var catalog = _app.Service<DatabaseLocator>().CreateCatalog();
        (await catalog.Tenants.AnyAsync(t => t.Slug == slug)).ShouldBeFalse();
        var folder = Path.Combine(_app.DataDirectory, "tenants");
        (Directory.Exists(folder) ? Directory.GetFiles(folder, slug + ".*") : []).ShouldBeEmpty();
        _app.TenantDatabaseExists(slug).ShouldBeFalse();
    }

    /// <summary>One host for the class, with a provisioning step that fails when a test says so.</summary>
    public sealed class Host : PsaAppFactory
    {
        public Host() => ConfigureTestServices = s => s.AddSingleton<IProvisioningStepObserver>(Failure);

        public FailAfter Failure { get; } = new();
    }

    public sealed class FailAfter : IProvisioningStepObserver
    {
        public string? Step { get; set; }

        public Task StepCompletedAsync(string completed) =>
            completed == Step ? throw new InvalidOperationException("injected failure after " + Step) : Task.CompletedTask;
    }
}
