using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Accounting;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Ledger;
using Psa.Domain.Identity;
using Psa.Domain.Notifications;
using Psa.Domain.Projects;
using Psa.Domain.Quotes;
using Psa.Domain.Reconciliation;
using Psa.Domain.TimeTracking;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Projects;
using Psa.Web.Live;

namespace Psa.Web.Reconciliation;

public sealed record FindingView(Guid Id, string Code, string ClientCode, string Ref, decimal Amount, string Detail, string Link, FindingStatus Status,
    DateTimeOffset FirstSeenUtc, string? Reason, string? DecidedBy);

public sealed record ReconciliationOutcome(DateOnly AsOf, int Found, int New, int Cleared);

/// <summary>
/// Runs the reconciliation rules (Psa.Domain/Reconciliation, docs/reconciliation.md) over the workspace
/// and keeps the findings: new ones open and the Billing role is told, ones found again follow the
/// data, ones no longer found are resolved. People resolve or dismiss the rest.
/// </summary>
public sealed class ReconciliationService(TenantDbContextFactory factory, TenantContext tenant, TimeProvider time, WorkspaceLive live)
{

    public DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), WorkspaceClock.ZoneOf(tenant.Required.TimeZone)).DateTime);

    /// <summary>The findings as of a day, computed and not stored (the CLI's <c>reconcile</c>).</summary>
    public async Task<IReadOnlyList<FindingDraft>> EvaluateAsync(DateOnly asOf, CancellationToken ct = default)
    {
        await using var db = factory.Create();
        return ReconciliationRules.Evaluate(await LoadAsync(db, asOf, ct));
    }

    /// <summary>Unbilled, unapproved and overdue money as of today, by the findings' own rules (the dashboard).</summary>
    public async Task<MoneyAtRisk> AtRiskAsync(CancellationToken ct = default)
    {
        await using var db = factory.Create();
        return ReconciliationRules.AtRisk(await LoadAsync(db, Today(), ct));
    }

    public async Task<ReconciliationOutcome> RunAsync(CancellationToken ct = default)
    {
        var asOf = Today();
        var now = time.GetUtcNow();
        await using var db = factory.Create();
        var drafts = ReconciliationRules.Evaluate(await LoadAsync(db, asOf, ct));
        var existing = await db.ReconciliationFindings.ToDictionaryAsync(f => f.Key, StringComparer.Ordinal, ct);
        var found = new HashSet<string>(StringComparer.Ordinal);
        var fresh = new List<ReconciliationFinding>();
        foreach (var draft in drafts)
        {
            var key = ReconciliationFinding.KeyOf(draft.Code, draft.ClientCode, draft.Ref);
            found.Add(key);
            if (existing.TryGetValue(key, out var finding))
            {
                if (finding.SeenAgain(draft, now))
                {
                    fresh.Add(finding);
                }
            }
            else
            {
                finding = ReconciliationFinding.Raise(draft, now);
                db.ReconciliationFindings.Add(finding);
                existing[key] = finding;
                fresh.Add(finding);
            }
        }

        var cleared = 0;
        foreach (var finding in existing.Values.Where(f => f.Status == FindingStatus.Open && !found.Contains(f.Key)))
        {
            finding.Cleared(now);
            cleared++;
        }

        if (fresh.Count > 0)
        {
            await NotifyBillingAsync(db, fresh, now, ct);
        }

        await db.SaveChangesAsync(ct);
        live.Publish(LiveTopics.Reconciliation);
        return new ReconciliationOutcome(asOf, drafts.Count, fresh.Count, cleared);
    }

    public async Task<IReadOnlyList<FindingView>> ListAsync(string? code = null, FindingStatus? status = null, string? client = null, CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var query = db.ReconciliationFindings.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(code))
        {
            query = query.Where(f => f.Code == code);
        }

        if (status is { } s)
        {
            query = query.Where(f => f.Status == s);
        }

        if (!string.IsNullOrWhiteSpace(client))
        {
            query = query.Where(f => f.ClientCode == client);
        }

        var rows = await query.ToListAsync(ct);
        return rows.OrderBy(f => f.Status).ThenBy(f => FindingCodes.All.ToList().IndexOf(f.Code)).ThenByDescending(f => Math.Abs(f.Amount))
            .ThenBy(f => f.Ref, StringComparer.Ordinal)
            .Select(f => new FindingView(f.Id, f.Code, f.ClientCode, f.Ref, f.Amount, f.Detail, f.Link, f.Status, f.FirstSeenUtc, f.Reason, f.DecidedBy)).ToList();
    }

    /// <summary>Open findings per code: how many and how much.</summary>
    public async Task<IReadOnlyDictionary<string, (int Count, decimal Amount)>> OpenCountsAsync(CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var open = await db.ReconciliationFindings.AsNoTracking().Where(f => f.Status == FindingStatus.Open).Select(f => new { f.Code, f.Amount }).ToListAsync(ct);
        return FindingCodes.All.ToDictionary(c => c, c => (open.Count(f => f.Code == c), open.Where(f => f.Code == c).Sum(f => f.Amount)), StringComparer.Ordinal);
    }

    public Task ResolveAsync(Guid id, string by, string? note, CancellationToken ct = default) => DecideAsync(id, f => f.Resolve(by, note, time.GetUtcNow()), ct);

    public Task DismissAsync(Guid id, string by, string reason, CancellationToken ct = default) => DecideAsync(id, f => f.Dismiss(by, reason, time.GetUtcNow()), ct);

    private async Task DecideAsync(Guid id, Action<ReconciliationFinding> decide, CancellationToken ct)
    {
        await using var db = factory.Create();
        var finding = await db.ReconciliationFindings.SingleOrDefaultAsync(f => f.Id == id, ct) ?? throw new DomainException("No such finding.", "Finding");
        decide(finding);
        await db.SaveChangesAsync(ct);
        live.Publish(LiveTopics.Reconciliation);
    }

    private async Task NotifyBillingAsync(TenantDbContext db, IReadOnlyList<ReconciliationFinding> fresh, DateTimeOffset now, CancellationToken ct)
    {
        var billing = await db.UserRoles.Join(db.Roles.Where(r => r.Name == StaffRoles.Billing), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId).Distinct().ToListAsync(ct);
        var summary = string.Join(", ", fresh.GroupBy(f => f.Code).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
        foreach (var userId in billing)
        {
            db.Notifications.Add(Notification.Create(userId, $"{fresh.Count} new reconciliation finding{(fresh.Count == 1 ? "" : "s")}", summary, "/reconciliation", now));
            db.PublishOnCommit(LiveTopics.Notifications(userId));
        }
    }

    private static async Task<ReconciliationInput> LoadAsync(TenantDbContext db, DateOnly asOf, CancellationToken ct)
    {
        var settings = await db.ReconciliationSettings.AsNoTracking().SingleOrDefaultAsync(ct) ?? new ReconciliationSettings();
        var defaultRate = await db.Settings.Select(s => (decimal?)s.DefaultHourlyRate).SingleOrDefaultAsync(ct) ?? 125m;
        var clients = await db.Clients.AsNoTracking().Select(c => new { c.Id, c.Code, c.Name, c.HourlyRate }).ToListAsync(ct);
        var agreementEntities = await db.Agreements.AsNoTracking().Include(a => a.Lines).ThenInclude(l => l.Quantities).ToListAsync(ct);
        var agreementRates = agreementEntities.ToDictionary(a => a.Id, a => a.HourlyRate);
        var clientRates = clients.ToDictionary(c => c.Id, c => c.HourlyRate);
        var settled = (await db.BilledSources.Where(b => b.TimeEntryId != null).Select(b => b.TimeEntryId!.Value).ToListAsync(ct)).ToHashSet();
        var entries = (await db.TimeEntries.AsNoTracking().Where(e => e.Billable)
                .Select(e => new { e.Id, e.Code, e.ClientId, e.AgreementId, e.Start, e.Minutes, e.Billable, e.Approval }).ToListAsync(ct))
            .Select(e => new ReconEntry(e.Id, e.Code, e.ClientId, DateOnly.FromDateTime(e.Start), e.Minutes, e.Billable, e.Approval == ApprovalState.Approved, settled.Contains(e.Id),
                (e.AgreementId is { } a ? agreementRates.GetValueOrDefault(a) : null) ?? clientRates.GetValueOrDefault(e.ClientId) ?? defaultRate))
            .ToList();
        var billed = (await db.BillingRuns.Where(r => r.Status == BillingRunStatus.Completed).Select(r => r.Period).Distinct().ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var agreements = agreementEntities.Select(a => new ReconAgreement(a.Id, a.Code, a.ClientId, a.Type == AgreementType.Recurring, a.StartDate, a.EndDate,
            a.Lines.Select(l => new ReconAgreementLine(l.UnitPrice, l.Quantities.Select(q => new ReconQuantity(q.From, q.Quantity)).ToList())).ToList())).ToList();
        // A declined renewal quote leaves the agreement as unrenewed as no quote at all.
        var renewals = (await db.Quotes.Where(q => q.RenewsAgreementId != null && q.Status != QuoteStatus.Declined).Select(q => q.RenewsAgreementId!.Value).ToListAsync(ct)).ToHashSet();
        var projects = await db.Projects.AsNoTracking().Select(p => new ReconProject(p.ClientId, p.StartDate, p.EndDate, p.Status == ProjectStatus.Active)).ToListAsync(ct);
        var xero = await db.XeroDocuments.AsNoTracking().ToListAsync(ct);
        var xeroByDocument = xero.Where(x => x.PsaDocumentId != null).ToDictionary(x => x.PsaDocumentId!.Value);
        var invoices = (await db.Invoices.AsNoTracking().Include(i => i.Lines).Where(i => i.Status != InvoiceStatus.Draft && i.Status != InvoiceStatus.Approved).ToListAsync(ct))
            .Select(i => new ReconInvoice(i.Id, i.DisplayNumber, i.ClientId, i.IsCreditNote, i.Status.ToString(), i.Period, i.IssuedOn, i.DueOn, i.Total,
                i.Lines.Select(l => new ReconInvoiceLine(l.Kind, l.Section, l.Amount)).ToList(),
                xeroByDocument.TryGetValue(i.Id, out var x) ? new ReconXero(x.XeroId is not null, x.Status, x.Total, x.AmountDue) : null))
            .ToList();
        var xeroOnly = xero.Where(x => x.PsaDocumentId is null && !x.IsCreditNote && x.ClientId is not null)
            .Select(x => new ReconXeroOnly(x.Number ?? x.Reference ?? x.XeroId.ToString()!, x.ClientId!.Value, x.Status, x.Date, x.Total)).ToList();
        var connected = await db.XeroConnections.AnyAsync(c => c.Status == XeroConnectionStatus.Connected, ct);
        return new ReconciliationInput(asOf, settings, clients.Select(c => new ReconClient(c.Id, c.Code, c.Name)).ToList(), entries, billed, agreements, renewals, projects,
            invoices, xeroOnly, connected);
    }
}
