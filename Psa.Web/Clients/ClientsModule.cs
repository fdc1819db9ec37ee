namespace Psa.Web.Clients;

public static class ClientsModule
{
    /// <summary>Clients and their contacts and sites.</summary>
    public static IServiceCollection AddClients(this IServiceCollection services)
    {
        services.AddScoped<ClientService>();
        return services;
    }
}
