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
}
