using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Ledger;
using Psa.Domain.Common;
using Psa.Domain.Reconciliation;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Reconciliation;

public sealed record ProfitMonth(string Period, decimal Revenue, decimal Cost);

/// <summary>
/// Profit per client per service line: revenue from issued invoices net of credit notes (Psa's own and
/// those pulled from Xero) by period, against fully loaded labour for every entry and the unit cost of
/// resold products.
/// </summary>
public sealed class ProfitabilityService(TenantDbContextFactory factory)
{
    public async Task<IReadOnlyList<ProfitRow>> TableAsync(BillingPeriod from, BillingPeriod to, CancellationToken ct = default)
    {
        var (revenue, cost, clients) = await LoadAsync(from, to, ct);
        return Profitability.Table(revenue, cost, clients);
    }

    /// <summary>One client's revenue and cost per month (the trend chart).</summary>
    public async Task<IReadOnlyList<ProfitMonth>> TrendAsync(string clientCode, BillingPeriod from, BillingPeriod to, CancellationToken ct = default)
    {
        var (revenue, cost, clients) = await LoadAsync(from, to, ct);
        var id = clients.FirstOrDefault(c => c.Value.Code == clientCode).Key;
        return Periods(from, to).Select(p => new ProfitMonth(p,
            MoneyMath.Round2(revenue.Where(r => r.ClientId == id && r.Period == p).Sum(r => r.Amount)),
            MoneyMath.Round2(cost.Where(c => c.ClientId == id && c.Period == p).Sum(c => c.Amount)))).ToList();
    }

    public static void Validate(BillingPeriod from, BillingPeriod to)
    {
        if (string.CompareOrdinal(from.ToString(), to.ToString()) > 0)
        {
            throw new DomainException("From must not be after To.", "From");
        }
    }

    private static IEnumerable<string> Periods(BillingPeriod from, BillingPeriod to)
    {
        for (var p = from; string.CompareOrdinal(p.ToString(), to.ToString()) <= 0; p = BillingPeriod.Containing(p.FirstDay.AddMonths(1)))
        {
            yield return p.ToString();
        }
    }

    private async Task<(List<ProfitRevenue>, List<ProfitCost>, Dictionary<Guid, (string Code, string Name)>)> LoadAsync(BillingPeriod from, BillingPeriod to, CancellationToken ct)
    {
        Validate(from, to);
        var first = from.ToString();
        var last = to.ToString();
        await using var db = factory.Create();
        var overhead = await db.ReconciliationSettings.Select(s => (decimal?)s.OverheadPercent).SingleOrDefaultAsync(ct) ?? 20m;
        var clients = await db.Clients.AsNoTracking().ToDictionaryAsync(c => c.Id, c => (c.Code, c.Name), ct);
        var products = await db.Products.AsNoTracking().ToListAsync(ct);
        var productLines = products.Where(p => p.ServiceLine is { Length: > 0 }).ToDictionary(p => p.Code, p => p.ServiceLine!, StringComparer.Ordinal);
        var productCosts = products.Where(p => p.UnitCost is not null).ToDictionary(p => p.Code, p => p.UnitCost!.Value, StringComparer.Ordinal);
        var agreements = await db.Agreements.AsNoTracking().Select(a => new { a.Id, a.Code, a.Type }).ToListAsync(ct);
        var agreementTypes = agreements.ToDictionary(a => a.Code, a => a.Type, StringComparer.Ordinal);
        var projectCodes = (await db.Projects.AsNoTracking().Select(p => p.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);

        var revenue = new List<ProfitRevenue>();
        var cost = new List<ProfitCost>();
        var lines = await db.InvoiceLines.AsNoTracking()
            .Join(db.Invoices.Where(i => (i.Status == InvoiceStatus.Issued || i.Status == InvoiceStatus.Paid) && string.Compare(i.Period, first) >= 0 && string.Compare(i.Period, last) <= 0),
                l => l.InvoiceId, i => i.Id, (l, i) => new { i.ClientId, i.Period, l.Kind, l.Item, l.Section, l.Amount, l.Quantity })
            .ToListAsync(ct);
        foreach (var l in lines)
        {
            var line = ServiceLines.OfLine(l.Kind, l.Item, l.Section, productLines, agreementTypes, projectCodes);
            revenue.Add(new ProfitRevenue(l.ClientId, l.Period, line, l.Amount));
            if (l.Kind == "recurring" && productCosts.TryGetValue(l.Item, out var unitCost))
            {
                cost.Add(new ProfitCost(l.ClientId, l.Period, line, l.Quantity * unitCost));
            }
        }

        var fromXero = await db.XeroDocuments.AsNoTracking().Where(x => x.PsaDocumentId == null && x.ClientId != null && x.Date != null && (x.Status == "AUTHORISED" || x.Status == "PAID"))
            .Select(x => new { x.ClientId, x.Date, x.SubTotal, x.IsCreditNote }).ToListAsync(ct);
        foreach (var x in fromXero)
        {
            var period = BillingPeriod.Containing(x.Date!.Value).ToString();
            if (string.CompareOrdinal(period, first) >= 0 && string.CompareOrdinal(period, last) <= 0)
            {
                revenue.Add(new ProfitRevenue(x.ClientId!.Value, period, ServiceLines.FromXero, x.IsCreditNote ? -x.SubTotal : x.SubTotal));
            }
        }

        var rates = await db.Engineers.AsNoTracking().ToDictionaryAsync(e => e.Id, e => e.CostRate, ct);
        var agreementById = agreements.ToDictionary(a => a.Id, a => a.Type);
        var start = from.FirstDay.ToDateTime(TimeOnly.MinValue);
        var end = to.FirstDay.AddMonths(1).ToDateTime(TimeOnly.MinValue);
        var entries = await db.TimeEntries.AsNoTracking().Where(e => e.Start >= start && e.Start < end)
            .Select(e => new { e.ClientId, e.EngineerId, e.ProjectId, e.AgreementId, e.Start, e.Minutes }).ToListAsync(ct);
        foreach (var e in entries)
        {
            var line = e.ProjectId is not null ? ServiceLines.Projects
                : e.AgreementId is { } a && agreementById.TryGetValue(a, out var type) ? ServiceLines.OfAgreement(type)
                : ServiceLines.BreakFix;
            cost.Add(new ProfitCost(e.ClientId, BillingPeriod.Containing(DateOnly.FromDateTime(e.Start)).ToString(), line,
                Profitability.LabourCost(e.Minutes, rates.GetValueOrDefault(e.EngineerId), overhead)));
        }

        return (revenue, cost, clients);
    }
}
