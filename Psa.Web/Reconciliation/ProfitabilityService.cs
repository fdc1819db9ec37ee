using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Ledger;
using Psa.Domain.Common;
using Psa.Domain.Reconciliation;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Reconciliation;

public sealed record ProfitMonth(string Period, decimal Revenue, decimal Cost);

/// <summary>What lies behind one cell of the table: the invoices (net of credit notes) and the time and products costed.</summary>
public sealed record ProfitCell(string Client, string ClientName, string ServiceLine, IReadOnlyList<ProfitRevenue> Revenue, IReadOnlyList<ProfitCost> Cost)
{
    public decimal RevenueTotal => MoneyMath.Round2(Revenue.Sum(r => r.Amount));

    public decimal CostTotal => MoneyMath.Round2(Cost.Sum(c => c.Amount));
}

/// <summary>
/// Profit per client per service line: revenue from issued invoices net of credit notes (Psa's own and
/// those pulled from Xero) by period, against fully loaded labour for every entry and the unit cost of
/// resold products.
/// </summary>
public sealed class ProfitabilityService(TenantDbContextFactory factory)
{
    public async Task<IReadOnlyList<ProfitRow>> TableAsync(BillingPeriod from, BillingPeriod to, CancellationToken ct = default)
    {
        var (revenue, cost, clients) = await LoadAsync(from, to, null, ct);
        return Profitability.Table(revenue, cost, clients);
    }

    /// <summary>One client's revenue and cost per month (the trend chart).</summary>
    public async Task<IReadOnlyList<ProfitMonth>> TrendAsync(string clientCode, BillingPeriod from, BillingPeriod to, CancellationToken ct = default)
    {
        var (revenue, cost, clients) = await LoadAsync(from, to, null, ct);
        var id = clients.FirstOrDefault(c => c.Value.Code == clientCode).Key;
        return Periods(from, to).Select(p => new ProfitMonth(p,
            MoneyMath.Round2(revenue.Where(r => r.ClientId == id && r.Period == p).Sum(r => r.Amount)),
            MoneyMath.Round2(cost.Where(c => c.ClientId == id && c.Period == p).Sum(c => c.Amount)))).ToList();
    }

