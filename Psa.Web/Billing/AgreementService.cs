using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Tiers;
using Psa.Domain.Contracts;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Billing;

/// <summary>An agreement as the editor and the API see it (every option of BILLING.md §4).</summary>
public sealed class AgreementForm
{
    public Guid? Id { get; set; }
    public string Code { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public string ClientCode { get; set; } = string.Empty;
    public AgreementType Type { get; set; } = AgreementType.TimeAndMaterials;
    public DateOnly Start { get; set; } = new(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1);
    public DateOnly? End { get; set; }
    public string? InvoiceGroup { get; set; }
    public string? ParentCode { get; set; }
    /// <summary>The covered work types; null lists none (a recurring agreement then covers nothing, a block everything).</summary>
    public List<string>? CoveredWorkTypes { get; set; }
    /// <summary>"Covers every work type", a deliberate choice; it overrides <see cref="CoveredWorkTypes"/>.</summary>
    public bool CoversEveryWorkType { get; set; }
    public bool Taxable { get; set; }
    public decimal? HourlyRate { get; set; }
    public bool OwnMultipliers { get; set; }
    public decimal NormalMultiplier { get; set; } = 1m;
    public decimal AfterHoursMultiplier { get; set; } = 1.4m;
    public decimal WeekendMultiplier { get; set; } = 1.5m;
    public int? TimeIncrementMinutes { get; set; }
    public decimal BlockSize { get; set; }
    public decimal BlockPrice { get; set; }
    public decimal OpeningBalance { get; set; }
    public BlockRefresh Refresh { get; set; }
    public decimal? CarryoverMax { get; set; }
    public BlockOverage Overage { get; set; }
    public List<AgreementLineForm> Lines { get; set; } = [];
}

public sealed class AgreementLineForm
{
    public string ProductCode { get; set; } = string.Empty;
    public decimal UnitPrice { get; set; }
    public List<QuantityForm> Quantities { get; set; } = [];
}

public sealed class QuantityForm
{
    public DateOnly From { get; set; }
    public decimal Quantity { get; set; }
}

public sealed record CodeName(string Code, string Name);

public sealed record AgreementOptions(IReadOnlyList<CodeName> Clients, IReadOnlyList<CodeName> Products, IReadOnlyList<CodeName> WorkTypes, IReadOnlyList<CodeName> Agreements);

public sealed record AgreementRow(Guid Id, string Code, string Name, string ClientCode, string ClientName, AgreementType Type, DateOnly Start, DateOnly? End, string? InvoiceGroup);

/// <summary>Agreements: list, load, save (validated, named fields) and the live preview of the next invoice.</summary>
public sealed class AgreementService(TenantDbContextFactory factory, BillingRunService runs, Psa.Web.Audit.AuditTrail audit)
{
    public async Task<IReadOnlyList<AgreementRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var rows = await db.Agreements.AsNoTracking().Join(db.Clients, a => a.ClientId, c => c.Id, (a, c) => new { a, c.Code, c.Name }).ToListAsync(ct);
        return rows.OrderBy(r => r.Code, StringComparer.Ordinal).ThenBy(r => r.a.Sequence)
            .Select(r => new AgreementRow(r.a.Id, r.a.Code, r.a.Name, r.Code, r.Name, r.a.Type, r.a.StartDate, r.a.EndDate, r.a.InvoiceGroup)).ToList();
    }

    public async Task<AgreementOptions> OptionsAsync(CancellationToken ct = default)
    {
        await using var db = factory.Create();
        return new AgreementOptions(
            await db.Clients.AsNoTracking().OrderBy(c => c.Name).Select(c => new CodeName(c.Code, c.Name)).ToListAsync(ct),
            await db.Products.AsNoTracking().OrderBy(p => p.Name).Select(p => new CodeName(p.Code, p.Name)).ToListAsync(ct),
            await db.WorkTypes.AsNoTracking().OrderBy(w => w.Name).Select(w => new CodeName(w.Code, w.Name)).ToListAsync(ct),
            await db.Agreements.AsNoTracking().OrderBy(a => a.Code).Select(a => new CodeName(a.Code, a.Name)).ToListAsync(ct));
    }

