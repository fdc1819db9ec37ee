using Psa.Domain;
using Psa.Domain.Tenancy;

namespace Psa.Infrastructure.Tenancy;

/// <summary>What a request, circuit or job knows about its workspace.</summary>
public sealed record TenantInfo(TenantSlug Slug, string Name, TenantStatus Status, string TimeZone, string Currency);

/// <summary>
/// The workspace of the current DI scope. It is fixed once (by the host-name middleware, the circuit's
/// root component, or a job's <see cref="TenantScopeFactory"/>) and can never be changed afterwards.
/// </summary>
public sealed class TenantContext
{
    private TenantInfo? _tenant;

    public TenantInfo? Current => _tenant;

    public bool IsSet => _tenant is not null;

    public TenantInfo Required => _tenant ?? throw new InvalidOperationException("No workspace is fixed for this scope.");

    public void Set(TenantInfo tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (_tenant is not null && _tenant.Slug != tenant.Slug)
        {
            throw new DomainException($"This scope already belongs to workspace '{_tenant.Slug}'.");
        }

        _tenant = tenant;
    }
}
