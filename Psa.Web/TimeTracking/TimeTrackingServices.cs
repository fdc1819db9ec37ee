using Quartz;

namespace Psa.Web.TimeTracking;

public static class TimeTrackingServices
{
    /// <summary>Policy for approving timesheets and adjusting locked time (Owner, Admin, Project manager).</summary>
    public const string ManagerPolicy = "TimeManager";

    public static IServiceCollection AddTimeTracking(this IServiceCollection services)
    {
        services.AddScoped<EngineerDirectory>();
        services.AddScoped<TimeEntryService>();
        services.AddScoped<TimerService>();
        services.AddScoped<Psa.Infrastructure.Persistence.IDomainEventHandler, TimersFollowTaskStatus>();
        services.AddScoped<TimesheetService>();
        services.AddScoped<HolidayService>();
        services.AddScoped<TimeReportService>();
        services.AddQuartz(TimesheetReminderJob.Schedule);
        services.AddAuthorizationBuilder().AddPolicy(ManagerPolicy, p => p.RequireAuthenticatedUser()
            .RequireClaim(Psa.Web.Auth.PsaClaims.Tenant).RequireRole(TimesheetService.ManagerRoles));
        return services;
    }
}
