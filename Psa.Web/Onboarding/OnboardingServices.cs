namespace Psa.Web.Onboarding;

public static class OnboardingServices
{
    /// <summary>The getting-started checklist.</summary>
    public static IServiceCollection AddOnboarding(this IServiceCollection services)
    {
        services.AddScoped<OnboardingService>();
        return services;
    }
}
