using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Psa.Infrastructure.Catalog;

/// <summary>The platform's own database: which workspaces exist, and who administers the platform.</summary>
public class CatalogDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>The Data Protection key ring every node shares on a server database (cookies, antiforgery, circuits).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<PlatformAdmin> PlatformAdmins => Set<PlatformAdmin>();

    public DbSet<PlatformAuditEntry> AuditEntries => Set<PlatformAuditEntry>();

    public DbSet<HandoffToken> HandoffTokens => Set<HandoffToken>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Tenant>(e =>
        {
            e.HasIndex(t => t.Slug).IsUnique();
            e.Property(t => t.Slug).HasMaxLength(40);
            e.Property(t => t.Name).HasMaxLength(200);
            e.Property(t => t.TimeZone).HasMaxLength(64);
            e.Property(t => t.Currency).HasMaxLength(3);
            e.Property(t => t.BackupPath).HasMaxLength(500);
        });
        modelBuilder.Entity<PlatformAdmin>(e =>
        {
            e.HasIndex(a => a.Email).IsUnique();
            e.Property(a => a.Email).HasMaxLength(256);
        });
        modelBuilder.Entity<PlatformAuditEntry>(e =>
        {
            e.Property(a => a.Actor).HasMaxLength(256);
            e.Property(a => a.Action).HasMaxLength(64);
            e.Property(a => a.TenantSlug).HasMaxLength(40);
            e.HasIndex(a => a.AtUtc);
        });
        modelBuilder.Entity<HandoffToken>(e =>
        {
            e.HasIndex(h => h.TokenHash).IsUnique();
            e.Property(h => h.TokenHash).HasMaxLength(64);
        });
        DateTimeOffsetStorage.Apply(modelBuilder, Database);
        PostgresStorage.Apply(modelBuilder, Database);
    }
}

/// <summary>Provider-specific subclasses exist only so each provider keeps its own migrations.</summary>
public sealed class SqliteCatalogDbContext(DbContextOptions<SqliteCatalogDbContext> options) : CatalogDbContext(options);

public sealed class SqlServerCatalogDbContext(DbContextOptions<SqlServerCatalogDbContext> options) : CatalogDbContext(options);

public sealed class PostgresCatalogDbContext(DbContextOptions<PostgresCatalogDbContext> options) : CatalogDbContext(options);
