using Psa.Web.Clients;
using Psa.Web.Engineers;
using Psa.Web.Quotes;

namespace Psa.Web.Projects;

public static class ProjectsModule
{
    /// <summary>Project delivery: clients, engineers, projects, templates, routing, quotes and workload.</summary>
    public static IServiceCollection AddProjects(this IServiceCollection services)
    {
        services.AddScoped<WorkspaceClock>();
        services.AddScoped<ClientService>();
        services.AddScoped<EngineerService>();
        services.AddScoped<ProjectService>();
        services.AddScoped<TemplateService>();
        services.AddScoped<StarterTemplates>();
        services.AddScoped<QuoteService>();
        services.AddScoped<WorkloadService>();
        services.AddScoped<StaffNotifications>();
        // API clients read and send enums by name ("InProgress", "SkillsBased").
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return services;
    }
}
