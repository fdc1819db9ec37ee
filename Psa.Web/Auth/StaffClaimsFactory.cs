using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Auth;

/// <summary>Adds the workspace and display name to a staff member's claims.</summary>
public sealed class StaffClaimsFactory(
    UserManager<StaffUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options,
    TenantContext tenant)
    : UserClaimsPrincipalFactory<StaffUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PsaClaims.Tenant, tenant.Required.Slug.Value));
        identity.AddClaim(new Claim(PsaClaims.DisplayName, user.DisplayName));
        return identity;
    }
}
