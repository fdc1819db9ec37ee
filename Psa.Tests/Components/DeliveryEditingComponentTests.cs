using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Notifications;
using Psa.Domain.Projects;
using Psa.Domain.Projects.Routing;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Auth;
using Psa.Web.Clients;
using Psa.Web.Components.Pages.Notifications;
using Psa.Web.Components.Pages.Projects;
using Psa.Web.Projects;
using Shouldly;
using Psa.Tests.Support;

namespace Psa.Tests.Components;

/// <summary>bUnit tests of the notifications page and the phase editor over a real workspace database.</summary>
public sealed class DeliveryEditingComponentTests(PsaAppFactory app) : ComponentTestContext(app), IClassFixture<PsaAppFactory>
{

    private async Task<ProvisionResult> WorkspaceAsync(string slug)
    {
        var tenant = await App.CreateTenantAsync(slug = App.NewSlug(slug));
        Tenant.Set(tenant.Tenant);
        var auth = AddAuthorization();
        auth.SetAuthorized("owner@example.com");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, tenant.OwnerUserId), new Claim(PsaClaims.Tenant, slug));
        return tenant;
    }

    [Fact]
    public async Task Notifications_page_lists_only_my_notifications_newest_first_and_marks_them_read()
    {
        var tenant = await WorkspaceAsync("bell");
        await using (var db = Services.GetRequiredService<TenantDbContextFactory>().Create())
        {
            var now = DateTimeOffset.UtcNow;
            db.Notifications.Add(Notification.Create(tenant.OwnerUserId, "2 tasks assigned to you on Firewall", "Rack; Cable", "/projects/x", now.AddHours(-2)));
            db.Notifications.Add(Notification.Create(tenant.OwnerUserId, "1 task assigned to you on Backup", null, "/projects/y", now.AddHours(-1)));
            db.Notifications.Add(Notification.Create("someone-else", "Not for the owner", null, null, now));
            await db.SaveChangesAsync();
        }

        var cut = RenderInteractive<NotificationsPage>();
        cut.WaitForAssertion(() => cut.FindAll("[data-notification]").Count.ShouldBe(2), Patience);
        cut.FindAll("[data-notification]").Select(n => n.GetAttribute("data-notification")).ShouldBe(["1 task assigned to you on Backup", "2 tasks assigned to you on Firewall"]);
        cut.FindAll(".psa-notification.unread").Count.ShouldBe(2);
        cut.Markup.ShouldNotContain("Not for the owner");
        cut.Find("a[href='/projects/x']").TextContent.ShouldBe("Open");

        await cut.Find("button[aria-label='Mark read: 2 tasks assigned to you on Firewall']").ClickAsync(new());
        cut.WaitForAssertion(() => cut.FindAll(".psa-notification.unread").Count.ShouldBe(1), Patience);
        cut.FindAll("[role=tab]")[1].TextContent.ShouldContain("Unread 1");

        await cut.FindAll("button").First(b => b.TextContent.Contains("Mark all read")).ClickAsync(new());
        cut.WaitForAssertion(() => cut.FindAll(".psa-notification.unread").ShouldBeEmpty(), Patience);
        await cut.FindAll("[role=tab]")[1].ClickAsync(new());
        cut.WaitForAssertion(() => cut.Markup.ShouldContain("All caught up"), Patience);
    }

    [Fact]
    public async Task Phase_editor_adds_phases_with_a_dependency_and_refuses_a_reorder_naming_the_dependency()
    {
        await WorkspaceAsync("phases");
        var projects = Services.GetRequiredService<ProjectQueries>();
        var editor = Services.GetRequiredService<ProjectEditor>();
        var clientId = await Services.GetRequiredService<ClientService>().SaveAsync(null, new ClientInput("acme", "Acme", 0, null, null));
        var id = await editor.CreateAsync(new ProjectInput("acme-net", clientId, "Network", null, ProjectStatus.Planned, null, null, null, null, null,
            ProjectBillingModel.AsWorked, null, null, RoutingMode.Manual, null, null));

        IRenderedComponent<PhaseEditor>? cut = null;
        async Task Reload()
        {
            var detail = (await projects.GetAsync(id))!;
            cut!.Render(p => p.Add(x => x.Detail, detail));
        }

        var initial = (await projects.GetAsync(id))!;
        cut = RenderInteractive<PhaseEditor>(p => p.Add(x => x.Detail, initial).Add(x => x.ProjectId, id).Add(x => x.OnChanged, Reload));
        cut.Markup.ShouldContain("No phases yet");

        await cut.Find("#newPhaseName").ChangeAsync(new ChangeEventArgs { Value = "Survey" });
        await cut.Find("[data-testid=add-phase]").SubmitAsync();
        cut.WaitForAssertion(() => cut.FindAll("[data-phase]").Count.ShouldBe(1), Patience);

        await cut.Find("#newPhaseName").ChangeAsync(new ChangeEventArgs { Value = "Install" });
        await cut.Find("#newPhaseDepends").ChangeAsync(new ChangeEventArgs { Value = cut.Find("#newPhaseDepends option:nth-child(2)").GetAttribute("value") });
        await cut.Find("#newPhaseSignOff").ChangeAsync(new ChangeEventArgs { Value = true });
        await cut.Find("[data-testid=add-phase]").SubmitAsync();
        cut.WaitForAssertion(() => cut.FindAll("[data-phase]").Count.ShouldBe(2), Patience);
        var install = cut.Find("[data-phase=Install]");
        install.TextContent.ShouldContain("Survey");

        await cut.Find("button[aria-label='Move Install up']").ClickAsync(new());
        cut.WaitForAssertion(() => cut.Find("[data-testid=phase-problem]").TextContent.ShouldContain("Phase “Install” cannot move before “Survey”: it depends on “Survey”."), Patience);

        await cut.Find("#newPhaseName").ChangeAsync(new ChangeEventArgs { Value = " " });
        await cut.Find("[data-testid=add-phase]").SubmitAsync();
        cut.WaitForAssertion(() => cut.Find("[data-testid=add-phase] .psa-field-error").TextContent.ShouldBe("Phase name is required."), Patience);

        var plan = (await projects.GetAsync(id))!.Plan;
        plan.Phases.Select(p => p.Name).ShouldBe(["Survey", "Install"]);
        plan.Phases[1].RequiresClientSignOff.ShouldBeTrue();
    }
}
