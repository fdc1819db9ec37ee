using Quartz;

namespace Psa.Web.ServiceDesk;

public static class ServiceDeskServices
{
    /// <summary>Tickets, SLA clocks and their watcher, and the support mailbox's intake (Quartz jobs each minute).</summary>
    public static IServiceCollection AddServiceDesk(this IServiceCollection services)
    {
        services.AddScoped<TicketService>();
        services.AddScoped<BoardViewService>();
        services.AddScoped<SlaWatcher>();
        services.AddScoped<SlaReportService>();
        services.AddQuartz(SlaWatchJob.Schedule);
        services.AddScoped<SupportMailboxService>();
        services.AddScoped<MailIntake>();
        services.AddQuartz(MailIntakeJob.Schedule);
        return services;
    }
}
