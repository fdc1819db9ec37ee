using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;

namespace Psa.Infrastructure.Persistence;

// Used only by `dotnet ef migrations add`; each provider keeps its own migrations.
internal sealed class SqliteCatalogDesignFactory : IDesignTimeDbContextFactory<SqliteCatalogDbContext>
{
    public SqliteCatalogDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCatalogDbContext>().UseSqlite("Data Source=design-catalog.db").Options);
}

internal sealed class SqlServerCatalogDesignFactory : IDesignTimeDbContextFactory<SqlServerCatalogDbContext>
{
    public SqlServerCatalogDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerCatalogDbContext>().UseSqlServer("Server=.;Database=psa_catalog;Trusted_Connection=True").Options);
}

internal sealed class SqliteTenantDesignFactory : IDesignTimeDbContextFactory<SqliteTenantDbContext>
{
    public SqliteTenantDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteTenantDbContext>().UseSqlite("Data Source=design-tenant.db").Options);
}

internal sealed class SqlServerTenantDesignFactory : IDesignTimeDbContextFactory<SqlServerTenantDbContext>
{
    public SqlServerTenantDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerTenantDbContext>().UseSqlServer("Server=.;Database=psa_tenant;Trusted_Connection=True").Options);
}

internal sealed class PostgresCatalogDesignFactory : IDesignTimeDbContextFactory<PostgresCatalogDbContext>
{
    public PostgresCatalogDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCatalogDbContext>().UseNpgsql("Host=localhost;Database=psa_catalog").Options);
}

internal sealed class PostgresTenantDesignFactory : IDesignTimeDbContextFactory<PostgresTenantDbContext>
{
    public PostgresTenantDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresTenantDbContext>().UseNpgsql("Host=localhost;Database=psa_tenant").Options);
}
