using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Clients;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Auth;
using Psa.Web.Components.TimeTracking;
using Psa.Web.TimeTracking;
using Shouldly;
using Psa.Tests.Support;

namespace Psa.Tests.Components;

public sealed class TimerWidgetTests(PsaAppFactory app) : ComponentTestContext(app), IClassFixture<PsaAppFactory>
{
    [Fact]
    public async Task Widget_ShowsTheTimerFromTheDatabase_AndStopsIt()
    {
        var tenant = await App.CreateTenantAsync(App.NewSlug("widget"));
        Tenant.Set(tenant.Tenant);
        await using (var scope = App.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            var engineer = await scope.ServiceProvider.GetRequiredService<EngineerDirectory>().ForUserAsync(tenant.OwnerUserId);
            await using (var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create())
            {
                db.Clients.Add(Client.Create("contoso", "Contoso", 0m));
                await db.SaveChangesAsync();
            }

            var client = (await scope.ServiceProvider.GetRequiredService<TimeEntryService>().PicklistsAsync()).Clients.Single();
            // Started in another circuit (or before a restart): the widget finds it in the database.
            await scope.ServiceProvider.GetRequiredService<TimerService>().StartForClientAsync(engineer.Id, client.Id, null, "remote", true);
        }

        var auth = AddAuthorization();
        auth.SetAuthorized("owner@example.com");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, tenant.OwnerUserId), new Claim(PsaClaims.Tenant, tenant.Tenant.Slug.Value));
        var cut = RenderInteractive<TimerWidget>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=running-timer]").TextContent.ShouldContain("Contoso"), Patience);

        await cut.Find("button.psa-timer-stop").ClickAsync(new());
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=running-timer]").ShouldBeEmpty(), Patience);
    }
}
