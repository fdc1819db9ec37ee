using Psa.Domain.Common;
using Psa.Domain.Projects.Routing;
using Psa.Domain.Projects.Rules;

namespace Psa.Domain.Projects;

/// <summary>
/// A reusable project structure: nested phases with gate checklists and dependencies, tasks with
/// estimates, dates relative to the project start, finish-to-start links and checklists, and the
/// routing mode its tasks use. The structure is one document (<see cref="Phases"/>), edited and deployed whole.
/// </summary>
public sealed class ProjectTemplate
{
    private ProjectTemplate()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public string Name { get; private set; } = string.Empty;

    public string? ProjectType { get; set; }

    public string? Description { get; set; }

    public RoutingMode RoutingMode { get; set; } = RoutingMode.SkillsBased;

    public Guid? TeamId { get; set; }

    public ProjectBillingModel BillingModel { get; set; } = ProjectBillingModel.Milestone;

    public List<TemplatePhase> Phases { get; private set; } = [];

    public int TaskCount => Phases.Sum(p => p.Tasks.Count);

    public decimal EstimateHours => Phases.SelectMany(p => p.Tasks).Sum(t => t.EstimateMinutes) / 60m;

    public static ProjectTemplate Create(string name, string? projectType, RoutingMode routing, IEnumerable<TemplatePhase>? phases = null)
    {
        var template = new ProjectTemplate { ProjectType = projectType, RoutingMode = routing };
        template.Rename(name);
        template.SetPhases(phases ?? []);
        return template;
    }

    public void Rename(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("Template name is required.", "Name");
        }

