using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Common;
using Psa.Domain.TimeTracking;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.TimeTracking;

public sealed record UtilisationRow(Guid EngineerId, string Engineer, decimal BillableHours, decimal NonBillableHours, decimal CapacityHours)
{
    public decimal LoggedHours => BillableHours + NonBillableHours;

    /// <summary>Billable hours as a share of capacity (0.75 = 75 %); null without capacity.</summary>
    public decimal? Utilisation => CapacityHours == 0 ? null : Math.Round(BillableHours / CapacityHours, 4);
}

public sealed record ClientTimeRow(Guid ClientId, string Client, decimal BillableHours, decimal NonBillableHours, decimal ApprovedBillableHours, decimal UnapprovedBillableHours);

public sealed record ProjectTimeRow(Guid ProjectId, string Project, string Client, decimal? BudgetHours, decimal ApprovedHours, decimal UnapprovedHours, decimal Cost);

public sealed record TimeReport(DateOnly From, DateOnly To, IReadOnlyList<UtilisationRow> Engineers, IReadOnlyList<ClientTimeRow> Clients, IReadOnlyList<ProjectTimeRow> Projects);

/// <summary>Utilisation per engineer, time per client and per project over a date range (inclusive), with CSV export.</summary>
public sealed class TimeReportService(TenantDbContextFactory databases)
{
    public async Task<TimeReport> RunAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        if (to < from)
        {
            throw new ValidationFailedException([new("To", "The end date is before the start date.")]);
        }

        await using var db = databases.Create();
        return await RunAsync(db, from, to, cancellationToken);
    }

    /// <summary>The report over an open context; the aggregation runs in the database (one grouped query per table).</summary>
    public static async Task<TimeReport> RunAsync(TenantDbContext db, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var calendar = await TimeCalendar.LoadAsync(db, cancellationToken);
        var start = from.ToDateTime(TimeOnly.MinValue);
        var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var inRange = db.TimeEntries.AsNoTracking().Where(e => e.Start >= start && e.Start < end);

        // One pass over the range: the groups are few (engineer × client × project × flags), the rows many.
        var groups = await inRange
            .GroupBy(e => new { e.EngineerId, e.ClientId, e.ProjectId, e.Billable, Approved = e.Approval == ApprovalState.Approved })
            .Select(g => new { g.Key.EngineerId, g.Key.ClientId, g.Key.ProjectId, g.Key.Billable, g.Key.Approved, Minutes = g.Sum(e => e.Minutes) })
            .ToListAsync(cancellationToken);
        var byEngineer = groups.GroupBy(g => (g.EngineerId, g.Billable)).Select(g => new { g.Key.EngineerId, g.Key.Billable, Minutes = g.Sum(x => x.Minutes) }).ToList();
        var engineers = await db.Engineers.AsNoTracking().Select(e => new { e.Id, e.Name, e.WeeklyCapacityHours, e.IsActive, e.CostRate }).ToListAsync(cancellationToken);
        var businessDays = calendar.BusinessDaysIn(from, to);
        var daysPerWeek = Math.Max(1, calendar.Hours.Days.Count);
        var utilisation = engineers
            .Where(e => e.IsActive || byEngineer.Any(b => b.EngineerId == e.Id))
            .Select(e => new UtilisationRow(e.Id, e.Name,
                Hours(byEngineer.Where(b => b.EngineerId == e.Id && b.Billable).Sum(b => b.Minutes)),
                Hours(byEngineer.Where(b => b.EngineerId == e.Id && !b.Billable).Sum(b => b.Minutes)),
                Math.Round(e.WeeklyCapacityHours * businessDays / daysPerWeek, 2)))
            .OrderBy(r => r.Engineer)
            .ToList();

        var byClient = groups.GroupBy(g => (g.ClientId, g.Billable, g.Approved))
            .Select(g => new { g.Key.ClientId, g.Key.Billable, g.Key.Approved, Minutes = g.Sum(x => x.Minutes) }).ToList();
        var clientIds = byClient.Select(c => c.ClientId).Distinct().ToList();
        var clientNames = await db.Clients.AsNoTracking().Where(c => clientIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var clients = byClient.GroupBy(c => c.ClientId)
            .Select(g => new ClientTimeRow(g.Key, clientNames.GetValueOrDefault(g.Key, "?"),
                Hours(g.Where(x => x.Billable).Sum(x => x.Minutes)),
                Hours(g.Where(x => !x.Billable).Sum(x => x.Minutes)),
                Hours(g.Where(x => x.Billable && x.Approved).Sum(x => x.Minutes)),
                Hours(g.Where(x => x.Billable && !x.Approved).Sum(x => x.Minutes))))
            .OrderByDescending(r => r.BillableHours + r.NonBillableHours)
            .ToList();

        var byProject = groups.Where(g => g.ProjectId != null)
            .GroupBy(g => (ProjectId: g.ProjectId!.Value, g.EngineerId, g.Approved))
            .Select(g => new { g.Key.ProjectId, g.Key.EngineerId, g.Key.Approved, Minutes = g.Sum(x => x.Minutes) }).ToList();
        var projectIds = byProject.Select(p => p.ProjectId).Distinct().ToList();
        var projectInfo = await (from p in db.Projects.AsNoTracking()
                                 join c in db.Clients on p.ClientId equals c.Id
                                 where projectIds.Contains(p.Id)
                                 select new { p.Id, p.Name, Client = c.Name, p.BudgetHours }).ToDictionaryAsync(p => p.Id, cancellationToken);
        var costRates = engineers.ToDictionary(e => e.Id, e => e.CostRate);
        var projects = byProject.GroupBy(p => p.ProjectId)
            .Select(g => new ProjectTimeRow(g.Key, projectInfo[g.Key].Name, projectInfo[g.Key].Client, projectInfo[g.Key].BudgetHours,
                Hours(g.Where(x => x.Approved).Sum(x => x.Minutes)),
                Hours(g.Where(x => !x.Approved).Sum(x => x.Minutes)),
                MoneyMath.Round2(g.Sum(x => x.Minutes * costRates.GetValueOrDefault(x.EngineerId) / 60m))))
            .OrderBy(r => r.Client).ThenBy(r => r.Project)
            .ToList();
        return new TimeReport(from, to, utilisation, clients, projects);
    }

    public static string UtilisationCsv(TimeReport report) => Csv(
        ["Engineer", "Billable hours", "Non-billable hours", "Capacity hours", "Utilisation %"],
        report.Engineers.Select(r => new object?[] { r.Engineer, r.BillableHours, r.NonBillableHours, r.CapacityHours, r.Utilisation is { } u ? Math.Round(u * 100, 1) : null }));

    public static string ClientsCsv(TimeReport report) => Csv(
        ["Client", "Billable hours", "Non-billable hours", "Approved billable hours", "Unapproved billable hours"],
        report.Clients.Select(r => new object?[] { r.Client, r.BillableHours, r.NonBillableHours, r.ApprovedBillableHours, r.UnapprovedBillableHours }));

    public static string ProjectsCsv(TimeReport report) => Csv(
        ["Project", "Client", "Budget hours", "Approved hours", "Unapproved hours", "Cost"],
        report.Projects.Select(r => new object?[] { r.Project, r.Client, r.BudgetHours, r.ApprovedHours, r.UnapprovedHours, r.Cost }));

    private static decimal Hours(int minutes) => Math.Round(minutes / 60m, 2);

    private static string Csv(string[] header, IEnumerable<object?[]> rows) => CsvText.Table(header, rows);
}
