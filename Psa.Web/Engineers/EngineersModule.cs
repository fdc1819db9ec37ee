namespace Psa.Web.Engineers;

public static class EngineersModule
{
    /// <summary>Engineer profiles: rates, capacity, skills and working days.</summary>
    public static IServiceCollection AddEngineers(this IServiceCollection services)
    {
        services.AddScoped<EngineerService>();
        return services;
    }
}
