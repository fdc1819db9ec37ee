namespace Psa.Infrastructure.Tenancy;

/// <summary>
/// Creates a tenant DbContext for the workspace fixed on this scope, and for no other.
/// Interactive components call <see cref="Create"/> per operation and dispose the context.
/// </summary>
public sealed class TenantDbContextFactory(TenantContext tenant, DatabaseLocator locator)
{
    public TenantDbContext Create() => locator.CreateTenant(tenant.Required.Slug);
}
