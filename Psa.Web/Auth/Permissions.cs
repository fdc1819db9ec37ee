using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Psa.Domain.Identity;

namespace Psa.Web.Auth;

/// <summary>
/// What a member of staff may do. Every API endpoint, staff page, navigation entry and hub topic names
/// the one it needs; <see cref="Permissions.Matrix"/> says which roles hold it (the README prints the same table).
/// </summary>
public enum Permission
{
    /// <summary>Dashboard, own profile and API tokens, own time, timers and timesheets, notifications.</summary>
    UseWorkspace,
    ProjectsRead,
    /// <summary>Create and edit projects, phases, tasks, dependencies, routing, sign-off on a client's behalf.</summary>
    ProjectsManage,
    /// <summary>Move tasks through their statuses and tick checklist items (engineers doing the work).</summary>
    TasksWork,
    ClientsRead,
    ClientsManage,
    /// <summary>Engineer profiles, skills and time off; others' cost rates need <see cref="CostRatesRead"/>.</summary>
    EngineersRead,
    EngineersManage,
    TemplatesRead,
    TemplatesManage,
    QuotesRead,
    QuotesManage,
    AgreementsRead,
    AgreementsManage,
    InvoicesRead,
    /// <summary>Approve, issue, void and credit invoices.</summary>
    InvoicesManage,
    BillingRuns,
    /// <summary>Other engineers' cost rates (everyone may see their own).</summary>
    CostRatesRead,
    /// <summary>Change engineers' cost rates.</summary>
    RatesManage,
    /// <summary>Other people's time entries and the utilisation, client and project reports.</summary>
    TimeOfOthersRead,
    TimesheetApproval,
    /// <summary>Workspace settings, branding and holidays.</summary>
    Settings,
    /// <summary>Billing settings (run schedule, terms, seller details) and GL mapping.</summary>
    BillingSettings,
    /// <summary>Loading a scenario file, which may replace workspace settings.</summary>
    Import,
    /// <summary>Staff, invitations, roles and the Outbox.</summary>
    Users,
    PortalSettings,
    Audit,
    /// <summary>Service desk: see, raise, work, dispatch and reply to tickets, and log time on them.</summary>
    Tickets,
    /// <summary>Connect the workspace to Xero, confirm contact matches, sync now.</summary>
    Integrations,
    /// <summary>Reconciliation findings: see, resolve and dismiss them.</summary>
    Reconciliation,
    /// <summary>Profit per client and service line (revenue against fully loaded cost).</summary>
    Profitability,
    /// <summary>Register and revoke the workspace's API clients (OAuth client credentials) and choose their scopes.</summary>
    ApiClients,
}

public static class Permissions
{
    private const string PolicyPrefix = "permission:";

    private static readonly string[] Everyone = [.. StaffRoles.All];
    private static readonly string[] Administrators = [StaffRoles.Owner, StaffRoles.Admin];
    private static readonly string[] Delivery = [StaffRoles.Owner, StaffRoles.Admin, StaffRoles.ProjectManager];
    private static readonly string[] Finance = [StaffRoles.Owner, StaffRoles.Admin, StaffRoles.Billing];
    private static readonly string[] Commercial = [StaffRoles.Owner, StaffRoles.Admin, StaffRoles.ProjectManager, StaffRoles.Billing];

