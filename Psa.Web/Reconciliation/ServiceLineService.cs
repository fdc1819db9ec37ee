using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Billing;
using Psa.Domain.Reconciliation;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Reconciliation;

public sealed record ServiceLineMappingRow(ServiceLineSource Source, string Key, string Name, string? ServiceLine, string Default);

public sealed record ProductCostingRow(string Code, string Name, decimal? UnitCost, string? ServiceLine);

/// <param name="BuiltIn">The lines that stand for a default one (renamable, never removed).</param>
public sealed record ServiceLineSetupView(IReadOnlyList<string> Lines, bool Customised, IReadOnlyList<ServiceLineMappingRow> Mappings, IReadOnlyList<ProductCostingRow> Products,
    IReadOnlySet<string> BuiltIn);

public static class ServiceLineCatalog
{
    /// <summary>The workspace's lines (the defaults until it sets its own) and mappings.</summary>
    public static async Task<ServiceLineMap> LoadMapAsync(TenantDbContext db, CancellationToken ct = default)
    {
        var lines = await db.ServiceLineDefinitions.AsNoTracking().OrderBy(l => l.Order).Select(l => new { l.Name, l.BuiltIn }).ToListAsync(ct);
        var mappings = await db.ServiceLineMappings.AsNoTracking().Select(m => new { m.Source, m.Key, m.ServiceLine }).ToListAsync(ct);
        var renamed = lines.Where(l => l.BuiltIn is not null && l.BuiltIn != l.Name).ToDictionary(l => l.BuiltIn!, l => l.Name);
        return new ServiceLineMap(lines.Count == 0 ? ServiceLines.Defaults : lines.Select(l => l.Name), mappings.Select(m => (m.Source, m.Key, m.ServiceLine)), renamed);
    }
}

/// <summary>
/// Settings → Service lines and costs: the workspace's service lines, what maps onto them (agreement
/// types, projects, work types; products name their own), product unit costs, and the reconciliation
/// and profitability settings.
/// </summary>
public sealed class ServiceLineService(TenantDbContextFactory factory)
{
    public async Task<ServiceLineSetupView> GetAsync(CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var map = await ServiceLineCatalog.LoadMapAsync(db, ct);
        var customised = await db.ServiceLineDefinitions.AnyAsync(ct);
        var mapped = (await db.ServiceLineMappings.AsNoTracking().ToListAsync(ct)).ToDictionary(m => (m.Source, m.Key), m => m.ServiceLine);
        var rows = new List<ServiceLineMappingRow>();
        foreach (var type in Enum.GetValues<AgreementType>())
        {
            rows.Add(new(ServiceLineSource.AgreementType, type.ToString(), Psa.Web.Billing.BillingText.AgreementType(type), mapped.GetValueOrDefault((ServiceLineSource.AgreementType, type.ToString())),
                map.Named(ServiceLines.OfAgreement(type))));
        }

        foreach (var p in await db.Projects.AsNoTracking().OrderBy(p => p.Name).Select(p => new { p.Code, p.Name }).ToListAsync(ct))
        {
            rows.Add(new(ServiceLineSource.Project, p.Code, p.Name, mapped.GetValueOrDefault((ServiceLineSource.Project, p.Code)), map.Named(ServiceLines.Projects)));
        }

        foreach (var w in await db.WorkTypes.AsNoTracking().OrderBy(w => w.Name).Select(w => new { w.Code, w.Name }).ToListAsync(ct))
        {
            rows.Add(new(ServiceLineSource.WorkType, w.Code, w.Name, mapped.GetValueOrDefault((ServiceLineSource.WorkType, w.Code)), "by project or agreement"));
        }

        var products = await db.Products.AsNoTracking().OrderBy(p => p.Code).Select(p => new ProductCostingRow(p.Code, p.Name, p.UnitCost, p.ServiceLine)).ToListAsync(ct);
        return new ServiceLineSetupView(map.Lines, customised, rows, products, ServiceLines.Defaults.Select(map.Named).ToHashSet(StringComparer.Ordinal));
    }

