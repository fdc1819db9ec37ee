using Psa.Domain.Projects;

namespace Psa.Web.Components.Pages.Projects;

public sealed record TaskMove(Guid TaskId, ProjectTaskStatus Status);

public sealed record TaskReschedule(Guid TaskId, DateOnly Start, DateOnly Due);

public sealed record ChecklistCheck(Guid ItemId, bool Done);

public sealed record PhaseSignOff(Guid PhaseId, string? Note);

public sealed record TaskAssign(Guid TaskId, Guid? EngineerId);

public static class ProjectText
{
    public static string Status(ProjectTaskStatus status) => status switch
    {
        ProjectTaskStatus.ToDo => "To do",
        ProjectTaskStatus.InProgress => "In progress",
        ProjectTaskStatus.Blocked => "Blocked",
        _ => "Done",
    };

    public static string StatusClass(ProjectTaskStatus status) => status switch
    {
        ProjectTaskStatus.InProgress => "psa-status-progress",
        ProjectTaskStatus.Blocked => "psa-status-blocked",
        ProjectTaskStatus.Done => "psa-status-done",
        _ => "psa-status-todo",
    };

    public static string Status(ProjectStatus status) => status switch
    {
        ProjectStatus.OnHold => "On hold",
        _ => status.ToString(),
    };

    public static string Billing(ProjectBillingModel model) => model switch
    {
        ProjectBillingModel.Upfront => "100 % upfront",
        ProjectBillingModel.Deposit => "Deposit",
        ProjectBillingModel.Milestone => "Milestones",
        _ => "As worked",
    };

    public static string Routing(Psa.Domain.Projects.Routing.RoutingMode mode) => mode switch
    {
        Psa.Domain.Projects.Routing.RoutingMode.LoadBalancing => "Load balancing",
        Psa.Domain.Projects.Routing.RoutingMode.RoundRobin => "Round robin",
        Psa.Domain.Projects.Routing.RoutingMode.SkillsBased => "Skills-based",
        _ => "Manual",
    };

    public static string Hours(decimal hours) => hours.ToString("0.#") + " h";

    public static string Hours(int? minutes) => minutes is null ? "—" : Hours(minutes.Value / 60m);

    public static string Day(DateOnly? day) => day?.ToString("d MMM") ?? "—";

    public static string Initials(string name) =>
        string.Concat(name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(w => char.ToUpperInvariant(w[0])));

    public static readonly ProjectTaskStatus[] Statuses = [ProjectTaskStatus.ToDo, ProjectTaskStatus.InProgress, ProjectTaskStatus.Blocked, ProjectTaskStatus.Done];
}
