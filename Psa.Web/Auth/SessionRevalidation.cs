using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Psa.Domain.Tenancy;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Auth;

public sealed class SessionRevalidationOptions
{
    /// <summary>How often open circuits and cookies check that their user, account and workspace are still allowed in.</summary>
    public TimeSpan RevalidateEvery { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Re-checks an open Blazor circuit's user every <see cref="SessionRevalidationOptions.RevalidateEvery"/>: a
/// deactivated staff member, a changed security stamp (role change, password reset), a withdrawn
/// portal account or a suspended workspace turns the circuit anonymous, and its pages send the person
/// to sign in. Without this a circuit opened before the change would keep working for hours.
/// </summary>
public sealed class SessionRevalidation(
    ILoggerFactory loggerFactory,
    TenantContext tenant,
    TenantDbContextFactory databases,
    TenantDirectory directory,
    IOptions<IdentityOptions> identity,
    IOptions<SessionRevalidationOptions> options) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => options.Value.RevalidateEvery;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        IsStillAllowedAsync(authenticationState.User, cancellationToken);

    public async Task<bool> IsStillAllowedAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return true;
        }

        var staffTenant = user.FindFirstValue(PsaClaims.Tenant);
        var portalTenant = user.FindFirstValue(PsaClaims.PortalTenant);
        if (staffTenant is null && portalTenant is null)
        {
            return true; // platform administrators are not a workspace's to end
        }

        if (!tenant.IsSet || (staffTenant ?? portalTenant) != tenant.Required.Slug.Value
            || await directory.FindAsync(tenant.Required.Slug, cancellationToken) is not { Status: TenantStatus.Active })
        {
            return false;
        }

        await using var db = databases.Create();
        if (portalTenant is not null)
        {
            var accountId = Guid.TryParse(user.FindFirstValue(PsaClaims.PortalAccount), out var id) ? id : Guid.Empty;
            return await db.PortalAccounts.AnyAsync(a => a.Id == accountId && a.IsActive, cancellationToken);
        }

        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = user.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        var current = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.IsActive, u.SecurityStamp }).SingleOrDefaultAsync(cancellationToken);
        return current is { IsActive: true } && (stamp is null || stamp == current.SecurityStamp);
    }
}
