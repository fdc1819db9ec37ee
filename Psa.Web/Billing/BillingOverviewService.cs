using Microsoft.EntityFrameworkCore;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Ledger;
using Psa.Domain.Contracts;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Billing;

public sealed record BillingOverview(string NextRun, string NextRunPeriod, int Agreements);

public sealed record BlockBalanceRow(string Agreement, string Client, AgreementType Type, string Period, decimal Remaining, decimal Expired, string Unit);

public sealed record GlRuleRow(Guid Id, string? Client, string? AgreementType, string? Item, string Account);

/// <summary>Read models for the billing area: dashboard figures, block balance history, GL rules and their tester.</summary>
public sealed class BillingOverviewService(TenantDbContextFactory factory, TenantContext tenant, TimeProvider time)
{
    public async Task<BillingOverview> GetAsync(CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var preferences = await db.BillingPreferences.AsNoTracking().SingleOrDefaultAsync(ct) ?? new BillingPreferences();
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(tenant.Required.TimeZone, out var z) ? z : TimeZoneInfo.Utc;
        var localNow = TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime;
        var next = BillingSchedule.NextRun(preferences, localNow);
        var billed = BillingPeriod.Containing(DateOnly.FromDateTime(next).AddDays(-next.Day));
        var lastPeriod = BillingPeriod.Containing(DateOnly.FromDateTime(localNow).AddDays(-localNow.Day));
        return new BillingOverview(
            preferences.ScheduleEnabled ? $"{next:ddd d MMM yyyy HH:mm} ({tenant.Required.TimeZone})" : "Schedule off",
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
