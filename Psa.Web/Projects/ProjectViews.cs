using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Projects;
using Psa.Domain.Projects.Routing;
using Psa.Domain.Projects.Scheduling;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Projects;


public sealed record ProjectSummary(
    Guid Id, string Code, string Name, Guid ClientId, string ClientName, ProjectStatus Status, string? ProjectType,
    DateOnly? Start, DateOnly? End, int TasksDone, int TaskCount, decimal? BudgetHours, decimal LoggedHours);

/// <summary>Budget against what is logged: hours and cost (logged minutes at each engineer's cost rate).</summary>
public sealed record BudgetActuals(decimal? BudgetHours, decimal? BudgetAmount, decimal LoggedHours, decimal LoggedCost, decimal EstimatedHours, int Entries, decimal ApprovedHours = 0)
{
    /// <summary>Logged but not yet approved on a timesheet (not billable until it is).</summary>
    public decimal UnapprovedHours => LoggedHours - ApprovedHours;

    public decimal? RemainingHours => BudgetHours - LoggedHours;

    public decimal? RemainingAmount => BudgetAmount - LoggedCost;

    public int? HoursUsedPercent => BudgetHours is > 0 ? (int)Math.Round(LoggedHours / BudgetHours.Value * 100) : null;

    public int? AmountUsedPercent => BudgetAmount is > 0 ? (int)Math.Round(LoggedCost / BudgetAmount.Value * 100) : null;

    public bool HoursOver => RemainingHours < 0;

    public bool AmountOver => RemainingAmount < 0;
}

/// <summary>A reschedule's outcome: later tasks moved with it, the dates kept, and why the start moved (a non-working day), if it did.</summary>
public sealed record RescheduleResult(int Moved, DateOnly Start, DateOnly Due, string? Snapped);

public sealed record TaskActivity(IReadOnlyList<Domain.Portal.TaskComment> Comments, IReadOnlyList<Domain.Portal.TaskAttachment> Attachments)
{
    public static readonly TaskActivity None = new([], []);
}

public sealed record EngineerRef(Guid Id, string Code, string Name);

public sealed record ProjectDetail(ProjectPlan Plan, string ClientName, string ClientCode, IReadOnlyList<EngineerRef> Engineers, BudgetActuals Budget, string? ProjectManagerName, string? TeamName)
{
    public string EngineerName(Guid? id) => id is null ? "Unassigned" : Engineers.FirstOrDefault(e => e.Id == id)?.Name ?? "Unknown";
}

public sealed record NewTask(
    Guid PhaseId, string Title, int? EstimateMinutes, DateOnly? Start, DateOnly? Due, string? Description, Guid? Assignee,
    IReadOnlyList<Guid> Predecessors, IReadOnlyList<string> Checklist);

public sealed record ProjectInput(
    string Code, Guid ClientId, string Name, string? ProjectType, ProjectStatus Status, string? ProjectManagerUserId,
    DateOnly? Start, DateOnly? End, decimal? BudgetHours, decimal? BudgetAmount, ProjectBillingModel BillingModel,
    decimal? Value, decimal? DepositPercent, RoutingMode RoutingMode, Guid? TeamId, string? Description);
