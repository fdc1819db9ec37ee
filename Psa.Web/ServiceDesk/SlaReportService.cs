using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.ServiceDesk;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.ServiceDesk;

/// <summary>
/// SLA compliance of one group of tickets (a client, or an agreement). A ticket met its SLA when every
/// clock it has was met (answered and resolved within target), breached when any clock was missed, and
/// is still open otherwise. Averages are business minutes, pauses left out, over answered and resolved tickets.
/// </summary>
public sealed record SlaComplianceRow(Guid? Id, string Name, string? Client, int Tickets, int Met, int Breached, int Open,
    int ResponseBreaches, int ResolutionBreaches, decimal? AverageResponseMinutes, decimal? AverageResolutionMinutes)
{
    /// <summary>Met among the decided (met or breached), as a fraction; null when none is decided yet.</summary>
    public decimal? Compliance => Met + Breached == 0 ? null : Math.Round((decimal)Met / (Met + Breached), 4, MidpointRounding.AwayFromZero);
}

public sealed record SlaComplianceReport(DateOnly From, DateOnly To, SlaComplianceRow Total, IReadOnlyList<SlaComplianceRow> Clients, IReadOnlyList<SlaComplianceRow> Agreements);

/// <summary>The SLA compliance report over the tickets opened in a period (days in the workspace's zone), per client and per agreement.</summary>
public sealed class SlaReportService(TenantDbContextFactory databases, TimeProvider time)
{
    public const string NoAgreement = "No agreement (time and materials)";

    private sealed record Outcome(Guid ClientId, Guid? AgreementId, bool HasTargets, bool ResponseMet, bool ResponseBreached, bool ResolutionMet, bool ResolutionBreached,
        int? ResponseMinutes, int? ResolutionMinutes);

    public async Task<SlaComplianceReport> RunAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        if (to < from)
        {
            throw new ValidationFailedException([new("To", "The end date is before the start date.")]);
        }

        if (to.DayNumber - from.DayNumber > 366 * 3)
        {
            throw new ValidationFailedException([new("To", "Choose at most three years.")]);
        }

        var now = time.GetUtcNow();
        await using var db = databases.Create();
        var calendar = await DeskCalendar.LoadAsync(db, cancellationToken);
        var start = calendar.Clock.Instant(from.ToDateTime(TimeOnly.MinValue));
        var end = calendar.Clock.Instant(to.AddDays(1).ToDateTime(TimeOnly.MinValue));
        // Merged duplicates are left out: their clocks carry on in the ticket they were merged into. A clock past its
        // due instant counts as breached even in the minute before the watcher records it.
        var outcomes = await db.Tickets.AsNoTracking()
            .Where(t => t.CreatedUtc >= start && t.CreatedUtc < end && t.MergedIntoTicketId == null)
            .Select(t => new Outcome(t.ClientId, t.AgreementId, t.ResponseTargetMinutes != null || t.ResolutionTargetMinutes != null,
                t.ResponseTargetMinutes == null || (t.ResponseMinutes != null && t.ResponseBreachedUtc == null),
                t.ResponseBreachedUtc != null || t.ResponseDueUtc < now,
                t.ResolutionTargetMinutes == null || (t.ResolutionMinutes != null && t.ResolutionBreachedUtc == null),
                t.ResolutionBreachedUtc != null || t.ResolutionDueUtc < now,
                t.ResponseMinutes, t.ResolutionMinutes))
            .ToListAsync(cancellationToken);
        var clientIds = outcomes.Select(o => o.ClientId).Distinct().ToList();
        var clients = await db.Clients.AsNoTracking().Where(c => clientIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var agreementIds = outcomes.Select(o => o.AgreementId).OfType<Guid>().Distinct().ToList();
        var agreements = await db.Agreements.AsNoTracking().Where(a => agreementIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => new { a.Name, a.ClientId }, cancellationToken);

        var byClient = outcomes.GroupBy(o => o.ClientId)
            .Select(g => Row(g.Key, clients.GetValueOrDefault(g.Key, "?"), null, g.ToList()))
            .OrderBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
        var byAgreement = outcomes.GroupBy(o => (o.AgreementId, ClientId: o.AgreementId is null ? o.ClientId : agreements[o.AgreementId.Value].ClientId))
            .Select(g => Row(g.Key.AgreementId, g.Key.AgreementId is { } a ? agreements[a].Name : NoAgreement, clients.GetValueOrDefault(g.Key.ClientId, "?"), g.ToList()))
            .OrderBy(r => r.Client, StringComparer.CurrentCultureIgnoreCase).ThenBy(r => r.Id is null).ThenBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
        return new SlaComplianceReport(from, to, Row(null, "All clients", null, outcomes), byClient, byAgreement);
    }

    public static string Csv(SlaComplianceReport report) => CsvText.Table(
        ["Group", "Name", "Client", "Tickets", "Met", "Breached", "Open", "Response breaches", "Resolution breaches", "Compliance %", "Average response (business min)", "Average resolution (business min)"],
        report.Clients.Select(r => Line("Client", r))
            .Concat(report.Agreements.Select(r => Line("Agreement", r)))
            .Append(Line("Total", report.Total)));

    private static object?[] Line(string group, SlaComplianceRow r) =>
        [group, r.Name, r.Client, r.Tickets, r.Met, r.Breached, r.Open, r.ResponseBreaches, r.ResolutionBreaches,
            r.Compliance is { } c ? Math.Round(c * 100, 1, MidpointRounding.AwayFromZero) : null, r.AverageResponseMinutes, r.AverageResolutionMinutes];

    private static SlaComplianceRow Row(Guid? id, string name, string? client, IReadOnlyCollection<Outcome> outcomes)
    {
        var governed = outcomes.Where(o => o.HasTargets).ToList();
        var breached = governed.Count(o => o.ResponseBreached || o.ResolutionBreached);
        var met = governed.Count(o => !o.ResponseBreached && !o.ResolutionBreached && o.ResponseMet && o.ResolutionMet);
        return new SlaComplianceRow(id, name, client, outcomes.Count, met, breached, governed.Count - met - breached,
            governed.Count(o => o.ResponseBreached), governed.Count(o => o.ResolutionBreached),
            Average(outcomes.Select(o => o.ResponseMinutes)), Average(outcomes.Select(o => o.ResolutionMinutes)));
    }

    private static decimal? Average(IEnumerable<int?> minutes)
    {
        var values = minutes.OfType<int>().ToList();
        return values.Count == 0 ? null : Math.Round((decimal)values.Sum() / values.Count, 1, MidpointRounding.AwayFromZero);
    }
}
