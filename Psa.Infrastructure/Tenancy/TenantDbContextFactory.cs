namespace Psa.Infrastructure.Tenancy;

/// <summary>
/// Creates a tenant DbContext for the workspace fixed on this scope, and for no other.
/// Interactive components call <see cref="Create"/> per operation and dispose the context.
/// The context carries the scope, so the domain events it saves reach this scope's handlers.
/// </summary>
public sealed class TenantDbContextFactory(TenantContext tenant, DatabaseLocator locator, IServiceProvider services)
{
    public TenantDbContext Create()
    {
        var db = locator.CreateTenant(tenant.Required.Slug);
        db.Services = services;
        return db;
    }
}
