using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Psa.Domain.Clients;
using Psa.Domain;
using Psa.Domain.Identity;
using Psa.Domain.ServiceDesk;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Components;
using Psa.Web.Auth;
using Psa.Web.Clients;
using Psa.Web.Components.Pages.ServiceDesk;
using Psa.Web.ServiceDesk;
using Psa.Web.TimeTracking;
using Shouldly;
using Psa.Tests.Support;

namespace Psa.Tests.ServiceDesk;

/// <summary>Saved views of the service board: private or shared, picked to filter, deleted by whoever saved them.</summary>
public sealed class SavedBoardViewTests(PsaAppFactory app) : ComponentTestContext(app), IClassFixture<PsaAppFactory>
{
    private Guid _clientId;
    private string _ownerUserId = string.Empty;

    private async Task SeedAsync(string slug)
    {
        var tenant = await App.CreateTenantAsync(slug = App.NewSlug(slug));
        Tenant.Set(tenant.Tenant);
        _ownerUserId = tenant.OwnerUserId;
        await using (var scope = App.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            var engineer = await scope.ServiceProvider.GetRequiredService<EngineerDirectory>().ForUserAsync(tenant.OwnerUserId);
            await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
            var contoso = Client.Create("contoso", "Contoso", 0m);
            var fabrikam = Client.Create("fabrikam", "Fabrikam", 0m);
            db.Clients.AddRange(contoso, fabrikam);
            await db.SaveChangesAsync();
            _clientId = contoso.Id;
            var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
            var actor = new TicketActor(engineer.Name, tenant.OwnerUserId, engineer.Id);
            await tickets.CreateAsync(new NewTicketInput { ClientId = contoso.Id, Title = "Printer down" }, actor);
            await tickets.CreateAsync(new NewTicketInput { ClientId = fabrikam.Id, Title = "VPN drops" }, actor);
        }

        var auth = AddAuthorization();
        auth.SetAuthorized("owner@example.com");
        auth.SetRoles(StaffRoles.Owner);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, tenant.OwnerUserId), new Claim(PsaClaims.Tenant, slug));
    }

    private static ClaimsPrincipal Person(string userId, string slug, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId), new Claim(PsaClaims.Tenant, slug), new Claim(ClaimTypes.Role, role)], "test"));

    private AsyncServiceScope Workspace() => App.Service<TenantScopeFactory>().Open(Tenant.Required);

    [Fact]
    public async Task PrivateViews_StayWithTheirOwner_SharedOnesReachTheTeam_AndOnlyTheOwnerOrAnAdministratorDeletes()
    {
        await SeedAsync("viewsco");
        await using var scope = Workspace();
        var views = scope.ServiceProvider.GetRequiredService<BoardViewService>();
        var alice = Person("alice", Tenant.Required.Slug.Value, StaffRoles.Engineer);
        var bob = Person("bob", Tenant.Required.Slug.Value, StaffRoles.Engineer);
        var admin = Person("ada", Tenant.Required.Slug.Value, StaffRoles.Admin);

        var mine = await views.SaveAsync(alice, "Alice", "My P1s", shared: false, new BoardViewFilters(null, TicketPriority.P1, null, null, null, false));
        var team = await views.SaveAsync(alice, "Alice", "Contoso queue", shared: true, new BoardViewFilters(null, null, null, _clientId, "printer", true));

        (await views.ListAsync(alice)).Select(v => v.Label).ShouldBe(["Contoso queue (shared)", "My P1s"]);
        var seenByBob = (await views.ListAsync(bob)).ShouldHaveSingleItem();
        seenByBob.Label.ShouldBe("Contoso queue (shared by Alice)");
        seenByBob.Filters.ShouldBe(new BoardViewFilters(null, null, null, _clientId, "printer", true));
        seenByBob.CanDelete.ShouldBeFalse();

        // Saving under an existing name (in any case) replaces that view's filters and sharing.
        var again = await views.SaveAsync(alice, "Alice", "my p1s", shared: true, new BoardViewFilters(null, TicketPriority.P2, null, null, null, false));
        again.Id.ShouldBe(mine.Id);
        (await views.ListAsync(bob)).Select(v => v.Filters.Priority).ShouldContain(TicketPriority.P2);

        var refused = await Should.ThrowAsync<DomainException>(() => views.DeleteAsync(bob, team.Id));
        refused.Field.ShouldBe("Saved view");
        refused.Message.ShouldContain("Only Alice");
        await Should.ThrowAsync<DomainException>(() => views.DeleteAsync(bob, Guid.NewGuid()));

        await views.DeleteAsync(admin, team.Id);
        await views.DeleteAsync(alice, mine.Id);
        (await views.ListAsync(alice)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ABadName_OrAQueueThatDoesNotExist_IsRefusedOnItsField()
    {
        await SeedAsync("badviewco");
        var alice = Person("alice", Tenant.Required.Slug.Value, StaffRoles.Engineer);
        await using var scope = Workspace();
        var views = scope.ServiceProvider.GetRequiredService<BoardViewService>();
        (await Should.ThrowAsync<DomainException>(() => views.SaveAsync(alice, "Alice", "  ", false, new BoardViewFilters(null, null, null, null, null, false))))
            .Field.ShouldBe("View name");
        (await Should.ThrowAsync<DomainException>(() => views.SaveAsync(alice, "Alice", "Mine", false, new BoardViewFilters(Guid.NewGuid(), null, null, null, null, false))))
            .Field.ShouldBe("Queue");
    }

    [Fact]
    public async Task OnTheBoard_SaveViewKeepsTheCurrentFilters_AndPickingItFiltersTheBoard()
    {
        await SeedAsync("boardviewco");
        var cut = RenderInteractive<ServiceBoardPage>();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=ticket-card]").Count.ShouldBe(2), Patience);

        var search = cut.FindComponents<MudTextField<string>>().Single(f => f.Instance.Label == "Search");
        await cut.InvokeAsync(() => search.Instance.ValueChanged.InvokeAsync("printer"));
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=ticket-card]").Count.ShouldBe(1), Patience);

        await cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save view").ClickAsync(new());
        var name = cut.FindComponents<MudTextField<string>>().Single(f => f.Instance.Label == "View name");
        await cut.InvokeAsync(() => name.Instance.ValueChanged.InvokeAsync("Printers"));
        var share = cut.FindComponents<MudCheckBox<bool>>().Single(f => f.Instance.Label == "Share with the team");
        await cut.InvokeAsync(() => share.Instance.ValueChanged.InvokeAsync(true));
        await cut.FindAll("button").Single(b => b.TextContent.Trim() == "Save").ClickAsync(new());
        cut.WaitForAssertion(() => cut.FindAll("button").Any(b => b.TextContent.Trim() == "Delete view").ShouldBeTrue(), Patience);

        await using var scope = Workspace();
        var views = scope.ServiceProvider.GetRequiredService<BoardViewService>();
        await using (var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create())
        {
            var saved = await db.SavedBoardViews.SingleAsync();
            (saved.Name, saved.Shared, saved.Text, saved.OwnerUserId).ShouldBe(("Printers", true, "printer", _ownerUserId));
        }

        // Clearing the search shows both tickets; picking the view brings its filter back.
        await cut.InvokeAsync(() => search.Instance.ValueChanged.InvokeAsync(null));
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=ticket-card]").Count.ShouldBe(2), Patience);
        var picker = cut.FindComponents<MudSelect<Guid?>>().Single(s => s.Instance.Label == "Saved view");
        var id = (await views.ListAsync(Principal())).Single().Id;
        await cut.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync(id));
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=ticket-card]").Single().TextContent.ShouldContain("Printer down"), Patience);

        await cut.FindAll("button").Single(b => b.TextContent.Trim() == "Delete view").ClickAsync(new());
        cut.WaitForAssertion(() => cut.FindAll("button").Any(b => b.TextContent.Trim() == "Delete view").ShouldBeFalse(), Patience);
        (await views.ListAsync(Principal())).ShouldBeEmpty();
    }

    private ClaimsPrincipal Principal() => Person(_ownerUserId, Tenant.Required.Slug.Value, StaffRoles.Owner);
}
