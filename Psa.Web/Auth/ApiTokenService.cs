using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Auth;

/// <summary>
/// Personal API tokens of the current workspace: issued (the secret is returned once, only its hash is kept),
/// listed, revoked and resolved. The profile page, the bearer handler and the tests all go through here.
/// </summary>
public sealed class ApiTokenService(TenantDbContextFactory databases, TimeProvider time)
{
    public const string Prefix = "psa_";
    public const int MaxNameLength = 100;

    /// <summary>How long a token's "last used" time may lag, so that busy clients do not write on every call.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public sealed record Issued(ApiToken Token, string Secret);

    /// <summary>Longest expiry offered: a year.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(366);

    /// <summary>
    /// Issues a token for the user. <paramref name="scopes"/> null gives a token acting with the user's whole role
    /// (tokens made before scopes existed); otherwise at least one scope is required. No expiry means it lasts until revoked.
    /// </summary>
    public async Task<Issued> CreateAsync(string userId, string? name, CancellationToken cancellationToken = default,
        IReadOnlyCollection<string>? scopes = null, DateTimeOffset? expiresUtc = null)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxNameLength)
        {
            throw new DomainException($"Token name is required (at most {MaxNameLength} characters).", "Token name");
        }

        if (scopes is { Count: 0 })
        {
            throw new DomainException("Choose at least one scope.", "Scopes");
        }

        var known = scopes is null ? null : ApiScopes.Parse(string.Join(' ', scopes), "Scopes");
        var now = time.GetUtcNow();
        if (expiresUtc is { } expires && (expires <= now || expires - now > MaxLifetime))
        {
            throw new DomainException("Expiry must be in the future and within a year.", "Expires");
        }

        var secret = SecretTokens.New(Prefix);
        var row = new ApiToken
        {
            UserId = userId,
            Name = trimmed,
            TokenHash = SecretTokens.Hash(secret),
            Prefix = secret[..10],
            CreatedUtc = now,
            Scopes = known is null ? null : ApiScopes.Join(known),
            ExpiresUtc = expiresUtc,
        };
        await using var db = databases.Create();
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return new Issued(row, secret);
    }

    public async Task<List<ApiToken>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var rows = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync(cancellationToken);
        return rows.OrderByDescending(t => t.CreatedUtc).ToList();
    }

    /// <summary>Revokes one of the user's own tokens; another user's token is "not found".</summary>
    public async Task RevokeAsync(string userId, Guid tokenId, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var row = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, cancellationToken)
            ?? throw new DomainException("That token does not exist.", "Token");
        row.RevokedUtc ??= time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The active token with this secret, its last use recorded; null for an unknown, revoked or expired one.</summary>
    public async Task<ApiToken?> ResolveAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var hash = SecretTokens.Hash(secret);
        await using var db = databases.Create();
        var row = await db.ApiTokens.SingleOrDefaultAsync(t => t.TokenHash == hash && t.RevokedUtc == null, cancellationToken);
        var now = time.GetUtcNow();
        if (row?.ExpiresUtc is { } expires && expires <= now)
        {
            return null;
        }

        if (row is not null && (row.LastUsedUtc is null || now - row.LastUsedUtc > LastUsedResolution))
        {
            row.LastUsedUtc = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return row;
    }
}