    public async Task<AgreementForm?> GetAsync(string code, CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var a = await db.Agreements.AsNoTracking().Include(x => x.Lines).ThenInclude(l => l.Quantities).SingleOrDefaultAsync(x => x.Code == code, ct);
        if (a is null)
        {
            return null;
        }

        var client = await db.Clients.Where(c => c.Id == a.ClientId).Select(c => c.Code).SingleAsync(ct);
        var parent = a.ParentId is { } p ? await db.Agreements.Where(x => x.Id == p).Select(x => x.Code).SingleAsync(ct) : null;
        return new AgreementForm
        {
            Id = a.Id, Code = a.Code, Name = a.Name, ClientCode = client, Type = a.Type, Start = a.StartDate, End = a.EndDate,
            InvoiceGroup = a.InvoiceGroup, ParentCode = parent, CoveredWorkTypes = a.CoveredWorkTypeSet?.Order(StringComparer.Ordinal).ToList(), CoversEveryWorkType = a.CoversEveryWorkType,
            Taxable = a.Taxable, HourlyRate = a.HourlyRate, OwnMultipliers = a.NormalMultiplier is not null,
            NormalMultiplier = a.NormalMultiplier ?? 1m, AfterHoursMultiplier = a.AfterHoursMultiplier ?? 1.4m, WeekendMultiplier = a.WeekendMultiplier ?? 1.5m,
            TimeIncrementMinutes = a.TimeIncrementMinutes, BlockSize = a.BlockSize, BlockPrice = a.BlockPrice, OpeningBalance = a.OpeningBalance,
            Refresh = a.Refresh, CarryoverMax = a.CarryoverMax, Overage = a.Overage,
            Lines = a.Lines.OrderBy(l => l.Order).Select(l => new AgreementLineForm
            {
                ProductCode = l.ProductCode, UnitPrice = l.UnitPrice,
                Quantities = l.Quantities.OrderBy(q => q.From).Select(q => new QuantityForm { From = q.From, Quantity = q.Quantity }).ToList(),
            }).ToList(),
        };
    }

