namespace Psa.Domain.Identity;

/// <summary>The roles a member of an MSP's staff can hold.</summary>
public static class StaffRoles
{
    public const string Owner = "Owner";
    public const string Admin = "Admin";
    public const string ProjectManager = "Project manager";
    public const string Engineer = "Engineer";
    public const string Billing = "Billing";

    public static readonly IReadOnlyList<string> All = [Owner, Admin, ProjectManager, Engineer, Billing];

    /// <summary>Roles that may administer the workspace (users, settings, outbox).</summary>
    public static readonly IReadOnlyList<string> Administrators = [Owner, Admin];
}