    /// <summary>The invoice lines, Xero invoices, time entries and product costs behind one client's service line.</summary>
    public async Task<ProfitCell> CellAsync(string clientCode, string serviceLine, BillingPeriod from, BillingPeriod to, CancellationToken ct = default)
    {
        Guid clientId;
        await using (var db = factory.Create())
        {
            clientId = await db.Clients.Where(c => c.Code == clientCode).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(ct)
                ?? throw new DomainException($"No client '{clientCode}'.", "Client");
        }

        var (revenue, cost, clients) = await LoadAsync(from, to, clientId, ct);
        return new ProfitCell(clientCode, clients[clientId].Name, serviceLine,
            revenue.Where(r => r.ServiceLine == serviceLine).OrderBy(r => r.Period, StringComparer.Ordinal).ThenBy(r => r.Document, StringComparer.Ordinal).ToList(),
            cost.Where(c => c.ServiceLine == serviceLine).OrderBy(c => c.Period, StringComparer.Ordinal).ThenBy(c => c.Detail, StringComparer.Ordinal).ToList());
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

    /// <summary>Revenue and cost rows of the periods; for one client (the drill-down) each row also names its source.</summary>
    private async Task<(List<ProfitRevenue>, List<ProfitCost>, Dictionary<Guid, (string Code, string Name)>)> LoadAsync(BillingPeriod from, BillingPeriod to, Guid? only, CancellationToken ct)
    {
        Validate(from, to);
        var first = from.ToString();
        var last = to.ToString();
        var sources = only is not null;
        await using var db = factory.Create();
        var overhead = await db.ReconciliationSettings.Select(s => (decimal?)s.OverheadPercent).SingleOrDefaultAsync(ct) ?? new ReconciliationSettings().OverheadPercent;
        var map = await ServiceLineCatalog.LoadMapAsync(db, ct);
        var clients = await db.Clients.AsNoTracking().ToDictionaryAsync(c => c.Id, c => (c.Code, c.Name), ct);
        var products = await db.Products.AsNoTracking().ToListAsync(ct);
        var productLines = products.Where(p => p.ServiceLine is { Length: > 0 }).ToDictionary(p => p.Code, p => p.ServiceLine!, StringComparer.Ordinal);
        var productCosts = products.Where(p => p.UnitCost is not null).ToDictionary(p => p.Code, p => p.UnitCost!.Value, StringComparer.Ordinal);
        var agreements = await db.Agreements.AsNoTracking().Select(a => new { a.Id, a.Code, a.Type }).ToListAsync(ct);
        var agreementTypes = agreements.ToDictionary(a => a.Code, a => a.Type, StringComparer.Ordinal);
        var projects = await db.Projects.AsNoTracking().Select(p => new { p.Id, p.Code }).ToListAsync(ct);
        var projectCodes = projects.Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        var projectCodeById = projects.ToDictionary(p => p.Id, p => p.Code);

        var revenue = new List<ProfitRevenue>();
        var cost = new List<ProfitCost>();
        var invoices = db.Invoices.Where(i => (i.Status == InvoiceStatus.Issued || i.Status == InvoiceStatus.Paid) && string.Compare(i.Period, first) >= 0 && string.Compare(i.Period, last) <= 0);
        if (only is { } client)
        {
            invoices = invoices.Where(i => i.ClientId == client);
        }

        var lines = await db.InvoiceLines.AsNoTracking()
            .Join(invoices, l => l.InvoiceId, i => i.Id, (l, i) => new { i.ClientId, i.Period, InvoiceId = i.Id, i.Number, i.IsCreditNote, l.Kind, l.Item, l.Description, l.Section, l.Amount, l.Quantity })
            .ToListAsync(ct);
        foreach (var l in lines)
        {
            var line = map.OfLine(l.Kind, l.Item, l.Section, productLines, agreementTypes, projectCodes);
            var number = sources ? CustomerInvoice.FormatNumber(l.Number, l.IsCreditNote) : null;
            var link = sources ? $"/billing/invoices/{l.InvoiceId}" : null;
            revenue.Add(new ProfitRevenue(l.ClientId, l.Period, line, l.Amount, number, link, sources ? l.Description : null));
            if (l.Kind == "recurring" && productCosts.TryGetValue(l.Item, out var unitCost))
            {
                cost.Add(new ProfitCost(l.ClientId, l.Period, line, l.Quantity * unitCost, number, link,
                    sources ? $"{l.Item}: {l.Quantity:0.##} × {unitCost:0.00} unit cost" : null));
            }
        }

        var fromXero = await db.XeroDocuments.AsNoTracking().Where(x => x.PsaDocumentId == null && x.ClientId != null && x.Date != null && (x.Status == "AUTHORISED" || x.Status == "PAID"))
            .Where(x => only == null || x.ClientId == only)
            .Select(x => new { x.ClientId, x.Date, x.SubTotal, x.IsCreditNote, x.Number, x.Reference }).ToListAsync(ct);
        foreach (var x in fromXero)
        {
            var period = BillingPeriod.Containing(x.Date!.Value).ToString();
            if (string.CompareOrdinal(period, first) >= 0 && string.CompareOrdinal(period, last) <= 0)
            {
                revenue.Add(new ProfitRevenue(x.ClientId!.Value, period, ServiceLines.FromXero, x.IsCreditNote ? -x.SubTotal : x.SubTotal,
                    sources ? x.Number ?? x.Reference : null, null, sources ? (x.IsCreditNote ? "Credit note raised in Xero" : "Invoice raised in Xero") : null));
            }
        }

        var engineers = await db.Engineers.AsNoTracking().Select(e => new { e.Id, e.Name, e.CostRate }).ToListAsync(ct);
        var rates = engineers.ToDictionary(e => e.Id, e => e.CostRate);
        var names = engineers.ToDictionary(e => e.Id, e => e.Name);
        var agreementById = agreements.ToDictionary(a => a.Id, a => a.Type);
        var start = from.FirstDay.ToDateTime(TimeOnly.MinValue);
        var end = to.FirstDay.AddMonths(1).ToDateTime(TimeOnly.MinValue);
        var entries = await db.TimeEntries.AsNoTracking().Where(e => e.Start >= start && e.Start < end && (only == null || e.ClientId == only))
            .Select(e => new { e.ClientId, e.EngineerId, e.ProjectId, e.AgreementId, e.WorkTypeCode, e.Start, e.Minutes, e.Billable }).ToListAsync(ct);
        foreach (var e in entries)
        {
            var line = map.OfEntry(e.WorkTypeCode, e.ProjectId is { } p ? projectCodeById.GetValueOrDefault(p) : null,
                e.AgreementId is { } a && agreementById.TryGetValue(a, out var type) ? type : null);
            var rate = rates.GetValueOrDefault(e.EngineerId);
            cost.Add(new ProfitCost(e.ClientId, BillingPeriod.Containing(DateOnly.FromDateTime(e.Start)).ToString(), line,
                Profitability.LabourCost(e.Minutes, rate, overhead),
                sources ? names.GetValueOrDefault(e.EngineerId, "?") : null,
                sources && e.ProjectId is { } project ? $"/projects/{project}" : null,
                sources ? $"{e.Start:yyyy-MM-dd} {e.WorkTypeCode} {e.Minutes / 60m:0.##} h × {rate:0.00} × (1 + {overhead:0.##} %){(e.Billable ? "" : ", non-billable")}" : null));
        }

        return (revenue, cost, clients);
    }
}