    public async Task<Guid> SaveAsync(AgreementForm form, CancellationToken ct = default)
    {
        await using var db = factory.Create();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var client = await db.Clients.SingleOrDefaultAsync(c => c.Code == form.ClientCode, ct)
            ?? throw new DomainException("Choose a client.", "Client");
        ServiceAgreement agreement;
        string? linesBefore = null;
        if (form.Id is { } id)
        {
            agreement = await db.Agreements.Include(a => a.Lines).ThenInclude(l => l.Quantities).SingleAsync(a => a.Id == id, ct);
            if (agreement.ClientId != client.Id)
            {
                throw new DomainException("An agreement cannot move to another client.", "Client");
            }

            linesBefore = Lines(agreement);
            db.RemoveRange(agreement.Lines);
            agreement.ClearLines();
            agreement.ChangeType(form.Type);
        }
        else
        {
            if (await db.Agreements.AnyAsync(a => a.Code == form.Code.Trim(), ct))
            {
                throw new DomainException($"Agreement code '{form.Code}' is already used.", "Code");
            }

            agreement = ServiceAgreement.Create(form.Code, client.Id, form.Type, form.Start);
            agreement.Sequence = (await db.Agreements.Select(a => (int?)a.Sequence).MaxAsync(ct) ?? 0) + 1;
            db.Agreements.Add(agreement);
        }

        Apply(agreement, form, await ParentIdAsync(db, form, ct));
        foreach (var line in form.Lines.Where(_ => form.Type == AgreementType.Recurring))
        {
            if (!await db.Products.AnyAsync(p => p.Code == line.ProductCode, ct))
            {
                throw new DomainException($"No product '{line.ProductCode}'.", "Product");
            }

            var stored = agreement.AddLine(line.ProductCode, line.UnitPrice);
            foreach (var q in line.Quantities)
            {
                stored.SetQuantity(q.From, q.Quantity);
            }

            db.Add(stored);
        }

        // Terms and rates changed go into the audit trail with the save: the agreement's fields, then its priced lines.
        var subject = $"Agreement {agreement.Code}";
        await audit.AddChangesAsync(db, agreement, form.Id is null ? "agreement.created" : "agreement.changed", Psa.Infrastructure.Identity.AuditCategory.Agreements, subject);
        var linesAfter = Lines(agreement);
        if (linesAfter != linesBefore && (linesBefore is not null || linesAfter.Length > 0))
        {
            await audit.AddAsync(db, "agreement.rates-changed", Psa.Infrastructure.Identity.AuditCategory.Agreements, subject, linesBefore, linesAfter);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return agreement.Id;
    }

    /// <summary>The agreement's priced lines as the audit trail shows them ("M365-BP × 250.00").</summary>
    private static string Lines(ServiceAgreement agreement) => string.Join("\n", agreement.Lines.OrderBy(l => l.Order)
        .Select(l => $"{l.ProductCode} × {Psa.Web.Audit.AuditTrail.Money(l.UnitPrice)}"));

    /// <summary>The next invoice(s) of the agreement's client if the form were saved: the billing run's preview, with this agreement swapped in.</summary>
    public async Task<BillingResult> PreviewAsync(AgreementForm form, BillingPeriod period, CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var parentId = form.ParentCode is { Length: > 0 } ? await ParentIdAsync(db, form, ct) : null;
        var draft = ServiceAgreement.Create(form.Code.Length > 0 ? form.Code : "new-agreement", Guid.Empty, form.Type, form.Start);
        Apply(draft, form, parentId);
        foreach (var line in form.Lines.Where(_ => form.Type == AgreementType.Recurring))
        {
            var stored = draft.AddLine(line.ProductCode, line.UnitPrice);
            foreach (var q in line.Quantities)
            {
                stored.SetQuantity(q.From, q.Quantity);
            }
        }

        var result = await runs.PreviewWithAsync(period, input =>
        {
            var swapped = draft.ToBillingAgreement(form.ClientCode, form.ParentCode is { Length: > 0 } ? form.ParentCode : null);
            var agreements = input.Agreements.Where(a => a.Id != swapped.Id).Append(swapped).ToList();
            return input with { Agreements = agreements };
        }, ct);
        return result with { Invoices = result.Invoices.Where(i => i.ClientId == form.ClientCode).ToList() };
    }

    private static async Task<Guid?> ParentIdAsync(TenantDbContext db, AgreementForm form, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(form.ParentCode))
        {
            return null;
        }

        var parent = await db.Agreements.AsNoTracking().SingleOrDefaultAsync(a => a.Code == form.ParentCode, ct)
            ?? throw new DomainException($"No agreement '{form.ParentCode}'.", "Parent");
        // Walk up from the parent: reaching this agreement would make a loop.
        for (var p = parent; p is not null; p = p.ParentId is { } next ? await db.Agreements.AsNoTracking().SingleOrDefaultAsync(a => a.Id == next, ct) : null)
        {
            if (p.Id == form.Id)
            {
                throw new DomainException("The parent chain would loop.", "Parent");
            }
        }

        return parent.Id;
    }

    private static void Apply(ServiceAgreement agreement, AgreementForm form, Guid? parentId)
    {
        agreement.Rename(form.Code, form.Name);
        agreement.SetDates(form.Start, form.End);
        agreement.SetGrouping(form.InvoiceGroup, parentId);
        agreement.SetCoverage(form.CoveredWorkTypes, form.CoversEveryWorkType);
        agreement.SetPricing(form.HourlyRate, form.OwnMultipliers ? new TierMultipliers(form.NormalMultiplier, form.AfterHoursMultiplier, form.WeekendMultiplier) : null,
            form.TimeIncrementMinutes, form.Taxable);
        agreement.SetBlock(form.BlockSize, form.BlockPrice, form.OpeningBalance, form.Refresh, form.CarryoverMax, form.Overage);
    }
}
