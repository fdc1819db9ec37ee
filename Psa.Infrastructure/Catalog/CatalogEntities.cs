using Psa.Domain.Tenancy;

namespace Psa.Infrastructure.Catalog;

public sealed class Tenant
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string Slug { get; set; }

    public required string Name { get; set; }

    public TenantStatus Status { get; set; } = TenantStatus.Active;

    public DateTimeOffset CreatedUtc { get; set; }

    public required string TimeZone { get; set; }

    public required string Currency { get; set; }

    public DateTimeOffset? SuspendedUtc { get; set; }

    public DateTimeOffset? DeletedUtc { get; set; }

    /// <summary>Where the database was copied to when the tenant was deleted.</summary>
    public string? BackupPath { get; set; }

    public DateTimeOffset? LastActivityUtc { get; set; }
}

public sealed class PlatformAdmin
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string Email { get; set; }

    public required string PasswordHash { get; set; }

    public DateTimeOffset CreatedUtc { get; set; }

    public int FailedSignIns { get; set; }

    public DateTimeOffset? LockedUntilUtc { get; set; }
}

public sealed class PlatformAuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset AtUtc { get; set; }

    public required string Actor { get; set; }

    public required string Action { get; set; }

    public string? TenantSlug { get; set; }

    public string? Detail { get; set; }
}

/// <summary>A one-time, short-lived token that carries a signed-in user from the public site to their workspace host.</summary>
public sealed class HandoffToken
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>SHA-256 of the token; the token itself is never stored.</summary>
    public required string TokenHash { get; set; }

    public required string TenantSlug { get; set; }

    public required string UserId { get; set; }

    public DateTimeOffset ExpiresUtc { get; set; }

    public DateTimeOffset? UsedUtc { get; set; }
}
