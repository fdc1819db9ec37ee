using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Psa.Domain.Billing;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Billing;

/// <summary>Time a warning is about, for one client and engineer: when, how much, and where to act on it.</summary>
public sealed record WarningTimeRow(string Client, string Engineer, DateOnly From, DateOnly To, int Entries, decimal Hours, string Link);

/// <summary>A warning as people read it: names, dates and hours instead of the engine's source ids.</summary>
public sealed record WarningDetail(string Code, int Count, IReadOnlyList<WarningTimeRow> Time, IReadOnlyList<(string Name, string Link)> Projects);

/// <summary>Turns the ids a billing warning carries (time entries, projects) into names, dates, hours and links.</summary>
public sealed class BillingWarningDetails(TenantDbContextFactory factory)
{
    public async Task<IReadOnlyList<WarningDetail>> DescribeAsync(IReadOnlyList<BillingWarning> warnings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        if (warnings.Count == 0)
        {
            return [];
        }

        await using var db = factory.Create();
        var entryIds = warnings.Where(w => w.Code != WarningCodes.OverBudget).SelectMany(w => w.Ids).Distinct().ToList();
        var guids = entryIds.Select(id => Guid.TryParseExact(id, "N", out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
        var entries = entryIds.Count == 0 ? [] : await db.TimeEntries.AsNoTracking()
            .Where(e => guids.Contains(e.Id) || (e.Code != null && entryIds.Contains(e.Code)))
            .Select(e => new { e.Id, e.Code, e.ClientId, e.EngineerId, e.Start, e.Minutes }).ToListAsync(ct);
        var byId = entries.ToDictionary(e => e.Code ?? e.Id.ToString("N"), StringComparer.Ordinal);
        foreach (var e in entries.Where(e => e.Code is not null))
        {
            byId[e.Id.ToString("N")] = e;
        }

        var clientIds = entries.Select(e => e.ClientId).Distinct().ToList();
        var engineerIds = entries.Select(e => e.EngineerId).Distinct().ToList();
        var clients = await db.Clients.AsNoTracking().Where(c => clientIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var engineers = await db.Engineers.AsNoTracking().Where(e => engineerIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        var projectCodes = warnings.Where(w => w.Code == WarningCodes.OverBudget).SelectMany(w => w.Ids).Distinct().ToList();
        var projects = projectCodes.Count == 0 ? new Dictionary<string, (Guid Id, string Name)>()
            : (await db.Projects.AsNoTracking().Where(p => projectCodes.Contains(p.Code)).Select(p => new { p.Id, p.Code, p.Name }).ToListAsync(ct))
                .ToDictionary(p => p.Code, p => (p.Id, p.Name), StringComparer.Ordinal);

        var details = new List<WarningDetail>();
        foreach (var warning in warnings)
        {
            if (warning.Code == WarningCodes.OverBudget)
            {
                details.Add(new WarningDetail(warning.Code, warning.Ids.Count, [],
                    warning.Ids.Select(id => projects.TryGetValue(id, out var p) ? (p.Name, $"/projects/{p.Id}") : (id, "/projects")).ToList()));
                continue;
            }

            var found = warning.Ids.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
            var rows = found.GroupBy(e => (e.ClientId, e.EngineerId))
                .Select(g =>
                {
                    var from = DateOnly.FromDateTime(g.Min(e => e.Start));
                    var to = DateOnly.FromDateTime(g.Max(e => e.Start));
                    var monday = from.AddDays(-(((int)from.DayOfWeek + 6) % 7));
                    return new WarningTimeRow(clients.GetValueOrDefault(g.Key.ClientId, "Unknown client"), engineers.GetValueOrDefault(g.Key.EngineerId, "Unknown engineer"),
                        from, to, g.Count(), g.Sum(e => e.Minutes) / 60m,
                        $"/timesheets?engineer={g.Key.EngineerId}&week={monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
                })
                .OrderBy(r => r.Client, StringComparer.CurrentCulture).ThenBy(r => r.Engineer, StringComparer.CurrentCulture).ToList();
            details.Add(new WarningDetail(warning.Code, warning.Ids.Count, rows, []));
        }

        return details;
    }
}
