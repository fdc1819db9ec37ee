using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Psa.Domain.Tenancy;
using Psa.Infrastructure.Tenancy;

namespace Psa.Infrastructure.Catalog;

/// <summary>Looks workspaces up in the catalog, with a short cache so every request does not hit it.</summary>
public sealed class TenantDirectory(DatabaseLocator locator, TimeProvider time)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (TenantInfo? Tenant, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public async Task<TenantInfo?> FindAsync(TenantSlug slug, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(slug.Value, out var hit) && hit.Until > now)
        {
            return hit.Tenant;
        }

        await using var catalog = locator.CreateCatalog();
        var row = await catalog.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug.Value, cancellationToken);
        var info = row is null ? null : new TenantInfo(slug, row.Name, row.Status, row.TimeZone, row.Currency);
        _cache[slug.Value] = (info, now + CacheFor);
        return info;
    }

    /// <summary>
    /// Keeps the catalog's copy of a workspace's name, time zone and currency in step with its Settings,
    /// so new requests, circuits and jobs (clocks, invoice dates, schedules) use the workspace's own values.
    /// </summary>
    public async Task UpdateProfileAsync(TenantSlug slug, string name, string timeZone, string currency, CancellationToken cancellationToken = default)
    {
        await using var catalog = locator.CreateCatalog();
        var row = await catalog.Tenants.SingleOrDefaultAsync(t => t.Slug == slug.Value, cancellationToken);
        if (row is null)
        {
            return;
        }

        (row.Name, row.TimeZone, row.Currency) = (name, timeZone, currency);
        await catalog.SaveChangesAsync(cancellationToken);
        Invalidate(slug.Value);
    }

    /// <summary>Forget a cached entry after the catalog changed (suspend, resume, delete).</summary>
    public void Invalidate(string slug) => _cache.TryRemove(slug, out _);

    public async Task<IReadOnlyList<TenantInfo>> ListActiveAsync(CancellationToken cancellationToken = default)
    {
        await using var catalog = locator.CreateCatalog();
        var rows = await catalog.Tenants.AsNoTracking().Where(t => t.Status == TenantStatus.Active).ToListAsync(cancellationToken);
        return rows.Select(r => new TenantInfo(TenantSlug.Parse(r.Slug), r.Name, r.Status, r.TimeZone, r.Currency)).ToList();
    }
}
