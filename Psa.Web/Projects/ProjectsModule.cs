namespace Psa.Web.Projects;

public static class ProjectsModule
{
    /// <summary>Project delivery: projects, templates, routing and workload (clients, engineers and quotes have modules of their own).</summary>
    public static IServiceCollection AddProjects(this IServiceCollection services)
    {
        services.AddScoped<WorkspaceClock>();
        services.AddScoped<ProjectQueries>();
        services.AddScoped<ProjectEditor>();
        services.AddScoped<PlanEditor>();
        services.AddScoped<TemplateService>();
        services.AddScoped<StarterTemplates>();
        services.AddScoped<WorkloadService>();
        services.AddScoped<StaffNotifications>();
        // API clients read and send enums by name ("InProgress", "SkillsBased").
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return services;
    }
}