        Name = name.Trim();
    }

    /// <summary>Replaces the structure after checking names, keys, that phases depend on earlier phases and that nothing forms a cycle.</summary>
    public void SetPhases(IEnumerable<TemplatePhase> phases)
    {
        var list = phases.ToList();
        var phaseKeys = new List<string>();
        var tasks = list.SelectMany(p => p.Tasks).ToList();
        foreach (var phase in list)
        {
            if (string.IsNullOrWhiteSpace(phase.Name))
            {
                throw new DomainException("Every phase needs a name.", "Phase name");
            }

            phase.Key = string.IsNullOrWhiteSpace(phase.Key) ? Guid.NewGuid().ToString("N")[..8] : phase.Key;
            foreach (var dependency in phase.DependsOn.Where(d => !phaseKeys.Contains(d)))
            {
                var other = list.FirstOrDefault(p => p.Key == dependency);
                throw new DomainException($"Phase “{phase.Name}” can only depend on an earlier phase{(other is null ? string.Empty : $", not on “{other.Name}”")}.", "Depends on");
            }

            phaseKeys.Add(phase.Key);
            foreach (var task in phase.Tasks)
            {
                if (string.IsNullOrWhiteSpace(task.Title))
                {
                    throw new DomainException($"Every task in “{phase.Name}” needs a title.", "Task title");
                }

                if (task.EstimateMinutes < 0 || task.DurationDays < 1 || task.StartOffsetDays < 0)
                {
                    throw new DomainException($"“{task.Title}”: estimate, offset and duration cannot be negative (duration at least 1 day).", "Estimate");
                }

                task.Key = string.IsNullOrWhiteSpace(task.Key) ? Guid.NewGuid().ToString("N")[..8] : task.Key;
            }
        }

        var taskKeys = tasks.Select(t => t.Key).ToHashSet();
        var graph = new Dictionary<Guid, IReadOnlyList<Guid>>();
        var ids = tasks.ToDictionary(t => t.Key, _ => Guid.NewGuid());
        foreach (var task in tasks)
        {
            task.Predecessors = task.Predecessors.Where(taskKeys.Contains).Distinct().ToList();
            graph[ids[task.Key]] = [];
        }

        foreach (var task in tasks)
        {
            foreach (var predecessor in task.Predecessors)
            {
                BusinessRuleViolationException.Check(new DependenciesMustNotFormCycle(graph, ids[task.Key], ids[predecessor],
                    id => tasks.First(t => ids[t.Key] == id).Title));
                graph[ids[task.Key]] = [.. graph[ids[task.Key]], ids[predecessor]];
            }
        }

        Phases = list;
    }

    /// <summary>A template from a delivered project: its structure, estimates and relative dates, without assignees.</summary>
    public static ProjectTemplate FromProject(ProjectPlan plan, string name)
    {
        var origin = plan.Project.StartDate ?? plan.Tasks.Where(t => t.StartDate is not null).Select(t => t.StartDate!.Value).DefaultIfEmpty(DateOnly.MinValue).Min();
        var keys = plan.Tasks.ToDictionary(t => t.Id, t => t.Id.ToString("N")[..8]);
        var phaseKeys = plan.Phases.ToDictionary(p => p.Id, p => p.Id.ToString("N")[..8]);
        var phases = plan.Phases.Select(p => new TemplatePhase
        {
            Key = phaseKeys[p.Id],
            Name = p.Name,
            RequiresClientSignOff = p.RequiresClientSignOff,
            MilestonePercent = p.MilestonePercent,
            DependsOn = p.DependsOnPhaseIds.Where(phaseKeys.ContainsKey).Select(id => phaseKeys[id]).ToList(),
            GateItems = plan.GateItems(p.Id).Select(g => g.Text).ToList(),
            Tasks = plan.TasksOf(p.Id).Select(t => new TemplateTask
            {
                Key = keys[t.Id],
                Title = t.Title,
                Description = t.Description,
                EstimateMinutes = t.EstimateMinutes ?? 0,
                StartOffsetDays = t.StartDate is { } s && origin != DateOnly.MinValue ? Math.Max(0, s.DayNumber - origin.DayNumber) : 0,
                DurationDays = t.StartDate is { } a && t.DueDate is { } b ? Math.Max(1, b.DayNumber - a.DayNumber + 1) : 1,
                Predecessors = t.PredecessorIds.Where(keys.ContainsKey).Select(id => keys[id]).ToList(),
                Checklist = plan.ChecklistOf(t.Id).Select(c => c.Text).ToList(),
            }).ToList(),
        }).ToList();
        var template = Create(name, plan.Project.ProjectType, plan.Project.RoutingMode, phases);
        template.Description = $"Created from project {plan.Project.Code}.";
        template.TeamId = plan.Project.TeamId;
        template.BillingModel = plan.Project.BillingModel;
        return template;
    }

    /// <summary>The review step of a deployment: everything the project will get, adjustable before anything is created.</summary>
    public DeploymentDraft Draft(Guid clientId, string code, string name, DateOnly start) => new()
    {
        TemplateId = Id,
        TemplateName = Name,
        ClientId = clientId,
        Code = code,
        Name = name,
        ProjectType = ProjectType,
        Start = start,
        RoutingMode = RoutingMode,
        TeamId = TeamId,
        BillingModel = BillingModel,
        BudgetHours = EstimateHours,
        Phases = Phases.Select(p => new DraftPhase
        {
            Key = p.Key,
            Name = p.Name,
            RequiresClientSignOff = p.RequiresClientSignOff,
            MilestonePercent = p.MilestonePercent,
            DependsOn = [.. p.DependsOn],
            GateItems = [.. p.GateItems],
            Tasks = p.Tasks.Select(t => new DraftTask
            {
                Key = t.Key,
                Title = t.Title,
                Description = t.Description,
                EstimateMinutes = t.EstimateMinutes,
                Start = start.AddDays(t.StartOffsetDays),
                Due = start.AddDays(t.StartOffsetDays + t.DurationDays - 1),
                Predecessors = [.. t.Predecessors],
                Checklist = [.. t.Checklist],
            }).ToList(),
        }).ToList(),
    };
}

public sealed class TemplatePhase
{
    public string Key { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public bool RequiresClientSignOff { get; set; }

    public decimal? MilestonePercent { get; set; }

    /// <summary>Keys of earlier phases this one depends on.</summary>
    public List<string> DependsOn { get; set; } = [];

    public List<string> GateItems { get; set; } = [];

    public List<TemplateTask> Tasks { get; set; } = [];
}

public sealed class TemplateTask
{
    public string Key { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    public string? Description { get; set; }

    public int EstimateMinutes { get; set; }

    /// <summary>Days after the project start the task starts.</summary>
    public int StartOffsetDays { get; set; }

    public int DurationDays { get; set; } = 1;

    /// <summary>Keys of tasks that must finish first.</summary>
    public List<string> Predecessors { get; set; } = [];

    public List<string> Checklist { get; set; } = [];
}
