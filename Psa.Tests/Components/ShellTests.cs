using Bunit;
using Microsoft.AspNetCore.Components;
using Psa.Domain.Identity;
using Psa.Web.Auth;
using Psa.Web.Components.Layout;
using Psa.Web.Settings;
using Psa.Tests.Support;
using Shouldly;

namespace Psa.Tests.Components;

public sealed class ShellTests(PsaAppFactory app) : ComponentTestContext(app), IClassFixture<PsaAppFactory>
{
    private async Task<IRenderedComponent<MainLayout>> RenderShellAsync(params string[] roles)
    {
        var tenant = await App.CreateTenantAsync(App.NewSlug("acme"));
        Tenant.Set(tenant.Tenant);
        var auth = AddAuthorization();
        auth.SetAuthorized("owner@example.com");
        auth.SetRoles(roles);
        auth.SetPolicies(TestPolicies.ForRoles(roles));
        auth.SetClaims(new System.Security.Claims.Claim(PsaClaims.DisplayName, "Olivia Owner"), new System.Security.Claims.Claim(PsaClaims.Tenant, tenant.Tenant.Slug.Value));
        RenderFragment body = b => b.AddMarkupContent(0, "<p id='page'>page body</p>");
        return RenderInteractive<MainLayout>(p => p.Add(l => l.Body, body));
    }

    /// <summary>A link's accessible name: its text without the icons hidden from screen readers.</summary>
    private static string LinkName(AngleSharp.Dom.IElement link) =>
        string.Concat(link.ChildNodes.Where(n => n is not AngleSharp.Dom.IElement { } e || e.GetAttribute("aria-hidden") != "true")
            .Select(n => n.TextContent)).Trim();

    [Fact]
    public async Task Shell_ShowsBrandingUserAndEveryArea()
    {
        var cut = await RenderShellAsync(StaffRoles.Owner);

        cut.WaitForAssertion(() => cut.Find("[data-testid=workspace-name]").TextContent.ShouldBe(Tenant.Required.Name), Patience);
        cut.Find("[data-testid=signed-in-user]").TextContent.ShouldBe("Olivia Owner");
        var nav = cut.FindAll("nav.psa-sidenav a").Select(LinkName).ToList();
        nav.ShouldBe(["Dashboard", "Service desk", "Projects", "Workload", "Templates", "Quotes", "Time", "Timesheets", "Billing", "Clients", "Engineers", "Reports", "SLA compliance", "Reconciliation", "Profitability", "Settings", "Users", "Client portal", "Outbox", "Holidays", "Integrations", "Support mailbox", "API clients", "Audit trail"]);
        cut.Find("#page").TextContent.ShouldBe("page body");
        cut.Find(".psa-shell").GetAttribute("style")!.ShouldContain("#2563eb");
    }

    [Fact]
    public async Task Shell_SaysLiveUpdatesArePaused_OnlyWhileThisNodeCannotHearTheOthers()
    {
        var cut = await RenderShellAsync(StaffRoles.Engineer);
        cut.WaitForAssertion(() => cut.Find("[data-testid=workspace-name]"), Patience);
        cut.FindAll("[data-testid=live-paused]").ShouldBeEmpty();

        var status = App.Service<Psa.Infrastructure.Live.LiveLinkStatus>();
        status.Set(paused: true);
        cut.WaitForAssertion(() => cut.Find("[data-testid=live-paused]").TextContent.ShouldContain("Live updates paused"), Patience);

        status.Set(paused: false);
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=live-paused]").ShouldBeEmpty(), Patience);
    }

    [Fact]
    public async Task Shell_HidesWorkspaceAdministrationFromEngineers()
    {
        var cut = await RenderShellAsync(StaffRoles.Engineer);
        cut.WaitForAssertion(() => cut.Find("[data-testid=workspace-name]"), Patience);
        cut.FindAll("nav.psa-sidenav a").Select(LinkName).ShouldNotContain("Settings");
    }

    [Fact]
    public async Task Shell_FollowsBrandingChangesLive()
    {
        var cut = await RenderShellAsync(StaffRoles.Owner);
        cut.WaitForAssertion(() => cut.Find("[data-testid=workspace-name]").TextContent.ShouldBe(Tenant.Required.Name), Patience);

        var settings = Services.GetService(typeof(WorkspaceSettingsService)) as WorkspaceSettingsService;
        var current = await settings!.GetAsync();
        current.CompanyName = "Acme Managed IT";
        current.AccentColor = "#0f766e";
        (await settings.SaveAsync(current)).ShouldBeEmpty();

        cut.WaitForAssertion(() =>
        {
            cut.Find("[data-testid=workspace-name]").TextContent.ShouldBe("Acme Managed IT");
            cut.Find(".psa-shell").GetAttribute("style")!.ShouldContain("#0f766e");
        }, Patience);
    }
}
