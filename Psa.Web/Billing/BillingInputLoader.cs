using Microsoft.EntityFrameworkCore;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Ledger;
using Psa.Domain.Billing.Tiers;
using Psa.Domain.Projects;
using Psa.Domain.TimeTracking;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Billing;

/// <summary>
/// What a billing run read from the workspace: the engine's input plus the keys that lead from the
/// engine's ids (codes) back to rows.
/// </summary>
public sealed class LoadedBillingData
{
    public BillingInput Input { get; set; } = null!;

    public Dictionary<string, Guid> Clients { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Psa.Domain.Contracts.ServiceAgreement> Agreements { get; } = new(StringComparer.Ordinal);

    private readonly List<BillingTimeEntry> entries = [];
    private readonly List<Guid>? entryRows;
    private Dictionary<string, int>? entryIndex;

    public LoadedBillingData(bool keepRows = true)
    {
        entryRows = keepRows ? [] : null;
    }

    /// <summary>The time entries read for the period, as the engine takes them (also <see cref="BillingInput.TimeEntries"/> as loaded).</summary>
    public IReadOnlyList<BillingTimeEntry> Entries => entries;

    /// <summary>
    /// The row behind an engine entry id and its minutes. The index from id to entry is built on first use: only a run
    /// that writes the ledger needs it, so a preview of 200,000 entries does not hold a dictionary of them.
    /// </summary>
    public (Guid Id, int Minutes) EntryRow(string id)
    {
        if (entryRows is null)
        {
            throw new InvalidOperationException("The data was loaded for a preview, without the rows behind its entries.");
        }

        var index = Index()[id];
        return (entryRows[index], entries[index].Minutes);
    }

    /// <summary>A loaded entry by its engine id, or null; the same index as <see cref="EntryRow"/>.</summary>
    public BillingTimeEntry? FindEntry(string id) => Index().TryGetValue(id, out var index) ? entries[index] : null;

    private Dictionary<string, int> Index() => entryIndex ??= BuildIndex();

    internal void AddEntry(BillingTimeEntry entry, Guid row)
    {
        entries.Add(entry);
        entryRows?.Add(row);
    }

    private Dictionary<string, int> BuildIndex()
    {
        var index = new Dictionary<string, int>(entries.Count, StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            index[entries[i].Id] = i;
        }

        return index;
    }

    public Dictionary<string, Guid> Projects { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Guid> Milestones { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> ProductNames { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> ProjectNames { get; } = new(StringComparer.Ordinal);

    /// <summary>Entries on a service desk ticket: the ticket's number and title, for the invoice line.</summary>
    public Dictionary<string, string> TicketLabels { get; } = new(StringComparer.Ordinal);

    /// <summary>Keys of the ledger that concern this period's recurring lines and block purchases.</summary>
    public HashSet<string> BilledKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Block agreements whose period was already run once: the balance continues from that run.</summary>
    public HashSet<Guid> ContinuingBlocks { get; } = [];
}

/// <summary>
/// Loads a workspace's persisted billing data for one period into <see cref="BillingInput"/>
/// (the single path from the database to <see cref="BillingEngine"/>).
/// </summary>
public static class BillingInputLoader
{
    /// <summary>Business hours ending at midnight are stored as the last tick of the day.</summary>
    public static TimeSpan EndOfWindow(TimeOnly end) => end == TimeOnly.MaxValue ? TimeSpan.FromDays(1) : end.ToTimeSpan();

    /// <summary>Everything a run needs, the rows behind the entries included (<see cref="LoadedBillingData.EntryRow"/>).</summary>
    public static Task<LoadedBillingData> LoadAsync(TenantDbContext db, BillingPeriod period, CancellationToken ct = default) =>
        LoadAsync(db, period, keepRows: true, ct);

    /// <summary>What a preview needs: the engine's input, without the rows behind the entries (a preview writes no ledger).</summary>
    public static Task<LoadedBillingData> LoadForPreviewAsync(TenantDbContext db, BillingPeriod period, CancellationToken ct = default) =>
        LoadAsync(db, period, keepRows: false, ct);

    private static async Task<LoadedBillingData> LoadAsync(TenantDbContext db, BillingPeriod period, bool keepRows, CancellationToken ct)
    {
        var settings = await db.Settings.AsNoTracking().SingleAsync(ct);
        var holidays = await db.Holidays.AsNoTracking().Select(h => h.Date).ToListAsync(ct);
        var glDefault = settings.DefaultGlAccountId is { } glId
            ? await db.GlAccounts.Where(g => g.Id == glId).Select(g => g.Code).SingleOrDefaultAsync(ct)
            : null;
        var days = settings.BusinessDays.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => (DayOfWeek)(int.Parse(d, System.Globalization.CultureInfo.InvariantCulture) % 7));
        var tenant = new TenantSettings(
            settings.Currency,
            settings.TimeZone,
            new BusinessHours(days, settings.BusinessStart.ToTimeSpan(), EndOfWindow(settings.BusinessEnd)),
            holidays,
            new TierMultipliers(settings.NormalMultiplier, settings.AfterHoursMultiplier, settings.WeekendMultiplier),
            settings.DefaultHourlyRate,
            settings.TimeIncrementMinutes,
            glDefault ?? Psa.Domain.Settings.WorkspaceDefaults.DefaultGlAccount);

        var workTypes = await db.WorkTypes.AsNoTracking().Select(w => new WorkType(w.Code, w.Taxable)).ToListAsync(ct);
        var products = await db.Products.AsNoTracking().ToListAsync(ct);
        var clients = await db.Clients.AsNoTracking().Select(c => new { c.Id, c.Code, c.Name, c.TaxRate, c.HourlyRate }).ToListAsync(ct);
        var clientCodes = clients.ToDictionary(c => c.Id, c => c.Code);
        var engineers = await db.Engineers.AsNoTracking().Select(e => new { e.Id, e.Code, e.Name, e.CostRate }).ToListAsync(ct);
        var engineerCodes = engineers.ToDictionary(e => e.Id, e => e.Code);

        var agreements = await db.Agreements.AsNoTracking().Include(a => a.Lines).ThenInclude(l => l.Quantities)
            .OrderBy(a => a.Sequence).ThenBy(a => a.Code).ToListAsync(ct);
        var agreementCodes = agreements.ToDictionary(a => a.Id, a => a.Code);
        var blockIds = agreements.Where(a => a.IsBlock).Select(a => a.Id).ToList();
        var periodText = period.ToString();
        var snapshots = await db.BlockBalances.AsNoTracking()
            .Where(s => blockIds.Contains(s.AgreementId) && string.Compare(s.Period, periodText) <= 0)
            .ToListAsync(ct);

        var data = new LoadedBillingData(keepRows);
        var engineAgreements = new List<Agreement>(agreements.Count);
        foreach (var a in agreements)
        {
            data.Agreements[a.Code] = a;
            var parent = a.ParentId is { } p ? agreementCodes.GetValueOrDefault(p) : null;
            if (!a.IsBlock)
            {
                engineAgreements.Add(a.ToBillingAgreement(clientCodes[a.ClientId], parent));
                continue;
            }

            var own = snapshots.Where(s => s.AgreementId == a.Id).OrderByDescending(s => s.Period, StringComparer.Ordinal).FirstOrDefault();
            if (own is null)
            {
                engineAgreements.Add(a.ToBillingAgreement(clientCodes[a.ClientId], parent));
                continue;
            }

            // Balances are kept in the engine's unit (minutes for hour blocks); the input is in the block's unit.
            var opening = a.Type == AgreementType.PrepaidHours ? own.Remaining / 60m : own.Remaining;
            var continuing = own.Period == periodText;
            if (continuing)
            {
                data.ContinuingBlocks.Add(a.Id);
            }

            engineAgreements.Add(a.ToBillingAgreement(clientCodes[a.ClientId], parent, opening, continuing ? BlockRefresh.None : null));
        }

        var glRules = await db.GlMappingRules.AsNoTracking().OrderBy(r => r.Sequence).ToListAsync(ct);

        var nextPeriodStart = period.LastDay.AddDays(1).ToDateTime(TimeOnly.MinValue);
        // Streamed straight into the engine's records: no list of rows beside the list of entries.
        var projectIds = await db.Projects.AsNoTracking().Select(p => new { p.Id, p.Code }).ToDictionaryAsync(p => p.Id, p => p.Code, ct);
        var entries = db.TimeEntries.AsNoTracking()
            .Where(e => e.Billable && e.Start < nextPeriodStart && !db.BilledSources.Any(b => b.TimeEntryId == e.Id))
            .Select(e => new { e.Id, e.Code, e.ClientId, e.EngineerId, e.WorkTypeCode, e.Start, e.Minutes, e.Approval, e.AgreementId, e.ProjectId, e.TicketId })
            .AsAsyncEnumerable();
        // Each row brings its own copy of the work type's code: the entries keep the workspace's one copy instead,
        // so 200,000 entries hold a handful of strings, not 200,000.
        var workTypeCodes = workTypes.ToDictionary(w => w.Id, w => w.Id, StringComparer.Ordinal);
        var onTickets = new List<(string Id, Guid TicketId)>();
        await foreach (var e in entries.WithCancellation(ct))
        {
            var id = e.Code ?? e.Id.ToString("N");
            if (e.TicketId is { } ticketId)
            {
                onTickets.Add((id, ticketId));
            }

            if (!workTypeCodes.TryGetValue(e.WorkTypeCode, out var workType))
            {
                workType = e.WorkTypeCode;
                workTypeCodes[workType] = workType;
            }

            data.AddEntry(new BillingTimeEntry(id, clientCodes[e.ClientId], engineerCodes.GetValueOrDefault(e.EngineerId), workType, e.Start, e.Minutes,
                Billable: true, e.Approval == ApprovalState.Approved, Invoiced: false,
                e.AgreementId is { } ag ? agreementCodes.GetValueOrDefault(ag) : null,
                e.ProjectId is { } pr ? projectIds.GetValueOrDefault(pr) : null), e.Id);
        }

        if (onTickets.Count > 0)
        {
            var ticketIds = onTickets.Select(t => t.TicketId).Distinct().ToList();
            var tickets = await db.Tickets.AsNoTracking().Where(t => ticketIds.Contains(t.Id)).Select(t => new { t.Id, t.Number, t.Title }).ToDictionaryAsync(t => t.Id, ct);
            foreach (var (id, ticketId) in onTickets)
            {
                if (tickets.TryGetValue(ticketId, out var ticket))
                {
                    // Invoice descriptions hold 300 characters; a long title is shortened, the number never is.
                    data.TicketLabels[id] = $"{Psa.Domain.ServiceDesk.TicketText.Reference(ticket.Number)} {(ticket.Title.Length > 120 ? ticket.Title[..119] + "…" : ticket.Title)}";
                }
            }
        }

        var projectKeys = await db.BilledSources.AsNoTracking()
            .Where(b => b.Key.StartsWith("project:") || b.Key.StartsWith("milestone:"))
            .Select(b => b.Key).ToListAsync(ct);
        var billedProjectMinutes = await db.BilledSources.AsNoTracking()
            .Where(b => b.Origin == "run" && b.TimeEntryId != null)
            .Join(db.TimeEntries.Where(t => t.ProjectId != null), b => b.TimeEntryId, t => t.Id, (b, t) => new { t.ProjectId, b.Minutes })
            .GroupBy(x => x.ProjectId)
            .Select(g => new { ProjectId = g.Key!.Value, Minutes = g.Sum(x => x.Minutes) })
            .ToDictionaryAsync(x => x.ProjectId, x => x.Minutes, ct);
        var projects = await db.Projects.AsNoTracking().ToListAsync(ct);
        var profiles = await db.ProjectBillingProfiles.AsNoTracking().ToDictionaryAsync(p => p.ProjectId, ct);
        var references = await db.MilestoneReferences.AsNoTracking().ToDictionaryAsync(m => m.PhaseId, m => m.Code, ct);
        var phases = await db.ProjectPhases.AsNoTracking()
            .Where(p => p.MilestoneAmount != null || p.MilestonePercent != null || db.MilestoneReferences.Any(m => m.PhaseId == p.Id))
            .ToListAsync(ct);
        var engineProjects = new List<BillingProject>(projects.Count);
        foreach (var p in projects.OrderBy(p => profiles.GetValueOrDefault(p.Id)?.Sequence ?? int.MaxValue).ThenBy(p => p.Code, StringComparer.Ordinal))
        {
            data.Projects[p.Code] = p.Id;
            data.ProjectNames[p.Code] = p.Name;
            var milestones = phases.Where(m => m.ProjectId == p.Id).OrderBy(m => m.Order).Select(m =>
            {
                var id = references.GetValueOrDefault(m.Id) ?? m.Code ?? m.Id.ToString("N");
                data.Milestones[$"{p.Code}/{id}"] = m.Id;
                return new Milestone(id, m.Name, m.MilestoneAmount, m.MilestonePercent, m.CompletedOn,
                    projectKeys.Contains(BilledSource.MilestoneKey(m.Id)));
            }).ToList();
            var kinds = projectKeys.Where(k => k.StartsWith($"project:{p.Id:N}:", StringComparison.Ordinal))
                .Select(k => k[(k.LastIndexOf(':') + 1)..]).ToHashSet(StringComparer.Ordinal);
            var billedBefore = profiles.TryGetValue(p.Id, out var profile) ? profile.BilledHoursBefore : (decimal?)null;
            if (billedProjectMinutes.TryGetValue(p.Id, out var minutes))
            {
                billedBefore = (billedBefore ?? 0m) + (minutes / 60m);
            }

            engineProjects.Add(new BillingProject(p.Code, clientCodes[p.ClientId], ToBilling(p.BillingModel), p.Value, p.AcceptedOn, p.CompletedOn,
                p.DepositPercent, milestones, p.BudgetHours, billedBefore, p.InvoiceGroup, p.Taxable, kinds));
        }

        var periodKeys = await db.BilledSources.AsNoTracking()
            .Where(b => b.Key.StartsWith("recurring:") || b.Key.StartsWith("block:"))
            .Where(b => b.Key.Contains(":" + periodText))
            .Select(b => b.Key).ToListAsync(ct);
        data.BilledKeys.UnionWith(periodKeys);

        foreach (var product in products)
        {
            data.ProductNames[product.Code] = product.Name;
        }

        foreach (var c in clients)
        {
            data.Clients[c.Code] = c.Id;
        }

        data.Input = new BillingInput(
            tenant,
            workTypes,
            products.Select(p => new Product(p.Code, p.Name, p.Taxable)).ToList(),
            clients.Select(c => new BillingClient(c.Code, c.Name, c.TaxRate, c.HourlyRate)).ToList(),
            engineers.Select(e => new BillingEngineer(e.Code, e.Name, e.CostRate)).ToList(),
            engineAgreements,
            glRules.Select(r => new GlRule(r.ClientId is { } c ? clientCodes.GetValueOrDefault(c) : null, r.AgreementType, r.Item, r.Account)).ToList(),
            data.Entries,
            engineProjects,
            period);
        return data;
    }

    public static ProjectBilling ToBilling(ProjectBillingModel model) => model switch
    {
        ProjectBillingModel.Upfront => ProjectBilling.Upfront,
        ProjectBillingModel.Deposit => ProjectBilling.Deposit,
        ProjectBillingModel.Milestone => ProjectBilling.Milestone,
        _ => ProjectBilling.AsWorked,
    };
}
