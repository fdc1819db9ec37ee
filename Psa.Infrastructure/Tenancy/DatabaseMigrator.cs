using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Psa.Domain.Tenancy;
using Psa.Infrastructure.Catalog;

namespace Psa.Infrastructure.Tenancy;

/// <summary>Brings the catalog and every workspace database to the latest migration.</summary>
public sealed class DatabaseMigrator(DatabaseLocator locator, TenantScopeFactory scopes, TimeProvider time, ILogger<DatabaseMigrator> logger)
{
    /// <summary>
    /// A sign-up still provisioning after this long was abandoned (a crash or a killed node); a sign-up takes seconds.
    /// Younger ones are in progress in another process — a second node starting, or a command-line verb run beside the
    /// server — and are left alone.
    /// </summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(15);

    public async Task MigrateCatalogAsync(CancellationToken cancellationToken = default)
    {
        await using var catalog = locator.CreateCatalog();
        await catalog.Database.MigrateAsync(cancellationToken);
        if (catalog.Database.IsSqlite())
        {
            await catalog.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        // A crash during sign-up can leave a half-made workspace; it never became reachable. (Filtered here, not in SQL:
        // SQLite cannot compare DateTimeOffset values, and there are at most a few such rows.)
        var before = time.GetUtcNow() - AbandonedAfter;
        var provisioning = await catalog.Tenants.Where(t => t.Status == TenantStatus.Provisioning).ToListAsync(cancellationToken);
        foreach (var row in provisioning.Where(r => r.CreatedUtc < before))
        {
            await locator.DropTenantAsync(TenantSlug.Parse(row.Slug));
            catalog.Tenants.Remove(row);
        }

        await catalog.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Migrates the catalog and all workspaces; returns how many workspaces were migrated.</summary>
    public async Task<int> MigrateAllAsync(CancellationToken cancellationToken = default)
    {
        await MigrateCatalogAsync(cancellationToken);
        await using var catalog = locator.CreateCatalog();
        var tenants = await catalog.Tenants.AsNoTracking()
            .Where(t => t.Status == TenantStatus.Active || t.Status == TenantStatus.Suspended)
            .ToListAsync(cancellationToken);
        foreach (var row in tenants)
        {
            var info = new TenantInfo(TenantSlug.Parse(row.Slug), row.Name, row.Status, row.TimeZone, row.Currency);
            await using var scope = scopes.Open(info);
            await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
            await TenantProvisioner.MigrateAsync(db, cancellationToken);
            logger.LogInformation("Migrated workspace {Slug}", row.Slug);
        }

        return tenants.Count;
    }
}
