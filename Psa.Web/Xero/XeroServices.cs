using Quartz;

namespace Psa.Web.Xero;

public static class XeroServices
{
    /// <summary>The Xero connection, typed clients with Xero's limits, sync and its schedule.</summary>
    public static IServiceCollection AddXero(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<XeroOptions>(configuration.GetSection("Psa:Xero"));
        services.AddHttpClient<XeroIdentityClient>();
        XeroApiClient.Register(services);
        services.AddScoped<XeroConnectionService>();
        services.AddScoped<XeroSyncService>();
        services.AddQuartz(XeroSyncJob.Schedule);
        return services;
    }
}
