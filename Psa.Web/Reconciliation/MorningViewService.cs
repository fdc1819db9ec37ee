using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Psa.Domain.Billing;
using Psa.Domain.Common;
using Psa.Domain.Projects;
using Psa.Domain.Reconciliation;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Auth;
using Psa.Web.Billing;
using Psa.Web.Projects;
using Psa.Web.TimeTracking;

namespace Psa.Web.Reconciliation;

public sealed record FindingFigure(string Code, int Count, decimal Amount);

public sealed record ProjectAtRisk(Guid Id, string Code, string Name, string Client, IReadOnlyList<string> Reasons);

public sealed record WeekUtilisation(DateOnly WeekStart, decimal TargetPercent, IReadOnlyList<UtilisationRow> Rows)
{
    public decimal BillableHours => Rows.Sum(r => r.BillableHours);

    public decimal CapacityHours => Rows.Sum(r => r.CapacityHours);

    /// <summary>Billable share of the capacity of the people shown, in percent; null without capacity.</summary>
    public decimal? Percent => CapacityHours == 0 ? null : Math.Round(BillableHours / CapacityHours * 100m, 1, MidpointRounding.AwayFromZero);
}

public sealed record ServiceLineMargin(string ServiceLine, decimal Revenue, decimal Cost)
{
    public decimal Margin => Revenue - Cost;

    public decimal? MarginPercent => Revenue == 0 ? null : MoneyMath.Round2(Margin / Revenue * 100m);
}

public sealed record MyTask(Guid TaskId, Guid ProjectId, string Project, string Title, ProjectTaskStatus Status, DateOnly? Due);

/// <summary>
/// The owner's morning view. Each part is null when the person may not see it, so nothing they may not
/// see is even computed.
/// </summary>
public sealed record MorningFigures(
    DateOnly Today,
    string Currency,
    IReadOnlyList<FindingFigure>? Findings,
    MoneyAtRisk? Money,
    IReadOnlyList<ProjectAtRisk>? ProjectsAtRisk,
    WeekUtilisation? Utilisation,
    bool TeamUtilisation,
    (string From, string To, IReadOnlyList<ServiceLineMargin> Lines)? Margins,
    IReadOnlyList<MyTask>? MyTasks);

