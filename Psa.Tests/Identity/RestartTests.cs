using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Web.Portal;
using Shouldly;

namespace Psa.Tests.Identity;

/// <summary>The Data Protection key ring lives in the catalog, so a restarted (or recreated) server still opens what the old one protected.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task SessionsAndStoredSecrets_SurviveARestart()
    {
        var first = new PsaAppFactory();
        var tenant = await first.CreateTenantAsync("acme");
        string cookie, protectedSecret;
        await using (var scope = first.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            var user = (await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByIdAsync(tenant.OwnerUserId))!;
            var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<StaffUser>>().CreateAsync(user);
            var cookies = first.Service<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
            cookie = cookies.TicketDataFormat.Protect(new AuthenticationTicket(principal, new AuthenticationProperties
            {
                IssuedUtc = DateTimeOffset.UtcNow,
                ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1),
            }, IdentityConstants.ApplicationScheme));
            protectedSecret = scope.ServiceProvider.GetRequiredService<PortalSso>().ProtectSecret("the client's SSO secret");
        }

        await using (var catalog = first.Service<DatabaseLocator>().CreateCatalog())
        {
            (await catalog.DataProtectionKeys.CountAsync()).ShouldBeGreaterThan(0);
        }

        // An unknown attachment: 404 for a valid staff session, a sign-in redirect otherwise.
        var attachment = $"/projects/{Guid.NewGuid()}/attachments/{Guid.NewGuid()}";
        var before = first.ClientFor("acme");
        before.DefaultRequestHeaders.Add("Cookie", ".psa.staff=" + cookie);
        (await before.GetAsync(attachment)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var second = first.Restart();
        _ = second.Server;
        var after = second.ClientFor("acme");
        after.DefaultRequestHeaders.Add("Cookie", ".psa.staff=" + cookie);
        (await after.GetAsync(attachment)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        second.Service<IDataProtectionProvider>().CreateProtector(PortalSso.SecretPurpose).Unprotect(protectedSecret).ShouldBe("the client's SSO secret");

        var stranger = second.ClientFor("acme");
        stranger.DefaultRequestHeaders.Add("Cookie", ".psa.staff=" + cookie[..^4] + "AAAA");
        (await stranger.GetAsync(attachment)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}
