using Microsoft.EntityFrameworkCore;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Ledger;
using Psa.Domain.Contracts;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Billing;

public sealed record BillingOverview(string NextRun, string NextRunPeriod, int Agreements);

public sealed record BlockBalanceRow(string Agreement, string Client, AgreementType Type, string Period, decimal Remaining, decimal Expired, string Unit);

/// <summary>A block agreement with its balance per period, every purchase or renewal that topped it up, and every entry deducted from it.</summary>
public sealed record BlockAccount(Guid AgreementId, string Agreement, string Client, AgreementType Type, string Unit, decimal Opening,
    IReadOnlyList<BlockBalanceRow> Periods, IReadOnlyList<BlockDeductionRow> Deductions)
{
    /// <summary>What people call it: its name, or its type when it was named after its code.</summary>
    public string Title { get; init; } = Agreement;

    public IReadOnlyList<BlockTopUpRow> TopUps { get; init; } = [];
}

/// <summary>A block bought or renewed: the invoice line that sold it.</summary>
public sealed record BlockTopUpRow(DateOnly? Date, string Period, string Description, decimal Quantity, decimal Amount, Guid InvoiceId, string InvoiceNumber);

/// <summary>One covered time entry's deduction: hours for an hour block, money for an amount block; the invoice of that period's run.</summary>
public sealed record BlockDeductionRow(Guid EntryId, DateTime Date, string Engineer, string WorkType, decimal Hours, decimal Deducted, decimal BalanceAfter, string Period,
    Guid? InvoiceId, string? InvoiceNumber);

public sealed record GlRuleRow(Guid Id, string? Client, string? AgreementType, string? Item, string Account);

/// <summary>Read models for the billing area: dashboard figures, block balance history, GL rules and their tester.</summary>
public sealed class BillingOverviewService(TenantDbContextFactory factory, TenantContext tenant, TimeProvider time)
{
    public async Task<BillingOverview> GetAsync(CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var preferences = await db.BillingPreferences.AsNoTracking().SingleOrDefaultAsync(ct) ?? new BillingPreferences();
        var zone = await BillingScheduler.ZoneAsync(db, tenant.Required, ct);
        var localNow = TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime;
        var next = BillingSchedule.NextRun(preferences, localNow);
        var billed = BillingPeriod.Containing(DateOnly.FromDateTime(next).AddDays(-next.Day));
        var lastPeriod = BillingPeriod.Containing(DateOnly.FromDateTime(localNow).AddDays(-localNow.Day));
        return new BillingOverview(
            preferences.ScheduleEnabled ? $"{next:ddd d MMM yyyy HH:mm} ({zone.Id})" : "Schedule off",
            preferences.ScheduleEnabled ? billed.ToString() : lastPeriod.ToString(),
            await db.Agreements.CountAsync(ct));
    }

    public async Task<IReadOnlyList<BlockBalanceRow>> BlockHistoryAsync(CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var currency = await db.Settings.Select(s => s.Currency).SingleAsync(ct);
        var rows = await db.Agreements.AsNoTracking().Where(a => a.Type == AgreementType.PrepaidHours || a.Type == AgreementType.PrepaidAmount)
            .Join(db.Clients, a => a.ClientId, c => c.Id, (a, c) => new { a, c.Name })
            .ToListAsync(ct);
        var snapshots = await db.BlockBalances.AsNoTracking().ToListAsync(ct);
        var result = new List<BlockBalanceRow>();
        foreach (var r in rows.OrderBy(r => r.a.Code, StringComparer.Ordinal))
        {
            var hours = r.a.Type == AgreementType.PrepaidHours;
            result.Add(new BlockBalanceRow(r.a.Code, r.Name, r.a.Type, "opening", r.a.OpeningBalance, 0, hours ? "hours" : currency));
            result.AddRange(snapshots.Where(s => s.AgreementId == r.a.Id).OrderBy(s => s.Period, StringComparer.Ordinal)
                .Select(s => new BlockBalanceRow(r.a.Code, r.Name, r.a.Type, s.Period, hours ? s.Remaining / 60m : s.Remaining, hours ? s.Expired / 60m : s.Expired, hours ? "hours" : currency)));
        }

        return result;
    }

