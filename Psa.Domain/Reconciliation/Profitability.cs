using Psa.Domain.Billing;
using Psa.Domain.Common;

namespace Psa.Domain.Reconciliation;

/// <summary>The service lines profit is reported by, and how revenue and time map onto them.</summary>
public static class ServiceLines
{
    public const string ManagedServices = "Managed services";
    public const string Projects = "Projects";
    public const string BreakFix = "Break-fix time";
    public const string Licensing = "Licensing";
    public const string PrepaidBlocks = "Prepaid blocks";

    /// <summary>Invoices raised in Xero carry no Psa line kinds.</summary>
    public const string FromXero = "Invoiced in Xero";

    public static readonly IReadOnlyList<string> Defaults = [ManagedServices, Projects, BreakFix, Licensing, PrepaidBlocks];

    public static string OfAgreement(AgreementType type) => type switch
    {
        AgreementType.Recurring => ManagedServices,
        AgreementType.PrepaidHours or AgreementType.PrepaidAmount => PrepaidBlocks,
        _ => BreakFix,
    };
}

/// <summary>Revenue in a cell, with the document it came from (the drill-down).</summary>
public sealed record ProfitRevenue(Guid ClientId, string Period, string ServiceLine, decimal Amount, string? Document = null, string? Link = null, string? Detail = null);

/// <summary>Cost in a cell, with the time entry or invoice line it came from (the drill-down).</summary>
public sealed record ProfitCost(Guid ClientId, string Period, string ServiceLine, decimal Amount, string? Source = null, string? Link = null, string? Detail = null);

public sealed record ProfitRow(string Client, string ClientName, string ServiceLine, decimal Revenue, decimal Cost)
{
    public decimal Margin => Revenue - Cost;

    /// <summary>Margin as a percentage of revenue; null without revenue.</summary>
    public decimal? MarginPercent => Revenue == 0 ? null : MoneyMath.Round2(Margin / Revenue * 100m);
}

public static class Profitability
{
    /// <summary>Fully loaded labour: minutes × the engineer's cost rate × (1 + overhead %).</summary>
    public static decimal LabourCost(int minutes, decimal costRate, decimal overheadPercent) => minutes / 60m * costRate * (1m + overheadPercent / 100m);

    /// <summary>
    /// Clients × service lines over the periods, the client furthest underwater first (lowest total
    /// margin), then each client's lines by margin.
    /// </summary>
    public static IReadOnlyList<ProfitRow> Table(IEnumerable<ProfitRevenue> revenue, IEnumerable<ProfitCost> cost, IReadOnlyDictionary<Guid, (string Code, string Name)> clients)
    {
        var cells = new Dictionary<(Guid, string), (decimal Revenue, decimal Cost)>();
        foreach (var r in revenue)
        {
            var c = cells.GetValueOrDefault((r.ClientId, r.ServiceLine));
            cells[(r.ClientId, r.ServiceLine)] = (c.Revenue + r.Amount, c.Cost);
        }

        foreach (var x in cost)
        {
            var c = cells.GetValueOrDefault((x.ClientId, x.ServiceLine));
            cells[(x.ClientId, x.ServiceLine)] = (c.Revenue, c.Cost + x.Amount);
        }

        var rows = cells.Where(c => clients.ContainsKey(c.Key.Item1))
            .Select(c => new ProfitRow(clients[c.Key.Item1].Code, clients[c.Key.Item1].Name, c.Key.Item2, MoneyMath.Round2(c.Value.Revenue), MoneyMath.Round2(c.Value.Cost)))
            .ToList();
        var byClient = rows.GroupBy(r => r.Client).ToDictionary(g => g.Key, g => g.Sum(r => r.Margin), StringComparer.Ordinal);
        return rows.OrderBy(r => byClient[r.Client]).ThenBy(r => r.Client, StringComparer.Ordinal).ThenBy(r => r.Margin).ThenBy(r => r.ServiceLine, StringComparer.Ordinal).ToList();
    }
}
