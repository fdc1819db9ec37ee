using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Billing;
using Psa.Domain.Identity;
using Psa.Domain.Tenancy;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Billing;
using Psa.Tests.Support;
using Psa.Web.Billing;
using Psa.Web.Clients;
using Psa.Web.Onboarding;
using Psa.Web.Portal;
using Psa.Web.Projects;
using Psa.Web.Users;
using Shouldly;

namespace Psa.Tests.Onboarding;

/// <summary>Issue 14 §1: the getting-started checklist follows what the workspace really did; starter templates can be used or removed.</summary>
public sealed class OnboardingTests : IDisposable
{
    private readonly PsaAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Checklist_TicksEachStepFromTheWorkspacesData_UntilEveryStepIsDone()
    {
        var created = await _app.CreateTenantAsync("fresh");
        var tenant = (await _app.Service<TenantDirectory>().FindAsync(TenantSlug.Parse("fresh")))!;
        await using var scope = _app.Service<TenantScopeFactory>().Open(tenant);
        var sp = scope.ServiceProvider;
        var onboarding = sp.GetRequiredService<OnboardingService>();
        async Task<string[]> Done() => (await onboarding.StepsAsync()).Where(s => s.Done).Select(s => s.Key).ToArray();

        (await onboarding.StepsAsync()).Select(s => s.Key).ShouldBe(["client", "staff", "agreement", "project", "time", "billing", "portal"]);
        (await Done()).ShouldBeEmpty();

        // Clients and logged time, as a scenario import brings them.
        await sp.GetRequiredService<ScenarioImportService>().ImportJsonAsync(ScenarioFiles.Read("s01-time-and-materials-tiers.json"), includeSettings: true);
        (await Done()).ShouldBe(["client", "time"]);

        await sp.GetRequiredService<StaffDirectory>().InviteAsync("Eve Engineer", "eve@fresh.test", StaffRoles.Engineer, "Owner", new Uri("http://fresh.localhost/"));
        await sp.GetRequiredService<AgreementService>().SaveAsync(new AgreementForm { Code = "acme-tm", Name = "Acme support", ClientCode = "acme", HourlyRate = 150m, CoversEveryWorkType = true, Start = new DateOnly(2026, 1, 1) });
        await sp.GetRequiredService<BillingRunService>().RunAsync(BillingPeriod.Parse("2026-10"), "user:Owner");
        (await Done()).ShouldBe(["client", "staff", "agreement", "time", "billing"]);

        var acme = (await sp.GetRequiredService<ClientService>().FindByCodeAsync("acme"))!;
        (await sp.GetRequiredService<StarterTemplates>().AddAsync()).ShouldBe(4);
        var templates = sp.GetRequiredService<TemplateService>();
        var migration = (await templates.ListAsync()).Single(t => t.Name == "Server migration");
        await templates.DeployAsync(await templates.DraftAsync(migration.Id, acme.Id, new DateOnly(2026, 12, 14)));
        var contact = await sp.GetRequiredService<ClientService>().AddContactAsync(acme.Id, "Olga Ops", "olga@acme.test", null, true);
        await sp.GetRequiredService<PortalSignIn>().InviteAsync(contact, new Uri("http://fresh.localhost/"), "Owner");

        (await onboarding.StepsAsync()).ShouldAllBe(s => s.Done);
        created.OwnerUserId.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task StarterTemplates_AreAddedOnce_AndCanBeRemovedLikeAnyTemplate()
    {
        await _app.CreateTenantAsync("fresh");
        var tenant = (await _app.Service<TenantDirectory>().FindAsync(TenantSlug.Parse("fresh")))!;
        await using var scope = _app.Service<TenantScopeFactory>().Open(tenant);
        var sp = scope.ServiceProvider;
        var starters = sp.GetRequiredService<StarterTemplates>();
        var templates = sp.GetRequiredService<TemplateService>();

        (await starters.AddAsync()).ShouldBe(4);
        (await starters.AddAsync()).ShouldBe(0);
        var names = (await templates.ListAsync()).Select(t => t.Name).ToList();
        names.ShouldBe(["Client onboarding", "Microsoft 365 migration", "Network refresh", "Server migration"]);
        (await templates.ListAsync()).ShouldAllBe(t => t.Tasks > 0 && t.EstimateHours > 0);

        await templates.DeleteAsync((await templates.ListAsync()).Single(t => t.Name == "Network refresh").Id);
        (await templates.ListAsync()).Count.ShouldBe(3);
        (await starters.AddAsync()).ShouldBe(1);
    }
}
