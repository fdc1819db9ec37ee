using Quartz;

namespace Psa.Web.Billing;

public static class BillingServices
{
    /// <summary>Contracts, billing runs, invoices and their schedule.</summary>
    public static IServiceCollection AddBilling(this IServiceCollection services)
    {
        services.AddScoped<ScenarioImportService>();
        services.AddScoped<BillingRunService>();
        services.AddScoped<Psa.Infrastructure.Persistence.IDomainEventHandler, MilestonesReadyToBill>();
        services.AddScoped<InvoiceService>();
        services.AddScoped<AgreementService>();
        services.AddScoped<BillingOverviewService>();
        services.AddScoped<InvoiceDocuments>();
        services.AddScoped<InvoiceMailer>();
        services.AddScoped<BillingWarningDetails>();
        services.AddScoped<BillingSettingsService>();
        services.AddSingleton<BillingScheduler>();
        services.AddQuartz(BillingScheduleJob.Schedule);
        return services;
    }
}
