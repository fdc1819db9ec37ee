using Psa.Domain.Identity;
using Psa.Web.Auth;

namespace Psa.Tests.Support;

/// <summary>The authorization policies a staff member with these roles passes, for bUnit's fake authorization.</summary>
public static class TestPolicies
{
    public static string[] ForRoles(params string[] roles) =>
    [
        PsaPolicies.Staff,
        .. roles.Intersect(StaffRoles.Administrators).Any() ? [PsaPolicies.WorkspaceAdmin] : Array.Empty<string>(),
        .. Enum.GetValues<Permission>().Where(p => roles.Any(r => Permissions.Allows(r, p))).Select(Permissions.Policy),
    ];
}
