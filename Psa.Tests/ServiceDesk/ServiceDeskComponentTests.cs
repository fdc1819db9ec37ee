using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.ServiceDesk;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Components;
using Psa.Web.Auth;
using Psa.Web.Clients;
using Psa.Web.Components.Pages.ServiceDesk;
using Psa.Web.ServiceDesk;
using Psa.Web.TimeTracking;
using Shouldly;
using Client = Psa.Domain.Clients.Client;

namespace Psa.Tests.ServiceDesk;

/// <summary>The service board and the ticket page over a real workspace, as a live circuit renders them.</summary>
public sealed class ServiceDeskComponentTests : ComponentTestContext
{
    private async Task<int> SeedAsync(string slug)
    {
        Services.AddScoped<TicketService>();
        Services.AddScoped<BoardViewService>();
        Services.AddScoped<Psa.Web.Portal.AttachmentStore>();
        Services.AddScoped<ClientService>();
        var tenant = await App.CreateTenantAsync(slug);
        Tenant.Set(tenant.Tenant);
        int number;
        await using (var scope = App.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            var engineer = await scope.ServiceProvider.GetRequiredService<EngineerDirectory>().ForUserAsync(tenant.OwnerUserId);
            await using (var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create())
            {
                var client = Client.Create("contoso", "Contoso", 0m);
                db.Clients.Add(client);
                await db.SaveChangesAsync();
                number = await scope.ServiceProvider.GetRequiredService<TicketService>().CreateAsync(
                    new NewTicketInput { ClientId = client.Id, Title = "Printer down", Impact = TicketImpact.High, Urgency = TicketUrgency.High },
                    new TicketActor(engineer.Name, tenant.OwnerUserId, engineer.Id));
            }
        }

        var auth = AddAuthorization();
        auth.SetAuthorized("owner@example.com");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, tenant.OwnerUserId), new Claim(PsaClaims.Tenant, slug));
        return number;
    }

    [Fact]
    public async Task TheBoard_ShowsTheTicketInItsStatusColumn()
    {
        await SeedAsync("boardco");
        var cut = RenderInteractive<ServiceBoardPage>();
        cut.WaitForAssertion(() =>
        {
            var column = cut.Find("[data-status=Assigned]");
            column.TextContent.ShouldContain("#1 Printer down");
            column.TextContent.ShouldContain("Contoso");
        }, Patience);
    }

    [Fact]
    public async Task StartWork_OnTheTicketPage_StartsTheTimer_AndShowsTheStatus()
    {
        var number = await SeedAsync("pageco");
        var cut = RenderInteractive<TicketPage>(p => p.Add(x => x.Number, number));
        cut.WaitForAssertion(() => cut.Find("[data-testid=ticket-status]").TextContent.ShouldContain("Assigned"), Patience);
        cut.Find("[data-testid=sla-clocks]").TextContent.ShouldContain("Resolution");

        await cut.FindAll("button").Single(b => b.TextContent.Trim() == "Start work").ClickAsync(new());

        cut.WaitForAssertion(() =>
        {
            cut.Find("[data-testid=ticket-status]").TextContent.ShouldContain("In progress");
            cut.Find("[data-testid=ticket-timer]").TextContent.ShouldContain("Timer running");
        }, Patience);
    }
}
