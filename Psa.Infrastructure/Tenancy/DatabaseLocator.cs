using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Psa.Domain.Tenancy;
using Psa.Infrastructure.Catalog;

using Psa.Infrastructure.Persistence;

namespace Psa.Infrastructure.Tenancy;

/// <summary>Knows where the catalog and each tenant's database live, for every provider.</summary>
public sealed class DatabaseLocator(IOptions<PsaOptions> options)
{
    private readonly PsaOptions _options = options.Value;

    public bool UsesSqlServer => _options.UsesSqlServer;

    public bool UsesPostgres => _options.UsesPostgres;

    /// <summary>A database server rather than SQLite files: no files to size, back up or delete.</summary>
    public bool UsesServerDatabase => _options.UsesServerDatabase;

    public string DataDirectory => _options.FullDataDirectory;

    public string TenantsDirectory => Path.Combine(DataDirectory, "tenants");

    public string BackupsDirectory => Path.Combine(DataDirectory, "backups");

    public string CatalogFile => Path.Combine(DataDirectory, "catalog.db");

    /// <summary>The SQLite file of a tenant. Only a parsed <see cref="TenantSlug"/> can name it.</summary>
    public string TenantFile(TenantSlug slug) => Path.Combine(TenantsDirectory, slug.Value + ".db");

    /// <summary>A workspace's own files (attachments), on every provider.</summary>
    public string TenantFilesDirectory(TenantSlug slug) => Path.Combine(TenantsDirectory, slug.Value + "-files");

    /// <summary>Where mail is written as <c>.eml</c> files when no SMTP host is configured (development).</summary>
    public string MailPickupDirectory => _options.Smtp.PickupFolder(DataDirectory);

    /// <summary>A workspace's folder of picked-up mail.</summary>
    public string TenantMailDirectory(TenantSlug slug) => Path.Combine(MailPickupDirectory, slug.Value);

    public CatalogDbContext CreateCatalog()
    {
        if (UsesServerDatabase)
        {
            var cs = _options.CatalogConnectionString
                ?? throw new InvalidOperationException($"Psa:CatalogConnectionString is required with the {_options.DatabaseProvider} provider.");
            return UsesPostgres
                ? new PostgresCatalogDbContext(new DbContextOptionsBuilder<PostgresCatalogDbContext>().UseNpgsql(cs).Options)
                : new SqlServerCatalogDbContext(new DbContextOptionsBuilder<SqlServerCatalogDbContext>().UseSqlServer(cs).Options);
        }

        Directory.CreateDirectory(DataDirectory);
        return new SqliteCatalogDbContext(new DbContextOptionsBuilder<SqliteCatalogDbContext>()
            .UseSqlite(SqliteConnectionString(CatalogFile)).Options);
    }

    internal TenantDbContext CreateTenant(TenantSlug slug)
    {
        TenantDbContext context;
        if (UsesServerDatabase)
        {
            var template = _options.TenantConnectionStringTemplate
                ?? throw new InvalidOperationException($"Psa:TenantConnectionStringTemplate is required with the {_options.DatabaseProvider} provider.");
            if (!template.Contains("{tenant}", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("Psa:TenantConnectionStringTemplate must contain {tenant}.");
            }

            var cs = template.Replace("{tenant}", slug.Value, StringComparison.Ordinal);
            context = UsesPostgres
                ? new PostgresTenantDbContext(new DbContextOptionsBuilder<PostgresTenantDbContext>().UseNpgsql(cs)
                    .AddInterceptors(DomainEventDispatcher.Instance, LiveTopicsOnCommit.Instance).Options)
                : new SqlServerTenantDbContext(new DbContextOptionsBuilder<SqlServerTenantDbContext>().UseSqlServer(cs)
                    .AddInterceptors(DomainEventDispatcher.Instance, LiveTopicsOnCommit.Instance).Options);
        }
        else
        {
            Directory.CreateDirectory(TenantsDirectory);
            context = new SqliteTenantDbContext(new DbContextOptionsBuilder<SqliteTenantDbContext>()
                .UseSqlite(SqliteConnectionString(TenantFile(slug)))
                .AddInterceptors(DomainEventDispatcher.Instance, LiveTopicsOnCommit.Instance).Options);
        }

        context.TenantSlug = slug.Value;
        return context;
    }

    /// <summary>Removes a tenant's database for good (used when provisioning fails).</summary>
    internal async Task DropTenantAsync(TenantSlug slug)
    {
        if (UsesServerDatabase)
        {
            await using var db = CreateTenant(slug);
            await db.Database.EnsureDeletedAsync();
            return;
        }

        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm", "-journal" })
        {
            var file = TenantFile(slug) + suffix;
            if (File.Exists(file))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Size in bytes of a tenant's database, where it can be measured.</summary>
    public long? TenantDatabaseSize(TenantSlug slug)
    {
        if (UsesServerDatabase)
        {
            return null;
        }

        var file = new FileInfo(TenantFile(slug));
        if (!file.Exists)
        {
            return null;
        }

        var wal = new FileInfo(file.FullName + "-wal");
        return file.Length + (wal.Exists ? wal.Length : 0);
    }

    private static string SqliteConnectionString(string file) =>
        new SqliteConnectionStringBuilder { DataSource = file, Pooling = true, DefaultTimeout = 30 }.ToString();
}
