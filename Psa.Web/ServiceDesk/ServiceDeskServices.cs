using Quartz;

namespace Psa.Web.ServiceDesk;

public static class ServiceDeskServices
{
    /// <summary>Tickets, SLA clocks and their watcher (a Quartz job each minute).</summary>
    public static IServiceCollection AddServiceDesk(this IServiceCollection services)
    {
        services.AddScoped<TicketService>();
        services.AddScoped<SlaWatcher>();
        services.AddQuartz(SlaWatchJob.Schedule);
        return services;
    }
}
