using Psa.Domain.Projects.Routing;

namespace Psa.Domain.Projects;

/// <summary>What a template deployment will create, as adjusted in the setup wizard.</summary>
public sealed class DeploymentDraft
{
    public Guid TemplateId { get; set; }

    public string TemplateName { get; set; } = string.Empty;

    public Guid ClientId { get; set; }

    public string Code { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string? ProjectType { get; set; }

    public DateOnly Start { get; set; }

    public RoutingMode RoutingMode { get; set; }

    public Guid? TeamId { get; set; }

    public string? ProjectManagerUserId { get; set; }

    public ProjectBillingModel BillingModel { get; set; }

    public decimal? BudgetHours { get; set; }

    public decimal? BudgetAmount { get; set; }

    public decimal? Value { get; set; }

    public decimal? DepositPercent { get; set; }

    public Guid? QuoteId { get; set; }

    public DateOnly? AcceptedOn { get; set; }

    public List<DraftPhase> Phases { get; set; } = [];

    public IEnumerable<DraftTask> IncludedTasks => Phases.SelectMany(p => p.Tasks).Where(t => t.Include);

    /// <summary>Moves every task by the same number of days (the wizard's "start on" field).</summary>
    public void ShiftTo(DateOnly start)
    {
        var days = start.DayNumber - Start.DayNumber;
        foreach (var task in Phases.SelectMany(p => p.Tasks))
        {
            task.Start = task.Start?.AddDays(days);
            task.Due = task.Due?.AddDays(days);
        }

        Start = start;
    }
}

public sealed class DraftPhase
{
    public string Key { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public bool RequiresClientSignOff { get; set; }

    public decimal? MilestonePercent { get; set; }

    /// <summary>A fixed milestone amount, used when the phase has no percentage (a SOW's "$2,500 on completion of Phase 1").</summary>
    public decimal? MilestoneAmount { get; set; }

    public List<string> DependsOn { get; set; } = [];

    public List<string> GateItems { get; set; } = [];

    public List<DraftTask> Tasks { get; set; } = [];
}

public sealed class DraftTask
{
    public string Key { get; set; } = string.Empty;

    public bool Include { get; set; } = true;

    public string Title { get; set; } = string.Empty;

    public string? Description { get; set; }

    public int EstimateMinutes { get; set; }

    public DateOnly? Start { get; set; }

    public DateOnly? Due { get; set; }

    public List<string> Predecessors { get; set; } = [];

    public List<string> Checklist { get; set; } = [];

    public Guid? AssigneeEngineerId { get; set; }

    public string? AssignmentReason { get; set; }
}

/// <summary>Turns a reviewed draft into a project plan; every dependency goes through the plan's rules.</summary>
public static class ProjectDeployment
{
    public static ProjectPlan Build(DeploymentDraft draft)
    {
        var project = Project.Create(draft.Code, draft.ClientId, draft.Name);
        project.ProjectType = draft.ProjectType;
        project.StartDate = draft.Start;
        project.EndDate = draft.IncludedTasks.Select(t => t.Due).Where(d => d is not null).Max();
        project.RoutingMode = draft.RoutingMode;
        project.TeamId = draft.TeamId;
        project.TemplateId = draft.TemplateId == Guid.Empty ? null : draft.TemplateId;
        project.ProjectManagerUserId = draft.ProjectManagerUserId;
        project.BillingModel = draft.BillingModel;
        project.BudgetHours = draft.BudgetHours;
        project.BudgetAmount = draft.BudgetAmount;
        project.Value = draft.Value ?? draft.BudgetAmount;
        project.DepositPercent = draft.DepositPercent;
        project.QuoteId = draft.QuoteId;
        project.AcceptedOn = draft.AcceptedOn;
        project.Status = ProjectStatus.Active;

        var plan = new ProjectPlan(project, [], [], []);
        var phaseIds = new Dictionary<string, Guid>();
        var taskIds = new Dictionary<string, Guid>();
        foreach (var draftPhase in draft.Phases)
        {
            var phase = plan.AddPhase(draftPhase.Name, draftPhase.RequiresClientSignOff, draftPhase.MilestonePercent, draftPhase.MilestonePercent is null ? draftPhase.MilestoneAmount : null);
            if (draftPhase.MilestonePercent is { } percent && project.Value is { } value)
            {
                phase.MilestoneAmount = Common.MoneyMath.Round2(value * percent);
            }

            phaseIds[draftPhase.Key] = phase.Id;
            foreach (var dependency in draftPhase.DependsOn.Where(phaseIds.ContainsKey))
            {
                plan.AddPhaseDependency(phase.Id, phaseIds[dependency]);
            }

            foreach (var gate in draftPhase.GateItems.Where(g => !string.IsNullOrWhiteSpace(g)))
            {
                plan.AddGateItem(phase.Id, gate);
            }

            foreach (var draftTask in draftPhase.Tasks.Where(t => t.Include))
            {
                var task = plan.AddTask(phase.Id, draftTask.Title, draftTask.EstimateMinutes, draftTask.Start, draftTask.Due, draftTask.Description);
                task.AssigneeEngineerId = draftTask.AssigneeEngineerId;
                task.AssignmentReason = draftTask.AssignmentReason;
                taskIds[draftTask.Key] = task.Id;
                foreach (var item in draftTask.Checklist.Where(c => !string.IsNullOrWhiteSpace(c)))
                {
                    plan.AddTaskChecklistItem(task.Id, item);
                }
            }
        }

        foreach (var draftTask in draft.IncludedTasks)
        {
            foreach (var predecessor in draftTask.Predecessors.Where(taskIds.ContainsKey))
            {
                plan.AddTaskDependency(taskIds[draftTask.Key], taskIds[predecessor]);
            }
        }

        return plan;
    }
}
