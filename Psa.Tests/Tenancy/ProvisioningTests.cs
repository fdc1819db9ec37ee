using Psa.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Tenancy;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Shouldly;

namespace Psa.Tests.Tenancy;

public sealed class ProvisioningTests : IDisposable
{
    private readonly PsaAppFactory _app = new();

    [Fact]
    public async Task Provision_CreatesCatalogRowDatabaseDefaultsAndOwner()
    {
        var result = await _app.CreateTenantAsync("acme", "owner@acme.test");

        var locator = _app.Service<DatabaseLocator>();
        _app.TenantDatabaseExists("acme").ShouldBeTrue();
        await using (var catalog = locator.CreateCatalog())
        {
            var row = await catalog.Tenants.SingleAsync(t => t.Slug == "acme");
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
    public async Task Provision_BadSlug_IsRefusedNamingTheField(string slug, string expected)
    {
        _ = _app.Server;
        var ex = await Should.ThrowAsync<ValidationFailedException>(() => _app.Service<TenantProvisioner>().ProvisionAsync(
            new ProvisionRequest("Acme", slug, "Owner", "o@acme.test", TestData.Password, "UTC", "USD")));
        var error = ex.Errors.ShouldHaveSingleItem();
        error.Field.ShouldBe("Workspace address");
        error.Message.ShouldContain(expected);
        var folder = Path.Combine(_app.DataDirectory, "tenants");
        (Directory.Exists(folder) ? Directory.GetFiles(folder) : []).ShouldBeEmpty();
        _app.TenantDatabaseExists(slug).ShouldBeFalse();
    }

    [Fact]
    public async Task Provision_TakenSlug_IsRefused()
    {
        await _app.CreateTenantAsync("acme");
        var ex = await Should.ThrowAsync<ValidationFailedException>(() => _app.CreateTenantAsync("acme", "other@acme.test"));
        ex.Errors.ShouldHaveSingleItem().Message.ShouldContain("already taken");
        (await _app.Service<TenantProvisioner>().SlugProblemAsync("acme")).ShouldNotBeNull().ShouldContain("already taken");
        (await _app.Service<TenantProvisioner>().SlugProblemAsync("acme-two")).ShouldBeNull();
    }

    [Theory]
    [InlineData("short1A")]
    [InlineData("alllowercaseletters")]
    [InlineData("")]
    public async Task Provision_WeakPassword_IsRefusedWithPasswordField(string password)
    {
        _ = _app.Server;
        var ex = await Should.ThrowAsync<ValidationFailedException>(() => _app.Service<TenantProvisioner>().ProvisionAsync(
            new ProvisionRequest("Acme", "acme", "Owner", "o@acme.test", password, "UTC", "USD")));
        ex.Errors.ShouldContain(e => e.Field == "Password");
        await AssertNothingLeftAsync("acme");
    }

    [Fact]
    public async Task Provision_OtherBadFields_AreEachNamed()
    {
        _ = _app.Server;
        var ex = await Should.ThrowAsync<ValidationFailedException>(() => _app.Service<TenantProvisioner>().ProvisionAsync(
            new ProvisionRequest(" ", "acme", "", "not-an-email", TestData.Password, "Mars/Olympus", "XYZ")));
        ex.Errors.Select(e => e.Field).ShouldBe(["Company name", "Your name", "Email", "Time zone", "Currency"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("database migrated")]
    [InlineData("defaults seeded")]
    [InlineData("owner created")]
    public async Task Provision_FailureInjectedHalfWay_LeavesNoCatalogRowAndNoDatabaseFile(string failAfter)
    {
        _app.ConfigureTestServices = s => s.AddSingleton<IProvisioningStepObserver>(new FailAfter(failAfter));
        _ = _app.Server;

        await Should.ThrowAsync<InvalidOperationException>(() => _app.CreateTenantAsync("acme"));

        await AssertNothingLeftAsync("acme");
    }

    private async Task AssertNothingLeftAsync(string slug)
    {
        await using var catalog = _app.Service<DatabaseLocator>().CreateCatalog();
        (await catalog.Tenants.AnyAsync(t => t.Slug == slug)).ShouldBeFalse();
        var folder = Path.Combine(_app.DataDirectory, "tenants");
        (Directory.Exists(folder) ? Directory.GetFiles(folder) : []).ShouldBeEmpty();
        _app.TenantDatabaseExists(slug).ShouldBeFalse();
    }

    private sealed class FailAfter(string step) : IProvisioningStepObserver
    {
        public Task StepCompletedAsync(string completed) =>
            completed == step ? throw new InvalidOperationException("injected failure after " + step) : Task.CompletedTask;
    }

    public void Dispose() => _app.Dispose();
}
