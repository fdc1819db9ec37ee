using Microsoft.Extensions.DependencyInjection;

namespace Psa.Infrastructure.Tenancy;

/// <summary>Opens a DI scope that belongs to one workspace, for jobs, commands and provisioning.</summary>
public sealed class TenantScopeFactory(IServiceScopeFactory scopes)
{
    public AsyncServiceScope Open(TenantInfo tenant)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        return scope;
    }
}
