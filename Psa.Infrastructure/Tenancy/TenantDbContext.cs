using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Settings;

namespace Psa.Infrastructure.Tenancy;

/// <summary>
/// One MSP's database. It is only ever built by <see cref="TenantDbContextFactory"/> for the tenant
/// fixed on the current request, circuit or job scope.
/// </summary>
public class TenantDbContext(DbContextOptions options) : IdentityDbContext<StaffUser>(options)
{
    public DbSet<TenantSettings> Settings => Set<TenantSettings>();

    public DbSet<WorkType> WorkTypes => Set<WorkType>();

    public DbSet<TaxRate> TaxRates => Set<TaxRate>();

    public DbSet<GlAccount> GlAccounts => Set<GlAccount>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    /// <summary>The slug this context was opened for.</summary>
    public string TenantSlug { get; internal set; } = string.Empty;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<StaffUser>(e => e.Property(u => u.DisplayName).HasMaxLength(200));
        builder.Entity<TenantSettings>(e =>
        {
            e.Property(s => s.CompanyName).HasMaxLength(200);
            e.Property(s => s.TimeZone).HasMaxLength(64);
            e.Property(s => s.Currency).HasMaxLength(3);
            e.Property(s => s.BusinessDays).HasMaxLength(20);
            e.Property(s => s.AccentColor).HasMaxLength(9);
            e.Property(s => s.NormalMultiplier).HasPrecision(9, 4);
            e.Property(s => s.AfterHoursMultiplier).HasPrecision(9, 4);
            e.Property(s => s.WeekendMultiplier).HasPrecision(9, 4);
            e.Property(s => s.DefaultHourlyRate).HasPrecision(19, 4);
        });
        builder.Entity<WorkType>(e =>
        {
            e.HasIndex(w => w.Code).IsUnique();
            e.Property(w => w.Code).HasMaxLength(40);
            e.Property(w => w.Name).HasMaxLength(100);
        });
        builder.Entity<TaxRate>(e =>
        {
            e.Property(t => t.Name).HasMaxLength(100);
            e.Property(t => t.Rate).HasPrecision(9, 6);
        });
        builder.Entity<GlAccount>(e =>
        {
            e.HasIndex(g => g.Code).IsUnique();
            e.Property(g => g.Code).HasMaxLength(40);
            e.Property(g => g.Name).HasMaxLength(100);
        });
        builder.Entity<Invitation>(e =>
        {
            e.HasIndex(i => i.TokenHash).IsUnique();
            e.Property(i => i.TokenHash).HasMaxLength(64);
            e.Property(i => i.Email).HasMaxLength(256);
            e.Property(i => i.Role).HasMaxLength(40);
        });
        builder.Entity<ApiToken>(e =>
        {
            e.HasIndex(t => t.TokenHash).IsUnique();
            e.Property(t => t.TokenHash).HasMaxLength(64);
            e.Property(t => t.Prefix).HasMaxLength(16);
            e.Property(t => t.Name).HasMaxLength(100);
        });
        builder.Entity<OutboxMessage>(e =>
        {
            e.HasIndex(m => m.SentUtc);
            e.Property(m => m.To).HasMaxLength(256);
            e.Property(m => m.Subject).HasMaxLength(300);
        });
        DateTimeOffsetStorage.Apply(builder, Database);
    }
}

public sealed class SqliteTenantDbContext(DbContextOptions<SqliteTenantDbContext> options) : TenantDbContext(options);

public sealed class SqlServerTenantDbContext(DbContextOptions<SqlServerTenantDbContext> options) : TenantDbContext(options);
