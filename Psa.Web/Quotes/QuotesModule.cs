namespace Psa.Web.Quotes;

public static class QuotesModule
{
    /// <summary>Quotes: lines, sending, acceptance and turning an accepted quote into projects.</summary>
    public static IServiceCollection AddQuotes(this IServiceCollection services)
    {
        services.AddScoped<QuoteService>();
        return services;
    }
}
