using Microsoft.EntityFrameworkCore;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Tenancy;

namespace Psa.Infrastructure.Catalog;

/// <summary>
/// Carries a freshly signed-up owner from the public site to their workspace, which is another
/// origin and so cannot share its cookie. The token works once, for one workspace, for one minute.
/// </summary>
public sealed class HandoffTokens(DatabaseLocator locator, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    public async Task<string> IssueAsync(string tenantSlug, string userId, CancellationToken cancellationToken = default)
    {
        var token = SecretTokens.New("h_");
        await using var catalog = locator.CreateCatalog();
        catalog.HandoffTokens.Add(new HandoffToken
        {
            TokenHash = SecretTokens.Hash(token),
            TenantSlug = tenantSlug,
            UserId = userId,
            ExpiresUtc = time.GetUtcNow() + Lifetime,
        });
        await catalog.SaveChangesAsync(cancellationToken);
        return token;
    }

    /// <summary>Returns the user id when the token is valid for this workspace, and burns it.</summary>
    public async Task<string?> RedeemAsync(string tenantSlug, string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var hash = SecretTokens.Hash(token);
        await using var catalog = locator.CreateCatalog();
        var row = await catalog.HandoffTokens.SingleOrDefaultAsync(h => h.TokenHash == hash, cancellationToken);
        if (row is null || row.UsedUtc is not null || row.TenantSlug != tenantSlug || row.ExpiresUtc < time.GetUtcNow())
        {
            return null;
        }

        row.UsedUtc = time.GetUtcNow();
        // A concurrent redeem of the same token fails on the concurrency check below.
        var updated = await catalog.HandoffTokens
            .Where(h => h.Id == row.Id && h.UsedUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.UsedUtc, row.UsedUtc), cancellationToken);
        return updated == 1 ? row.UserId : null;
    }
}
