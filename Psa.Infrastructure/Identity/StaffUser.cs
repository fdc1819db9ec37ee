using Microsoft.AspNetCore.Identity;

namespace Psa.Infrastructure.Identity;

/// <summary>A member of the MSP's staff, stored in the tenant's own database.</summary>
public sealed class StaffUser : IdentityUser
{
    public required string DisplayName { get; set; }

    public DateTimeOffset CreatedUtc { get; set; }

    public DateTimeOffset? LastSignInUtc { get; set; }

    public bool IsActive { get; set; } = true;
}

public sealed class Invitation
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string Email { get; set; }

    public required string DisplayName { get; set; }

    public required string Role { get; set; }

    /// <summary>SHA-256 of the token mailed to the invitee.</summary>
    public required string TokenHash { get; set; }

    public required string InvitedBy { get; set; }

    public DateTimeOffset CreatedUtc { get; set; }

    public DateTimeOffset ExpiresUtc { get; set; }

    public DateTimeOffset? AcceptedUtc { get; set; }

    public DateTimeOffset? RevokedUtc { get; set; }
}

/// <summary>A personal access token for the API; only its hash is kept.</summary>
public sealed class ApiToken
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string UserId { get; set; }

    public required string Name { get; set; }

    public required string TokenHash { get; set; }

    /// <summary>The first characters of the token, shown so the user can tell tokens apart.</summary>
    public required string Prefix { get; set; }

    public DateTimeOffset CreatedUtc { get; set; }

    public DateTimeOffset? LastUsedUtc { get; set; }

    public DateTimeOffset? RevokedUtc { get; set; }

    /// <summary>Space-separated API scopes (<c>time:read billing:write</c>); null for a token made before scopes, which acts with its user's whole role.</summary>
    public string? Scopes { get; set; }

    /// <summary>After this instant the token is refused; null for a token that never expires.</summary>
    public DateTimeOffset? ExpiresUtc { get; set; }
}

/// <summary>
/// An integration (an RMM or accounting connector) registered by the workspace: it asks <c>/connect/token</c>
/// for access tokens with its client id and secret (OAuth 2.0 client credentials). Only the secret's hash is kept.
/// </summary>
public sealed class ApiClient
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>The public identifier sent as <c>client_id</c>.</summary>
    public required string ClientId { get; set; }

    public required string Name { get; set; }

    public required string SecretHash { get; set; }

    /// <summary>Space-separated scopes the client may ask for.</summary>
    public required string Scopes { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedUtc { get; set; }

    public DateTimeOffset? LastUsedUtc { get; set; }

    public DateTimeOffset? RevokedUtc { get; set; }
}

/// <summary>
/// One entry of the workspace's audit trail: who did what, when, with the values before and after.
/// Entries are only ever added (<see cref="Tenancy.TenantDbContext"/> refuses to change or delete one).
/// </summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public DateTimeOffset AtUtc { get; set; }

    /// <summary>The staff member's id, <c>client:&lt;client id&gt;</c> for an API client, or <c>system</c> for a job.</summary>
    public required string ActorId { get; set; }

    public required string ActorName { get; set; }

    /// <summary>A stable code such as <c>invoice.issued</c>; <see cref="AuditCategory"/> groups them for the filter.</summary>
    public required string Action { get; set; }

    public required string Category { get; set; }

    /// <summary>What the action was done to, in words ("Invoice INV-0042", "Jo Bloggs").</summary>
    public required string Subject { get; set; }

    public string? Before { get; set; }

    public string? After { get; set; }

    public string? Address { get; set; }
}

public static class AuditCategory
{
    public const string Invoices = "Invoices";
    public const string Billing = "Billing runs";
    public const string Users = "Users";
    public const string Settings = "Settings";
    public const string Api = "API access";
    public const string Portal = "Portal access";
    public const string SignIn = "Sign-in";
    public const string Agreements = "Agreements and rates";

    public static readonly IReadOnlyList<string> All = [Invoices, Billing, Agreements, Users, Settings, Api, Portal, SignIn];
}