    /// <summary>Every block agreement with its period balances and per-entry deduction history (newest first).</summary>
    public async Task<IReadOnlyList<BlockAccount>> BlockAccountsAsync(CancellationToken ct = default)
    {
        var history = await BlockHistoryAsync(ct);
        await using var db = factory.Create();
        var currency = await db.Settings.Select(s => s.Currency).SingleAsync(ct);
        var agreements = await db.Agreements.AsNoTracking().Where(a => a.Type == AgreementType.PrepaidHours || a.Type == AgreementType.PrepaidAmount)
            .Join(db.Clients, a => a.ClientId, c => c.Id, (a, c) => new { a.Id, a.Code, a.Name, a.Type, a.OpeningBalance, a.ClientId, Client = c.Name })
            .ToListAsync(ct);
        var ids = agreements.Select(a => a.Id).ToList();
        var purchases = await db.Invoices.AsNoTracking().Include(i => i.Lines)
            .Where(i => !i.IsCreditNote && i.Status != Psa.Domain.Billing.Ledger.InvoiceStatus.Void && i.Lines.Any(l => l.Kind == "block_purchase"))
            .ToListAsync(ct);
        var purchaseRunIds = purchases.Where(i => i.BillingRunId != null).Select(i => i.BillingRunId!.Value).Distinct().ToList();
        var purchasePeriods = await db.BillingRuns.AsNoTracking().Where(r => purchaseRunIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Period, ct);
        var deductions = await db.BilledSources.AsNoTracking().Where(b => b.BlockAgreementId != null && ids.Contains(b.BlockAgreementId.Value))
            .Join(db.TimeEntries, b => b.TimeEntryId, e => e.Id, (b, e) => new { b, e.Start, e.Minutes, e.EngineerId, e.WorkTypeCode, e.TicketId })
            .ToListAsync(ct);
        var ticketIds = deductions.Where(d => d.TicketId != null).Select(d => d.TicketId!.Value).Distinct().ToList();
        var tickets = await db.Tickets.AsNoTracking().Where(t => ticketIds.Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, t => $"Ticket {Psa.Domain.ServiceDesk.TicketText.Reference(t.Number)} {t.Title}", ct);
        var engineers = await db.Engineers.AsNoTracking().ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        var runIds = deductions.Select(d => d.b.BillingRunId).Distinct().ToList();
        var runs = await db.BillingRuns.AsNoTracking().Where(r => runIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Period, ct);
        var invoices = await db.Invoices.AsNoTracking().Include(i => i.Lines)
            .Where(i => i.BillingRunId != null && runIds.Contains(i.BillingRunId) && !i.IsCreditNote).ToListAsync(ct);

        var result = new List<BlockAccount>();
        foreach (var a in agreements.OrderBy(a => a.Code, StringComparer.Ordinal))
        {
            var hours = a.Type == AgreementType.PrepaidHours;
            var rows = deductions.Where(d => d.b.BlockAgreementId == a.Id)
                .OrderByDescending(d => d.Start).ThenByDescending(d => d.b.TimeEntryId)
                .Select(d =>
                {
                    var invoice = invoices.FirstOrDefault(i => i.Id == d.b.InvoiceId)
                        ?? invoices.FirstOrDefault(i => i.BillingRunId == d.b.BillingRunId && i.ClientId == a.ClientId && i.Lines.Any(l => l.SourceList.Contains(a.Code)))
                        ?? invoices.Where(i => i.BillingRunId == d.b.BillingRunId && i.ClientId == a.ClientId).Take(2).ToList() switch { [var only] => only, _ => null };
                    var deducted = d.b.BlockDeducted ?? 0m;
                    var after = d.b.BlockBalanceAfter ?? 0m;
                    return new BlockDeductionRow(d.b.TimeEntryId!.Value, d.Start, engineers.GetValueOrDefault(d.EngineerId, "?"),
                        d.TicketId is { } t && tickets.TryGetValue(t, out var ticket) ? $"{d.WorkTypeCode} · {ticket}" : d.WorkTypeCode, d.Minutes / 60m,
                        hours ? deducted / 60m : deducted, hours ? after / 60m : after,
                        d.b.BillingRunId is { } run ? runs.GetValueOrDefault(run, string.Empty) : string.Empty, invoice?.Id, invoice?.DisplayNumber);
                }).ToList();
            var topUps = purchases
                .SelectMany(i => i.Lines.Where(l => l.Kind == "block_purchase" && i.ClientId == a.ClientId && (l.Section == a.Code || l.SourceList.Contains(a.Code)))
                    .Select(l => new BlockTopUpRow(i.IssuedOn, i.BillingRunId is { } run ? purchasePeriods.GetValueOrDefault(run, string.Empty) : string.Empty,
                        l.Description, l.Quantity, l.Amount, i.Id, i.DisplayNumber)))
                .OrderByDescending(t => t.Period, StringComparer.Ordinal).ThenByDescending(t => t.Date)
                .ToList();
            result.Add(new BlockAccount(a.Id, a.Code, a.Client, a.Type, hours ? "hours" : currency, a.OpeningBalance,
                history.Where(h => h.Agreement == a.Code).ToList(), rows)
            {
                Title = BillingText.AgreementTitle(a.Code, a.Name, a.Type),
                TopUps = topUps,
            });
        }

        return result;
    }

