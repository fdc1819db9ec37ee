using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Web.Clients;
using Psa.Web.Portal;
using Shouldly;

namespace Psa.Tests.Portal;

/// <summary>The Client portal settings page's service: options and company sign-in, audited, the secret never shown.</summary>
public sealed class PortalSettingsServiceTests(PsaAppFactory app) : IClassFixture<PsaAppFactory>
{
    private readonly string _acme = app.NewSlug("acme");

    [Fact]
    public async Task CompanySignIn_IsSavedWithItsSecretEncrypted_AuditedWithoutIt_AndBadInputKeepsNothing()
    {
        var tenant = await app.CreateTenantAsync(_acme);
        await using var scope = app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        var sp = scope.ServiceProvider;
        var clientId = await sp.GetRequiredService<ClientService>().SaveAsync(null, new ClientInput("contoso", "Contoso Ltd", 0, null, null));
        var portal = sp.GetRequiredService<PortalSettingsService>();

        // Bad input names its field and keeps nothing.
        var refused = await Should.ThrowAsync<DomainException>(() => portal.SaveSsoAsync(clientId,
            new ClientSsoInput("https://login.contoso.test", "psa", "s3cret-value", "not a domain", "email", "name", "email_verified", true)));
        refused.Field.ShouldBe("Allowed email domains");
        (await portal.AccessAsync(clientId)).Sso.ShouldBeNull();

        await portal.SaveSsoAsync(clientId, new ClientSsoInput("https://login.contoso.test", "psa", "s3cret-value", "contoso.test", "email", "name", "email_verified", true));
        var saved = (await portal.AccessAsync(clientId)).Sso.ShouldNotBeNull();
        saved.Authority.ShouldBe("https://login.contoso.test");
        saved.ProtectedClientSecret.ShouldNotContain("s3cret-value");

        // An empty secret keeps the stored one.
        await portal.SaveSsoAsync(clientId, new ClientSsoInput("https://login.contoso.test", "psa", string.Empty, "contoso.test,contoso.co.uk", "email", "name", "email_verified", false));
        var changed = (await portal.AccessAsync(clientId)).Sso.ShouldNotBeNull();
        changed.ProtectedClientSecret.ShouldBe(saved.ProtectedClientSecret);
        changed.Enabled.ShouldBeFalse();

        await using var db = sp.GetRequiredService<TenantDbContextFactory>().Create();
        var audited = await db.AuditTrail.AsNoTracking().Where(e => e.Action == "portal.sso-configured").OrderBy(e => e.AtUtc).ToListAsync();
        audited.Count.ShouldBe(2);
        audited.ShouldAllBe(e => e.Category == AuditCategory.Portal && e.Subject == "Company sign-in of Contoso Ltd");
        audited[0].After.ShouldNotBeNull().ShouldContain("client secret replaced");
        audited[1].Before.ShouldNotBeNull().ShouldContain("enabled");
        audited[1].After.ShouldNotBeNull().ShouldContain("disabled");
        audited[1].After!.ShouldNotContain("secret replaced");
        audited.ShouldAllBe(e => !(e.Before ?? string.Empty).Contains(saved.ProtectedClientSecret) && !(e.After ?? string.Empty).Contains("s3cret-value"));
    }

    [Fact]
    public async Task PortalOptions_AreSavedAndAudited()
    {
        var tenant = await app.CreateTenantAsync(app.NewSlug("opts"));
        await using var scope = app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        var portal = scope.ServiceProvider.GetRequiredService<PortalSettingsService>();
        var before = await portal.OptionsAsync();

        await portal.SaveOptionsAsync(new PortalOptions(!before.ShowsBudget, !before.InvoiceMilestoneOnSignOff));

        (await portal.OptionsAsync()).ShouldBe(new PortalOptions(!before.ShowsBudget, !before.InvoiceMilestoneOnSignOff));
        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        var entry = await db.AuditTrail.AsNoTracking().SingleAsync(e => e.Action == "settings.portal-changed");
        entry.After.ShouldNotBeNull().ShouldContain("PortalShowsBudget");
    }
}