    public async Task AddLineAsync(string name, CancellationToken ct = default)
    {
        var trimmed = ServiceLineDefinition.CheckName(name);
        await using var db = factory.Create();
        var lines = await MaterialiseAsync(db, ct);
        if (lines.Any(l => string.Equals(l.Name, trimmed, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainException($"There is already a service line '{trimmed}'.", "Service line");
        }

        db.ServiceLineDefinitions.Add(ServiceLineDefinition.Create(trimmed, lines.Count == 0 ? 1 : lines.Max(l => l.Order) + 1));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Renames a line, and with it every mapping and product on it (one transaction), so nothing moves to
    /// another line; a default line keeps its built-in rules under its new name.
    /// </summary>
    public async Task RenameLineAsync(string name, string newName, CancellationToken ct = default)
    {
        var trimmed = ServiceLineDefinition.CheckName(newName);
        await using var db = factory.Create();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var lines = await MaterialiseAsync(db, ct);
        var line = lines.SingleOrDefault(l => l.Name == name) ?? throw new DomainException($"No service line '{name}'.", "Service line");
        if (lines.Any(l => l != line && string.Equals(l.Name, trimmed, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainException($"There is already a service line '{trimmed}'.", "Service line");
        }

        if (trimmed == line.Name)
        {
            return;
        }

        line.Rename(trimmed);
        await db.SaveChangesAsync(ct);
        await db.ServiceLineMappings.Where(m => m.ServiceLine == name).ExecuteUpdateAsync(u => u.SetProperty(m => m.ServiceLine, trimmed), ct);
        foreach (var product in await db.Products.Where(p => p.ServiceLine == name).ToListAsync(ct))
        {
            product.SetCosting(product.UnitCost, trimmed);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Removes a line nothing maps onto any more (mappings and products first, so no cost or revenue loses its line silently).</summary>
    public async Task RemoveLineAsync(string name, CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var lines = await MaterialiseAsync(db, ct);
        var line = lines.SingleOrDefault(l => l.Name == name) ?? throw new DomainException($"No service line '{name}'.", "Service line");
        var users = await db.ServiceLineMappings.CountAsync(m => m.ServiceLine == name, ct) + await db.Products.CountAsync(p => p.ServiceLine == name, ct);
        if (users > 0)
        {
            throw new DomainException($"'{name}' is still mapped from {users} agreement type(s), project(s), work type(s) or product(s): map them elsewhere first.", "Service line");
        }

        if (line.BuiltIn is not null || ServiceLines.Defaults.Contains(name))
        {
            throw new DomainException($"'{name}' is where unmapped revenue and time go by default and cannot be removed.", "Service line");
        }

        db.ServiceLineDefinitions.Remove(line);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Maps an agreement type, project or work type onto a line; no line returns it to the built-in rule.</summary>
    public async Task MapAsync(ServiceLineSource source, string key, string? serviceLine, CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var known = source switch
        {
            ServiceLineSource.AgreementType => Enum.TryParse<AgreementType>(key, out _),
            ServiceLineSource.Project => await db.Projects.AnyAsync(p => p.Code == key, ct),
            _ => await db.WorkTypes.AnyAsync(w => w.Code == key, ct),
        };
        if (!known)
        {
            throw new DomainException($"Nothing to map called '{key}'.", "Mapping");
        }

        var existing = await db.ServiceLineMappings.SingleOrDefaultAsync(m => m.Source == source && m.Key == key, ct);
        if (string.IsNullOrWhiteSpace(serviceLine))
        {
            if (existing is not null)
            {
                db.ServiceLineMappings.Remove(existing);
            }
        }
        else
        {
            await CheckLineAsync(db, serviceLine, ct);
            if (existing is null)
            {
                db.ServiceLineMappings.Add(ServiceLineMapping.Create(source, key, serviceLine));
            }
            else
            {
                existing.ServiceLine = serviceLine;
            }
        }

        await db.SaveChangesAsync(ct);
    }

    public async Task SetProductAsync(string code, decimal? unitCost, string? serviceLine, CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var product = await db.Products.SingleOrDefaultAsync(p => p.Code == code, ct) ?? throw new DomainException($"No product '{code}'.", "Product");
        if (!string.IsNullOrWhiteSpace(serviceLine))
        {
            await CheckLineAsync(db, serviceLine, ct);
        }

        product.SetCosting(unitCost, serviceLine);
        await db.SaveChangesAsync(ct);
    }

    public async Task<ReconciliationSettings> SettingsAsync(CancellationToken ct = default)
    {
        await using var db = factory.Create();
        return await db.ReconciliationSettings.AsNoTracking().SingleOrDefaultAsync(ct) ?? new ReconciliationSettings();
    }

    public async Task SaveSettingsAsync(int unbilledAfterDays, int staleAfterDays, int renewalWindowDays, decimal overheadPercent, decimal utilisationTargetPercent,
        CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        if (unbilledAfterDays is < 0 or > 366)
        {
            errors.Add(new("Unbilled after (days)", "Between 0 and 366 days."));
        }

        if (staleAfterDays is < 0 or > 366)
        {
            errors.Add(new("Unapproved after (days)", "Between 0 and 366 days."));
        }

        if (renewalWindowDays is < 1 or > 730)
        {
            errors.Add(new("Renewal window (days)", "Between 1 and 730 days."));
        }

        if (overheadPercent is < 0 or > 1000)
        {
            errors.Add(new("Overhead %", "Between 0 and 1000 %."));
        }

        if (utilisationTargetPercent is <= 0 or > 100)
        {
            errors.Add(new("Utilisation target %", "More than 0 and at most 100 %."));
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        await using var db = factory.Create();
        var settings = await db.ReconciliationSettings.SingleOrDefaultAsync(ct);
        if (settings is null)
        {
            settings = new ReconciliationSettings();
            db.ReconciliationSettings.Add(settings);
        }

        settings.UnbilledAfterDays = unbilledAfterDays;
        settings.StaleAfterDays = staleAfterDays;
        settings.RenewalWindowDays = renewalWindowDays;
        settings.OverheadPercent = overheadPercent;
        settings.UtilisationTargetPercent = utilisationTargetPercent;
        await db.SaveChangesAsync(ct);
    }

    private static async Task CheckLineAsync(TenantDbContext db, string serviceLine, CancellationToken ct)
    {
        var lines = (await ServiceLineCatalog.LoadMapAsync(db, ct)).Lines;
        if (!lines.Contains(serviceLine))
        {
            throw new DomainException($"No service line '{serviceLine}'.", "Service line");
        }
    }

    /// <summary>The first change to the list stores the defaults, so they can then be edited like any other line.</summary>
    private static async Task<List<ServiceLineDefinition>> MaterialiseAsync(TenantDbContext db, CancellationToken ct)
    {
        var lines = await db.ServiceLineDefinitions.OrderBy(l => l.Order).ToListAsync(ct);
        if (lines.Count == 0)
        {
            lines = ServiceLines.Defaults.Select((name, i) => ServiceLineDefinition.Create(name, i + 1, builtIn: name)).ToList();
            db.ServiceLineDefinitions.AddRange(lines);
            await db.SaveChangesAsync(ct);
        }

        return lines;
    }
}
