using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Audit;

namespace Psa.Web.Auth;

/// <summary>
/// The workspace's API clients (OAuth 2.0 client credentials): registered from Settings → API clients with their
/// scopes (the secret is returned once, only its hash kept), listed, revoked, and checked by the token endpoint.
/// </summary>
public sealed class ApiClientService(TenantDbContextFactory databases, TimeProvider time, AuditTrail audit)
{
    public const string ClientIdPrefix = "psa-client-";
    public const string SecretPrefix = "psacs_";
    public const int MaxNameLength = 100;

    public sealed record Registered(ApiClient Client, string Secret);

    public async Task<Registered> CreateAsync(string? name, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken = default)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxNameLength)
        {
            throw new DomainException($"Client name is required (at most {MaxNameLength} characters).", "Client name");
        }

        var known = ApiScopes.Parse(string.Join(' ', scopes), "Scopes");
        if (known.Count == 0)
        {
            throw new DomainException("Choose at least one scope.", "Scopes");
        }

        var secret = SecretTokens.New(SecretPrefix);
        var actor = await audit.CurrentActorAsync();
        var row = new ApiClient
        {
            ClientId = ClientIdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Name = trimmed,
            SecretHash = SecretTokens.Hash(secret),
            Scopes = ApiScopes.Join(known),
            CreatedBy = actor.Name,
            CreatedUtc = time.GetUtcNow(),
        };
        await using var db = databases.Create();
        db.ApiClients.Add(row);
        await audit.AddAsync(db, "api-client.created", AuditCategory.Api, $"API client {row.Name} ({row.ClientId})", after: row.Scopes);
        await db.SaveChangesAsync(cancellationToken);
        return new Registered(row, secret);
    }

    public async Task<List<ApiClient>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var rows = await db.ApiClients.AsNoTracking().ToListAsync(cancellationToken);
        return rows.OrderByDescending(c => c.CreatedUtc).ToList();
    }

    public async Task RevokeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var row = await db.ApiClients.SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new DomainException("That API client does not exist.", "API client");
        if (row.RevokedUtc is not null)
        {
            return;
        }

        row.RevokedUtc = time.GetUtcNow();
        await audit.AddAsync(db, "api-client.revoked", AuditCategory.Api, $"API client {row.Name} ({row.ClientId})", before: row.Scopes);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The active client with this id and secret, its use recorded; null otherwise.</summary>
    public async Task<ApiClient?> AuthenticateAsync(string? clientId, string? secret, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(secret))
        {
            return null;
        }

        await using var db = databases.Create();
        var row = await db.ApiClients.SingleOrDefaultAsync(c => c.ClientId == clientId && c.RevokedUtc == null, cancellationToken);
        if (row is null || !CryptographicOperations.FixedTimeEquals(Convert.FromHexString(row.SecretHash), Convert.FromHexString(SecretTokens.Hash(secret))))
        {
            return null;
        }

        row.LastUsedUtc = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return row;
    }

    /// <summary>The client a token was issued to, if it is still registered and not revoked.</summary>
    public async Task<ApiClient?> FindActiveAsync(string clientId, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        return await db.ApiClients.AsNoTracking().SingleOrDefaultAsync(c => c.ClientId == clientId && c.RevokedUtc == null, cancellationToken);
    }
}