    /// <summary>The roles holding each permission. The only place this is decided.</summary>
    public static readonly IReadOnlyDictionary<Permission, IReadOnlyList<string>> Matrix = new Dictionary<Permission, IReadOnlyList<string>>
    {
        [Permission.UseWorkspace] = Everyone,
        [Permission.ProjectsRead] = Everyone,
        [Permission.ProjectsManage] = Delivery,
        [Permission.TasksWork] = Everyone,
        [Permission.ClientsRead] = Everyone,
        [Permission.ClientsManage] = Commercial,
        [Permission.EngineersRead] = Everyone,
        [Permission.EngineersManage] = Delivery,
        [Permission.TemplatesRead] = Everyone,
        [Permission.TemplatesManage] = Delivery,
        [Permission.QuotesRead] = Commercial,
        [Permission.QuotesManage] = Commercial,
        [Permission.AgreementsRead] = Commercial,
        [Permission.AgreementsManage] = Finance,
        [Permission.InvoicesRead] = Finance,
        [Permission.InvoicesManage] = Finance,
        [Permission.BillingRuns] = Finance,
        [Permission.CostRatesRead] = Finance,
        [Permission.RatesManage] = Finance,
        [Permission.TimeOfOthersRead] = Commercial,
        [Permission.TimesheetApproval] = Delivery,
        [Permission.Settings] = Administrators,
        [Permission.BillingSettings] = Finance,
        [Permission.Import] = Administrators,
        [Permission.Users] = Administrators,
        [Permission.PortalSettings] = Administrators,
        [Permission.Audit] = Finance,
        [Permission.Tickets] = Everyone,
        [Permission.Integrations] = Finance,
        [Permission.Reconciliation] = Finance,
        [Permission.Profitability] = Finance,
        [Permission.ApiClients] = Administrators,
    };

    public static string Policy(Permission permission) => PolicyPrefix + permission;

    public static IReadOnlyList<string> RolesFor(Permission permission) => Matrix[permission];

    public static bool Allows(string role, Permission permission) => Matrix[permission].Contains(role);

    /// <summary>
    /// A staff member of a workspace holding the permission through one of their roles, or an API client, within
    /// the scopes of the token used (reading; <see cref="PermissionHandler"/> asks for a write scope on other methods).
    /// </summary>
    public static bool Can(this ClaimsPrincipal? user, Permission permission) =>
        user is not null && user.HasClaim(c => c.Type == PsaClaims.Tenant)
        && (ApiScopes.IsClient(user) || Matrix[permission].Any(user.IsInRole))
        && ApiScopes.Grants(user, permission, write: false);

    /// <summary>Everyone sees their own cost rate; only <see cref="Permission.CostRatesRead"/> shows anyone else's.</summary>
    public static bool CanSeeCostRateOf(this ClaimsPrincipal? user, string? engineerUserId) =>
        user.Can(Permission.CostRatesRead)
        || (engineerUserId is not null && user.Can(Permission.UseWorkspace) && user!.FindFirstValue(ClaimTypes.NameIdentifier) == engineerUserId);

    /// <summary>Declares the permission an endpoint or group needs: enforced by its policy, found by the endpoint audit test.</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new RequirePermissionAttribute(permission));

    public static AuthorizationBuilder AddPermissionPolicies(this AuthorizationBuilder builder)
    {
        foreach (var permission in Matrix.Keys)
        {
            builder.AddPolicy(Policy(permission), p => p.RequireAuthenticatedUser().RequireClaim(PsaClaims.Tenant).AddRequirements(new PermissionRequirement(permission)));
        }

        return builder;
    }
}

public sealed record PermissionRequirement(Permission Permission) : IAuthorizationRequirement;

/// <summary>The role (or API client) holds the permission, and a scoped token carries a write scope for anything but GET and HEAD.</summary>
public sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        var writes = context.Resource is HttpContext http && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method);
        if (context.User.Can(requirement.Permission) && (!writes || ApiScopes.Grants(context.User, requirement.Permission, write: true)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// <c>@attribute [RequirePermission(Permission.InvoicesRead)]</c> on a page, or
/// <c>.RequirePermission(Permission.InvoicesRead)</c> on an endpoint: the permission's policy applies
/// and the permission is readable from the endpoint's metadata.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class RequirePermissionAttribute : AuthorizeAttribute
{
    public RequirePermissionAttribute(Permission permission)
    {
        Permission = permission;
        Policy = Permissions.Policy(permission);
    }

    public Permission Permission { get; }
}