    public async Task<IReadOnlyList<GlRuleRow>> GlRulesAsync(CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var clients = await db.Clients.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        return (await db.GlMappingRules.AsNoTracking().OrderBy(r => r.Sequence).ToListAsync(ct))
            .Select(r => new GlRuleRow(r.Id, r.ClientId is { } c ? clients.GetValueOrDefault(c) : null, r.AgreementType, r.Item, r.Account)).ToList();
    }

    public async Task AddGlRuleAsync(string? clientCode, string? agreementType, string? item, string account, CancellationToken ct = default)
    {
        await using var db = factory.Create();
        Guid? clientId = null;
        if (!string.IsNullOrWhiteSpace(clientCode))
        {
            clientId = await db.Clients.Where(c => c.Code == clientCode).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(ct)
                ?? throw new Psa.Domain.DomainException($"No client '{clientCode}'.", "Client");
        }

        var rule = GlMappingRule.Create(clientId, string.IsNullOrWhiteSpace(agreementType) ? null : agreementType, item, account);
        rule.Sequence = (await db.GlMappingRules.Select(r => (int?)r.Sequence).MaxAsync(ct) ?? 0) + 1;
        db.GlMappingRules.Add(rule);
        await db.SaveChangesAsync(ct);
    }

    public async Task DeleteGlRuleAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = factory.Create();
        await db.GlMappingRules.Where(r => r.Id == id).ExecuteDeleteAsync(ct);
    }

    /// <summary>"Which account would this line get": the engine's own resolver over the stored rules.</summary>
    public async Task<string> ResolveGlAsync(string? clientCode, string agreementType, string item, CancellationToken ct = default)
    {
        var rules = (await GlRulesAsync(ct)).Select(r => new GlRule(r.Client, r.AgreementType, r.Item, r.Account)).ToList();
        await using var db = factory.Create();
        var defaultId = await db.Settings.Select(s => s.DefaultGlAccountId).SingleAsync(ct);
        var fallback = await db.GlAccounts.Where(g => g.Id == defaultId).Select(g => g.Code).SingleOrDefaultAsync(ct) ?? Psa.Domain.Settings.WorkspaceDefaults.DefaultGlAccount;
        return new Psa.Domain.Billing.Rules.GlAccountResolver(rules, fallback).Resolve(clientCode ?? string.Empty, agreementType, item);
    }
}
