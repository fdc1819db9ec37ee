using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Psa.Infrastructure.Tenancy;

namespace Psa.Infrastructure.Catalog;

/// <summary>
/// Every node reads one Data Protection key ring from the catalog, so a cookie, an antiforgery token or a
/// prerendered circuit made by one node opens on another, and sessions and stored secrets (SSO client
/// secrets) survive a restart or a recreated container: the framework's default key folder lives in the
/// service user's home and is lost with it.
/// </summary>
public static class SharedDataProtectionKeys
{
    /// <summary>Keys are isolated per application name; every node must use the same one.</summary>
    public const string ApplicationName = "Psa";

    public static IServiceCollection AddSharedDataProtectionKeys(this IServiceCollection services)
    {
        services.AddDataProtection();
        // The key store's context is asked for per operation, like every catalog use.
        services.AddScoped<CatalogDbContext>(sp => sp.GetRequiredService<DatabaseLocator>().CreateCatalog());
        // Decided when options are first read: the provider is known from configuration only then.
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((keys, provider) =>
        {
            keys.XmlRepository = new EntityFrameworkCoreXmlRepository<CatalogDbContext>(provider, provider.GetRequiredService<ILoggerFactory>());
        });
        services.AddOptions<DataProtectionOptions>().Configure(protection => protection.ApplicationDiscriminator = ApplicationName);
        return services;
    }
}