/// <summary>
/// Puts the dashboard together from the services that own each figure: reconciliation (findings and
/// money at risk), project budgets, the utilisation report and profitability, trimmed to what the
/// signed-in person's permissions allow (an engineer sees their own week and tasks).
/// </summary>
public sealed class MorningViewService(
    TenantDbContextFactory factory,
    ReconciliationService reconciliation,
    ProfitabilityService profitability,
    ProjectQueries projects,
    EngineerDirectory engineers)
{
    public async Task<MorningFigures> GetAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        var today = reconciliation.Today();
        string currency;
        decimal target;
        await using (var db = factory.Create())
        {
            currency = await db.Settings.Select(s => s.Currency).SingleAsync(ct);
            target = await db.ReconciliationSettings.Select(s => (decimal?)s.UtilisationTargetPercent).SingleOrDefaultAsync(ct) ?? new ReconciliationSettings().UtilisationTargetPercent;
        }

        IReadOnlyList<FindingFigure>? findings = null;
        MoneyAtRisk? money = null;
        if (user.Can(Permission.Reconciliation))
        {
            findings = (await reconciliation.OpenCountsAsync(ct)).Select(f => new FindingFigure(f.Key, f.Value.Count, f.Value.Amount)).ToList();
            money = await reconciliation.AtRiskAsync(ct);
        }

        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var me = userId is null ? null : await engineers.TryForUserAsync(userId, ct);
        var team = user.Can(Permission.TimeOfOthersRead);
        var utilisation = team || me is not null ? await UtilisationAsync(today, target, team ? null : me!.Id, ct) : null;

        var atRisk = user.Can(Permission.ProjectsManage) ? await ProjectsAtRiskAsync(today, ct) : null;

        (string, string, IReadOnlyList<ServiceLineMargin>)? margins = null;
        if (user.Can(Permission.Profitability))
        {
            var to = BillingPeriod.Containing(today);
            var from = BillingPeriod.Containing(to.FirstDay.AddMonths(-2));
            var rows = await profitability.TableAsync(from, to, ct);
            // A line with neither revenue nor cost (time by engineers without a cost rate) has nothing to chart.
            margins = (from.ToString(), to.ToString(), rows.GroupBy(r => r.ServiceLine)
                .Select(g => new ServiceLineMargin(g.Key, g.Sum(r => r.Revenue), g.Sum(r => r.Cost)))
                .Where(l => l.Revenue != 0 || l.Cost != 0)
                .OrderBy(l => l.Margin).ThenBy(l => l.ServiceLine, StringComparer.Ordinal).ToList());
        }

        var myTasks = me is null ? null : await MyTasksAsync(me.Id, ct);
        return new MorningFigures(today, currency, findings, money, atRisk, utilisation, team, margins, myTasks);
    }

    /// <summary>This week (Monday to Sunday) from the utilisation report: the whole team, or one engineer.</summary>
    private async Task<WeekUtilisation> UtilisationAsync(DateOnly today, decimal target, Guid? onlyEngineer, CancellationToken ct)
    {
        var monday = WorkloadService.WeekStart(today);
        await using var db = factory.Create();
        var report = await TimeReportService.RunAsync(db, monday, monday.AddDays(6), ct);
        var rows = onlyEngineer is { } id ? report.Engineers.Where(r => r.EngineerId == id).ToList() : report.Engineers.ToList();
        return new WeekUtilisation(monday, target, rows);
    }

    /// <summary>Open projects over their hour or money budget, past their end date, on hold, or with blocked tasks.</summary>
    private async Task<IReadOnlyList<ProjectAtRisk>> ProjectsAtRiskAsync(DateOnly today, CancellationToken ct)
    {
        var open = (await projects.ListAsync(cancellationToken: ct)).Where(p => p.Status is not (ProjectStatus.Completed or ProjectStatus.Cancelled)).ToList();
        var ids = open.Select(p => p.Id).ToList();
        await using var db = factory.Create();
        var blocked = await db.ProjectTasks.AsNoTracking().Where(t => ids.Contains(t.ProjectId) && t.Status == ProjectTaskStatus.Blocked)
            .GroupBy(t => t.ProjectId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var withAmount = await db.Projects.AsNoTracking().Where(p => ids.Contains(p.Id) && p.BudgetAmount != null).Select(p => p.Id).ToListAsync(ct);
        var overAmount = new HashSet<Guid>();
        foreach (var id in withAmount)
        {
            if (await ProjectStore.LoadAsync(db, id, ct) is { } plan && await ProjectQueries.BudgetAsync(db, plan, ct) is { RemainingAmount: < 0 })
            {
                overAmount.Add(id);
            }
        }

        var result = new List<ProjectAtRisk>();
        foreach (var p in open)
        {
            var reasons = new List<string>();
            if (p.BudgetHours is { } budget && p.LoggedHours > budget)
            {
                reasons.Add($"over budget: {p.LoggedHours:0.#} of {budget:0.#} h");
            }

            if (overAmount.Contains(p.Id))
            {
                reasons.Add("cost over the budget amount");
            }

            if (p.End is { } end && end < today)
            {
                reasons.Add($"late: ended {end:d MMM yyyy}, {p.TasksDone} of {p.TaskCount} tasks done");
            }

            if (p.Status == ProjectStatus.OnHold)
            {
                reasons.Add("on hold");
            }

            if (blocked.GetValueOrDefault(p.Id) is var b and > 0)
            {
                reasons.Add($"{b} blocked task{(b == 1 ? "" : "s")}");
            }

            if (reasons.Count > 0)
            {
                result.Add(new ProjectAtRisk(p.Id, p.Code, p.Name, p.ClientName, reasons));
            }
        }

        return result.OrderByDescending(r => r.Reasons.Count).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
    }

    private async Task<IReadOnlyList<MyTask>> MyTasksAsync(Guid engineerId, CancellationToken ct)
    {
        await using var db = factory.Create();
        var tasks = await db.ProjectTasks.AsNoTracking().Where(t => t.AssigneeEngineerId == engineerId && t.Status != ProjectTaskStatus.Done)
            .Join(db.Projects.Where(p => p.Status != ProjectStatus.Completed && p.Status != ProjectStatus.Cancelled), t => t.ProjectId, p => p.Id,
                (t, p) => new MyTask(t.Id, p.Id, p.Name, t.Title, t.Status, t.DueDate))
            .ToListAsync(ct);
        return tasks.OrderBy(t => t.Status == ProjectTaskStatus.Blocked ? 0 : t.Status == ProjectTaskStatus.InProgress ? 1 : 2)
            .ThenBy(t => t.Due ?? DateOnly.MaxValue).ThenBy(t => t.Title, StringComparer.Ordinal).ToList();
    }
}
