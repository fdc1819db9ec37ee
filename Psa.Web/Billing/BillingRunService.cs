using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Ledger;
using Psa.Domain.Billing.Rules;
using Psa.Domain.Billing.Tiers;
using Psa.Domain.Common;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Infrastructure.Telemetry;
using Psa.Web.Live;

namespace Psa.Web.Billing;

/// <summary>Lets a test break a run between two invoices, to prove a re-run bills everything once.</summary>
public interface IBillingRunObserver
{
    Task InvoiceStagedAsync(int index, CancellationToken cancellationToken);
}

/// <summary>A finished (or previewed) run: the engine's result after already-billed sources were removed.</summary>
public sealed record BillingRunSummary(Guid Id, string Period, string Trigger, DateTimeOffset StartedUtc, DateTimeOffset? CompletedUtc,
    string Status, int InvoiceCount, decimal Total, string? Failure, IReadOnlyList<BillingWarning> Warnings);

/// <summary>A run's result; <see cref="Joined"/> counts the invoices whose lines joined an existing draft instead of a new one.</summary>
public sealed record BillingRunOutcome(BillingResult Result, Guid? RunId, IReadOnlyList<Guid> InvoiceIds, int Joined = 0);

/// <summary>
/// The billing run, the only way invoices are produced: load the workspace's data for the period
/// (<see cref="BillingInputLoader"/>), run <see cref="BillingEngine"/>, drop what the ledger says was
/// billed already, and (unless previewing) store drafts, ledger keys, balances and warnings in one
/// transaction. The scenario preview uses exactly this code on a throwaway workspace.
/// </summary>
public sealed class BillingRunService(
    TenantDbContextFactory factory,
    TenantContext tenant,
    TimeProvider time,
    WorkspaceLive live,
    IEnumerable<IBillingRunObserver> observers,
    Psa.Web.Audit.AuditTrail audit)
{

    public async Task<BillingRunOutcome> PreviewAsync(BillingPeriod period, CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var data = await BillingInputLoader.LoadForPreviewAsync(db, period, ct);
        return new BillingRunOutcome(Filter(BillingEngine.Run(data.Input), data), null, []);
    }

    /// <summary>A preview with the input changed first (the agreement editor swaps in its unsaved agreement).</summary>
    public async Task<BillingResult> PreviewWithAsync(BillingPeriod period, Func<BillingInput, BillingInput> change, CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var data = await BillingInputLoader.LoadForPreviewAsync(db, period, ct);
        var input = change(data.Input);
        foreach (var agreement in input.Agreements.Where(a => !data.Agreements.ContainsKey(a.Id)))
        {
            data.Agreements[agreement.Id] = Psa.Domain.Contracts.ServiceAgreement.Create(agreement.Id, Guid.Empty, agreement.Type, agreement.Start);
        }

        data.Input = input;
        return Filter(BillingEngine.Run(data.Input), data);
    }

    public async Task<BillingRunOutcome> RunAsync(BillingPeriod period, string trigger, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var record = new BillingRunRecord { Period = period.ToString(), Trigger = trigger, StartedUtc = now, Status = BillingRunStatus.Running };
        await using (var db = factory.Create())
        {
            db.BillingRuns.Add(record);
            await db.SaveChangesAsync(ct);
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var outcome = await BillAsync(period, record.Id, ct);
            PsaMetrics.RecordBillingRun(started, completed: true, outcome.InvoiceIds.Count);
            live.Publish(LiveTopics.Billing);
            return outcome;
        }
        catch (Exception ex)
        {
            PsaMetrics.RecordBillingRun(started, completed: false, 0);
            await using var db = factory.Create();
            var failed = await db.BillingRuns.SingleAsync(r => r.Id == record.Id, CancellationToken.None);
            failed.Status = BillingRunStatus.Failed;
            failed.CompletedUtc = time.GetUtcNow();
            failed.Failure = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Raises a draft invoice for one completed milestone at once (the portal's sign-off, when the workspace
    /// chose so): an ordinary run for the current month whose input holds only that milestone's project with
    /// only that milestone, so pricing, ledger keys and numbering are exactly those of the scheduled run, and
    /// the scheduled run never bills it again. Returns the draft invoice, or null when there was nothing to bill.
    /// </summary>
    public async Task<Guid?> RaiseMilestoneAsync(Guid phaseId, string trigger, CancellationToken ct = default)
    {
        string projectCode, milestoneId;
        await using (var db = factory.Create())
        {
            var phase = await db.ProjectPhases.AsNoTracking().SingleAsync(p => p.Id == phaseId, ct);
            projectCode = await db.Projects.Where(p => p.Id == phase.ProjectId).Select(p => p.Code).SingleAsync(ct);
            milestoneId = await db.MilestoneReferences.Where(m => m.PhaseId == phaseId).Select(m => m.Code).SingleOrDefaultAsync(ct) ?? phase.Code ?? phase.Id.ToString("N");
        }

        var period = BillingPeriod.Containing(new Psa.Web.Projects.WorkspaceClock(time, tenant).Today);
        var record = new BillingRunRecord { Period = period.ToString(), Trigger = trigger.Length > 200 ? trigger[..200] : trigger, StartedUtc = time.GetUtcNow(), Status = BillingRunStatus.Running };
        await using (var db = factory.Create())
        {
            db.BillingRuns.Add(record);
            await db.SaveChangesAsync(ct);
        }

        var outcome = await BillAsync(period, record.Id, ct, input => input with
        {
            Agreements = [],
            TimeEntries = [],
            Projects = input.Projects.Where(p => p.Id == projectCode)
                .Select(p => p with { Milestones = p.Milestones.Where(m => m.Id == milestoneId).ToList() }).ToList(),
        });
        live.Publish(LiveTopics.Billing);
        return outcome.InvoiceIds.Count > 0 ? outcome.InvoiceIds[0] : null;
    }

    public async Task<IReadOnlyList<BillingRunSummary>> ListRunsAsync(int take = 50, CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var runs = await db.BillingRuns.AsNoTracking().Include(r => r.Warnings).ToListAsync(ct);
        return runs.OrderByDescending(r => r.StartedUtc).Take(take).Select(r => new BillingRunSummary(r.Id, r.Period, r.Trigger, r.StartedUtc, r.CompletedUtc,
            r.Status.ToString().ToLowerInvariant(), r.InvoiceCount, r.Total, r.Failure,
            r.Warnings.Select(w => new BillingWarning(w.Code, w.Ids.Split(',', StringSplitOptions.RemoveEmptyEntries))).ToList())).ToList();
    }

    private async Task<BillingRunOutcome> BillAsync(BillingPeriod period, Guid runId, CancellationToken ct, Func<BillingInput, BillingInput>? narrow = null)
    {
        var now = time.GetUtcNow();
        await using var db = factory.Create();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var data = await BillingInputLoader.LoadAsync(db, period, ct);
        if (narrow is not null)
        {
            data.Input = narrow(data.Input);
        }

        var result = Filter(BillingEngine.Run(data.Input), data);
        var splitter = new TierSplitter(data.Input.Tenant.BusinessHours, data.Input.Tenant.Holidays);
        var billedEntries = new HashSet<string>(StringComparer.Ordinal);
        var blockCounts = new Dictionary<Guid, int>();
        var invoiceIds = new List<Guid>();
        var deductions = result.Deductions.ToDictionary(d => d.EntryId, StringComparer.Ordinal);

        // A re-run adds to the draft already waiting for the same client, group and period rather than a second one beside it.
        var periodKey = period.ToString();
        var drafts = await db.Invoices.Include(i => i.Lines)
            .Where(i => i.Period == periodKey && i.Status == InvoiceStatus.Draft && !i.IsCreditNote).ToListAsync(ct);
        var joined = 0;
        for (var index = 0; index < result.Invoices.Count; index++)
        {
            var source = result.Invoices[index];
            var clientId = data.Clients[source.ClientId];
            var invoice = drafts.FirstOrDefault(d => d.ClientId == clientId && d.Group == source.Group && !invoiceIds.Contains(d.Id));
            if (invoice is null)
            {
                invoice = CustomerInvoice.Draft(clientId, source.Group, period, data.Input.Tenant.Currency, runId, now);
                db.Invoices.Add(invoice);
            }
            else
            {
                joined++;
            }

            foreach (var line in source.Lines)
            {
                var entry = line.Kind is LineKind.Time or LineKind.Overage && line.Sources.Count > 0 ? data.FindEntry(line.Sources[0]) : null;
                var stored = new CustomerInvoiceLine(line.Kind.ToCode(), line.Item, Describe(line, data, entry), Section(line, source.Group, entry),
                    line.Quantity, line.UnitPrice, line.Amount, line.TaxAmount, line.GlAccount, string.Join(',', line.Sources),
                    Detail(line, entry, splitter, MultipliersFor(entry, data)));
                invoice.AddLine(stored);
                foreach (var key in LedgerKeys(line, data, period, blockCounts))
                {
                    db.BilledSources.Add(new BilledSource { Key = key, InvoiceId = invoice.Id, InvoiceLineId = stored.Id, BillingRunId = runId, Origin = "run", CreatedUtc = now });
                }

                if (line.Kind is LineKind.Time or LineKind.Overage)
                {
                    foreach (var id in line.Sources.Where(billedEntries.Add))
                    {
                        AddEntryKey(db, data, id, invoice.Id, stored.Id, runId, now, deductions);
                    }
                }
            }

            invoiceIds.Add(invoice.Id);
            foreach (var observer in observers)
            {
                await observer.InvoiceStagedAsync(index, ct);
            }
        }

        // Covered, deducted and fixed-price time is settled by this run too: it must never be counted again.
        foreach (var entry in data.Input.TimeEntries.Where(e => EligibilityRule.IsEligible(e, period) && !billedEntries.Contains(e.Id)))
        {
            AddEntryKey(db, data, entry.Id, null, null, runId, now, deductions);
        }

        var periodText = period.ToString();
        var existing = await db.BlockBalances.Where(b => b.Period == periodText).ToDictionaryAsync(b => b.AgreementId, ct);
        foreach (var balance in result.Balances)
        {
            var agreementId = data.Agreements[balance.AgreementId].Id;
            if (existing.TryGetValue(agreementId, out var snapshot))
            {
                snapshot.Remaining = balance.Remaining;
                snapshot.BillingRunId = runId;
            }
            else
            {
                db.BlockBalances.Add(new BlockBalanceSnapshot { AgreementId = agreementId, Period = periodText, Remaining = balance.Remaining, Expired = balance.Expired, BillingRunId = runId });
            }
        }

        var record = await db.BillingRuns.SingleAsync(r => r.Id == runId, ct);
        record.Status = BillingRunStatus.Completed;
        record.CompletedUtc = time.GetUtcNow();
        record.InvoiceCount = result.Invoices.Count;
        record.Total = result.Invoices.Sum(i => i.Total);
        record.Warnings.AddRange(result.Warnings.Select(w => new BillingRunWarning { Code = w.Code, Ids = string.Join(',', w.Ids) }));
        await audit.AddAsync(db, "billing-run.completed", Psa.Infrastructure.Identity.AuditCategory.Billing, $"Billing run {record.Period} ({record.Trigger})",
            after: $"{record.InvoiceCount} draft invoice(s), total {record.Total.ToString(System.Globalization.CultureInfo.InvariantCulture)}, {record.Warnings.Count} warning(s)");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new BillingRunOutcome(result, runId, invoiceIds, joined);
    }

    private static void AddEntryKey(TenantDbContext db, LoadedBillingData data, string entryId, Guid? invoiceId, Guid? lineId, Guid runId, DateTimeOffset now,
        Dictionary<string, BlockDeductionEntry> deductions)
    {
        var entry = data.EntryRow(entryId);
        var deduction = deductions.GetValueOrDefault(entryId);
        db.BilledSources.Add(new BilledSource
        {
            Key = BilledSource.EntryKey(entry.Id),
            TimeEntryId = entry.Id,
            InvoiceId = invoiceId,
            InvoiceLineId = lineId,
            BillingRunId = runId,
            Origin = "run",
            Minutes = entry.Minutes,
            BlockAgreementId = deduction is null ? null : data.Agreements[deduction.AgreementId].Id,
            BlockDeducted = deduction?.Deducted,
            BlockBalanceAfter = deduction?.BalanceAfter,
            CreatedUtc = now,
        });
    }

    /// <summary>Ledger keys of a line other than time entries (recurring period, block purchase, project charge).</summary>
    private static IEnumerable<string> LedgerKeys(InvoiceLine line, LoadedBillingData data, BillingPeriod period, Dictionary<Guid, int> blockCounts)
    {
        switch (line.Kind)
        {
            case LineKind.Recurring:
                // One key per agreement and period, written with its first line.
                var agreement = data.Agreements[line.Sources[0]].Id;
                var key = BilledSource.RecurringKey(agreement, period);
                if (data.BilledKeys.Add(key))
                {
                    yield return key;
                }

                break;
            case LineKind.BlockPurchase:
                var block = data.Agreements[line.Sources[0]].Id;
                var n = blockCounts.GetValueOrDefault(block, data.BilledKeys.Count(k => k.StartsWith($"block:{block:N}:{period}:", StringComparison.Ordinal))) + 1;
                blockCounts[block] = n;
                yield return BilledSource.BlockPurchaseKey(block, period, n);
                break;
            case LineKind.Milestone:
                yield return BilledSource.MilestoneKey(data.Milestones[$"{line.Sources[0]}/{line.Sources[^1]}"]);
                break;
            case LineKind.Upfront or LineKind.Deposit or LineKind.Completion:
                yield return BilledSource.ProjectKindKey(data.Projects[line.Sources[0]], line.Kind.ToCode());
                break;
        }
    }

    /// <summary>Removes lines whose recurring period or period-start block purchase the ledger already holds.</summary>
    private static BillingResult Filter(BillingResult result, LoadedBillingData data)
    {
        var period = result.Period;
        var invoices = new List<Invoice>();
        foreach (var invoice in result.Invoices)
        {
            if (!invoice.Lines.Any(line => line.Kind == LineKind.Recurring))
            {
                invoices.Add(invoice);
                continue;
            }

            var lines = invoice.Lines.Where(line => line.Kind switch
            {
                LineKind.Recurring => !data.BilledKeys.Contains(BilledSource.RecurringKey(data.Agreements[line.Sources[0]].Id, period)),
                _ => true,
            }).ToList();
            if (lines.Count > 0)
            {
                invoices.Add(lines.Count == invoice.Lines.Count ? invoice : invoice with { Lines = lines });
            }
        }

        return result with { Invoices = invoices };
    }

    private static string Section(InvoiceLine line, string group, BillingTimeEntry? entry) => line.Kind switch
    {
        LineKind.Recurring or LineKind.BlockPurchase => line.Sources[0],
        LineKind.Upfront or LineKind.Deposit or LineKind.Completion or LineKind.Milestone => line.Sources[0],
        _ when group == "time" => "time",
        _ => entry?.AgreementId ?? entry?.ProjectId ?? "time",
    };

    private static string Describe(InvoiceLine line, LoadedBillingData data, BillingTimeEntry? entry) => line.Kind switch
    {
        LineKind.Recurring => data.ProductNames.GetValueOrDefault(line.Item, line.Item),
        LineKind.BlockPurchase => "Prepaid block",
        LineKind.Time or LineKind.Overage when entry is not null =>
            $"{(line.Kind == LineKind.Overage ? "Overage: " : string.Empty)}{(data.TicketLabels.TryGetValue(entry.Id, out var ticket) ? $"Ticket {ticket}: " : string.Empty)}{entry.WorkTypeId} on {entry.Start.ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture)}",
        LineKind.Milestone => $"{data.ProjectNames.GetValueOrDefault(line.Sources[0], line.Sources[0])}: milestone {MilestoneName(line, data)}",
        LineKind.Upfront or LineKind.Deposit or LineKind.Completion =>
            $"{data.ProjectNames.GetValueOrDefault(line.Sources[0], line.Sources[0])}: {line.Kind.ToCode()}",
        _ => line.Item,
    };

    /// <summary>A milestone's phase name (“Design”), or its id when it has none.</summary>
    private static string MilestoneName(InvoiceLine line, LoadedBillingData data) =>
        data.Input.Projects.FirstOrDefault(p => p.Id == line.Sources[0])?.Milestones.FirstOrDefault(m => m.Id == line.Sources[^1])?.Name is { Length: > 0 } name
            ? name
            : line.Sources[^1];

    /// <summary>The tiers of a time line (what the client sees itemised), or the days of a prorated line.</summary>
    private static TierMultipliers MultipliersFor(BillingTimeEntry? entry, LoadedBillingData data) =>
        entry?.AgreementId is { } a && data.Input.Agreements.FirstOrDefault(x => x.Id == a)?.TierMultipliers is { } own ? own : data.Input.Tenant.TierMultipliers;

    private static string? Detail(InvoiceLine line, BillingTimeEntry? entry, TierSplitter splitter, TierMultipliers multipliers)
    {
        if (line.Days is { } days)
        {
            return $"{days} days";
        }

        if (entry is null)
        {
            return null;
        }

        var parts = splitter.Split(entry.Start, entry.Minutes)
            .GroupBy(s => s.Tier)
            .Select(g => string.Create(CultureInfo.InvariantCulture,
                $"{TierName(g.Key)} {g.Sum(s => s.Minutes) / 60m:0.##} h × {MoneyMath.Round2(line.UnitPrice * multipliers.For(g.Key)):0.00}"));
        return string.Join(" · ", parts);
    }

    public static string TierName(Tier tier) => tier switch
    {
        Tier.AfterHours => "After hours",
        Tier.Weekend => "Weekend/holiday",
        _ => "Business hours",
    };
}
