using System.Security.Claims;

namespace Psa.Web.Auth;

/// <summary>
/// API scopes (<c>billing:read</c>, <c>time:write</c>, …) mapped onto the permission matrix: a scope names an area,
/// <c>:read</c> grants that area's permissions for reading (GET) and <c>:write</c> for every method. A token with
/// scopes can do what both its scopes and (for a personal token) its user's role allow; an API client has no role,
/// so its scopes alone decide. Settings, users, import, portal settings, audit and integrations are never reachable
/// with a token.
/// </summary>
public static class ApiScopes
{
    public const string Read = "read";
    public const string Write = "write";

    /// <summary>Each area and the permissions its scopes carry.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<Permission>> Areas = new Dictionary<string, IReadOnlyList<Permission>>(StringComparer.Ordinal)
    {
        ["time"] = [Permission.UseWorkspace, Permission.TimeOfOthersRead, Permission.TimesheetApproval],
        ["projects"] = [Permission.ProjectsRead, Permission.ProjectsManage, Permission.TasksWork, Permission.TemplatesRead, Permission.TemplatesManage],
        ["clients"] = [Permission.ClientsRead, Permission.ClientsManage],
        ["engineers"] = [Permission.EngineersRead, Permission.EngineersManage, Permission.CostRatesRead, Permission.RatesManage],
        ["quotes"] = [Permission.QuotesRead, Permission.QuotesManage],
        ["billing"] =
        [
            Permission.AgreementsRead, Permission.AgreementsManage, Permission.InvoicesRead, Permission.InvoicesManage,
            Permission.BillingRuns, Permission.Reconciliation, Permission.Profitability,
        ],
        ["tickets"] = [Permission.Tickets],
    };

    /// <summary>Every scope a token may carry, in a stable order: <c>time:read</c>, <c>time:write</c>, …</summary>
    public static readonly IReadOnlyList<string> All = Areas.Keys.SelectMany(a => new[] { $"{a}:{Read}", $"{a}:{Write}" }).ToList();

    /// <summary>Set on a principal whose scopes limit it (a scoped personal token or an API client).</summary>
    public const string ScopedClaim = "psa:scoped";

    public const string ScopeClaim = "psa:scope";

    /// <summary>An API client (client credentials): no user, no role.</summary>
    public const string ClientClaim = "psa:api-client";

    public static bool IsClient(ClaimsPrincipal user) => user.HasClaim(c => c.Type == ClientClaim);

    /// <summary>The area whose scopes carry the permission; null for one no token can reach.</summary>
    public static string? AreaOf(Permission permission) =>
        Areas.FirstOrDefault(a => a.Value.Contains(permission)).Key;

    /// <summary>Whether the principal's scopes allow the permission (for writing when <paramref name="write"/>); a principal without scopes is limited by its role only.</summary>
    public static bool Grants(ClaimsPrincipal user, Permission permission, bool write)
    {
        if (!user.HasClaim(c => c.Type == ScopedClaim))
        {
            return true;
        }

        // An API client acts for nobody: "own" time, timers and timesheets mean nothing for it.
        if (permission == Permission.UseWorkspace && IsClient(user))
        {
            return false;
        }

        var area = AreaOf(permission);
        if (area is null)
        {
            return false;
        }

        return user.HasClaim(ScopeClaim, $"{area}:{Write}") || (!write && user.HasClaim(ScopeClaim, $"{area}:{Read}"));
    }

    /// <summary>
    /// Parses a space- or comma-separated list into known scopes, in the order of <see cref="All"/>;
    /// an unknown one is refused naming the field.
    /// </summary>
    public static IReadOnlyList<string> Parse(string? text, string field)
    {
        var asked = (text ?? string.Empty).Split([' ', ',', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var scope in asked)
        {
            if (!All.Contains(scope, StringComparer.Ordinal))
            {
                throw new Domain.DomainException($"'{scope}' is not a scope. Scopes: {string.Join(", ", All)}.", field);
            }
        }

        return All.Where(s => asked.Contains(s, StringComparer.Ordinal)).ToList();
    }

    public static string Join(IEnumerable<string> scopes) => string.Join(' ', scopes);

    public static void AddTo(ClaimsIdentity identity, IEnumerable<string> scopes)
    {
        identity.AddClaim(new Claim(ScopedClaim, "true"));
        foreach (var scope in scopes)
        {
            identity.AddClaim(new Claim(ScopeClaim, scope));
        }
    }
}
