using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Tenancy;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Web.Billing;
using Psa.Web.Settings;
using Shouldly;

namespace Psa.Tests.Settings;

/// <summary>Settings → General: the workspace's zone and currency reach the catalog, clocks and schedules.</summary>
public sealed class WorkspaceSettingsTests(PsaAppFactory app) : IClassFixture<PsaAppFactory>
{
    private readonly PsaAppFactory _app = app;
    private readonly string _acme = app.NewSlug("acme");

    [Fact]
    public async Task SavingSettings_UpdatesTheCatalogsNameZoneAndCurrency_AndMovesTheBillingRunIntoTheNewZone()
    {
        await _app.CreateTenantAsync(_acme);
        var directory = _app.Service<TenantDirectory>();
        var slug = TenantSlug.Parse(_acme);
        await using var scope = _app.Service<TenantScopeFactory>().Open((await directory.FindAsync(slug))!);
        var service = scope.ServiceProvider.GetRequiredService<WorkspaceSettingsService>();
        var settings = await service.GetAsync();
        settings.TimeZone.ShouldNotBe("Asia/Tokyo");
        settings.CompanyName = "Acme Managed IT";
        settings.TimeZone = "Asia/Tokyo";
        settings.Currency = "EUR";

        (await service.SaveAsync(settings)).ShouldBeEmpty();

        var catalog = (await directory.FindAsync(slug))!;
        (catalog.Name, catalog.TimeZone, catalog.Currency).ShouldBe(("Acme Managed IT", "Asia/Tokyo", "EUR"));
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var next = TimeZoneInfo.ConvertTime((await _app.Service<BillingScheduler>().NextFireUtcAsync(_acme))!.Value, tokyo);
        (next.Day, next.Hour, next.Minute).ShouldBe((1, 6, 0));
    }

    [Fact]
    public async Task SavingAnUnknownZone_ChangesNothing()
    {
        await _app.CreateTenantAsync(_acme);
        var directory = _app.Service<TenantDirectory>();
        var slug = TenantSlug.Parse(_acme);
        var before = (await directory.FindAsync(slug))!;
        await using var scope = _app.Service<TenantScopeFactory>().Open(before);
        var service = scope.ServiceProvider.GetRequiredService<WorkspaceSettingsService>();
        var settings = await service.GetAsync();
        settings.TimeZone = "Mars/Olympus_Mons";

        var errors = await service.SaveAsync(settings);

        errors.Select(e => e.Field).ShouldBe(["Time zone"]);
        directory.Invalidate(_acme);
        (await directory.FindAsync(slug))!.TimeZone.ShouldBe(before.TimeZone);
        (await service.GetAsync()).TimeZone.ShouldBe(before.TimeZone);
    }
}
