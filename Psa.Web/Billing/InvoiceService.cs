using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Billing.Ledger;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Audit;
using Psa.Web.Live;

namespace Psa.Web.Billing;

public sealed record InvoiceSummary(Guid Id, string Number, string ClientCode, string ClientName, string Group, string Period, InvoiceStatus Status,
    bool IsCreditNote, decimal Subtotal, decimal Tax, decimal Total, string Currency, DateOnly? IssuedOn, DateOnly? DueOn);

/// <summary>The invoice lifecycle: approve, issue (gapless numbers), pay, void, credit, re-open credited time.</summary>
public sealed class InvoiceService(TenantDbContextFactory factory, TenantContext tenant, TimeProvider time, WorkspaceLive live, InvoiceMailer mailer, AuditTrail audit)
{
    public async Task<IReadOnlyList<InvoiceSummary>> ListAsync(InvoiceStatus? status = null, string? period = null, CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var query = db.Invoices.AsNoTracking();
        if (status is { } s)
        {
            query = query.Where(i => i.Status == s);
        }

        if (period is not null)
        {
            query = query.Where(i => i.Period == period);
        }

        var rows = await query.Join(db.Clients, i => i.ClientId, c => c.Id, (i, c) => new { i, c.Code, c.Name }).ToListAsync(ct);
        return rows.OrderByDescending(r => r.i.Period, StringComparer.Ordinal).ThenBy(r => r.Code, StringComparer.Ordinal).ThenBy(r => r.i.Group, StringComparer.Ordinal)
            .Select(r => Summary(r.i, r.Code, r.Name)).ToList();
    }

    public async Task<CustomerInvoice?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = factory.Create();
        return await db.Invoices.AsNoTracking().Include(i => i.Lines).SingleOrDefaultAsync(i => i.Id == id, ct);
    }

    public async Task ApproveAsync(Guid id, CancellationToken ct = default) => await ChangeAsync(id, i => i.Approve(), "invoice.approved", ct);

    public async Task MarkPaidAsync(Guid id, CancellationToken ct = default) => await ChangeAsync(id, i => i.MarkPaid(), "invoice.paid", ct);

    /// <summary>
    /// Gives the next number of the workspace inside the transaction, so numbers have no gaps; then mails
    /// the issued invoice to the client's billing contacts. Returns who it was mailed to.
    /// </summary>
    public async Task<IReadOnlyList<string>> IssueAsync(Guid id, Uri? current = null, CancellationToken ct = default)
    {
        await NumberAsync(id, ct);
        return await mailer.SendAsync(id, current, ct);
    }

    private async Task NumberAsync(Guid id, CancellationToken ct)
    {
        await using var db = factory.Create();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var invoice = await LoadAsync(db, id, ct);
        var terms = await db.BillingPreferences.Select(p => (int?)p.PaymentTermsDays).SingleOrDefaultAsync(ct) ?? 30;
        var next = (await db.Invoices.MaxAsync(i => i.Number, ct) ?? 0) + 1;
        var before = Describe(invoice);
        invoice.Issue(next, Today(), terms);
        await RecordAsync(db, "invoice.issued", invoice, before);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        Publish();
    }

    /// <summary>
    /// Voids a document. A draft or approved invoice was never sent: its sources are released and the
    /// next run bills them again. An issued one keeps them (credit it, and re-open time on purpose).
    /// </summary>
    public async Task VoidAsync(Guid id, string reason, CancellationToken ct = default)
    {
        await using var db = factory.Create();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var invoice = await LoadAsync(db, id, ct);
        var release = invoice.Status is InvoiceStatus.Draft or InvoiceStatus.Approved;
        var before = Describe(invoice);
        invoice.Void(reason);
        await RecordAsync(db, "invoice.voided", invoice, before, $"; reason: {reason}");
        if (release)
        {
            await db.BilledSources.Where(b => b.InvoiceId == id).ExecuteDeleteAsync(ct);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        Publish();
    }

    /// <summary>A draft credit note for exact lines of an issued invoice. Credited time stays billed.</summary>
    public async Task<Guid> CreditAsync(Guid invoiceId, IReadOnlyCollection<Guid> lineIds, CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var invoice = await LoadAsync(db, invoiceId, ct);
        var already = await db.InvoiceLines.Where(l => l.CreditsLineId != null && lineIds.Contains(l.CreditsLineId.Value))
            .Join(db.Invoices.Where(i => i.Status != InvoiceStatus.Void), l => l.InvoiceId, i => i.Id, (l, _) => l.CreditsLineId)
            .AnyAsync(ct);
        if (already)
        {
            throw new DomainException("A chosen line is already credited.", "Lines");
        }

        var lines = invoice.Lines.Where(l => lineIds.Contains(l.Id)).ToList();
        if (lines.Count != lineIds.Count)
        {
            throw new DomainException("Choose lines of this invoice.", "Lines");
        }

        var note = CustomerInvoice.CreditFor(invoice, lines, time.GetUtcNow());
        db.Invoices.Add(note);
        await audit.AddAsync(db, "invoice.credited", AuditCategory.Invoices, $"Invoice {invoice.DisplayNumber} ({invoice.Id})",
            after: $"draft credit note {note.Id} for {lines.Count} line(s), total {note.Total.ToString(System.Globalization.CultureInfo.InvariantCulture)} {note.Currency}");
        await db.SaveChangesAsync(ct);
        Publish();
        return note.Id;
    }

    /// <summary>
    /// For each credited line of a credit note that carried time: how many of its time entries are
    /// still closed (settled by the credited invoice); 0 once a person has re-opened them.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, int>> ClosedCreditedTimeAsync(Guid creditNoteId, CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var credited = await db.InvoiceLines.Where(l => l.InvoiceId == creditNoteId && l.CreditsLineId != null && (l.Kind == "time" || l.Kind == "overage"))
            .Select(l => l.CreditsLineId!.Value).ToListAsync(ct);
        var closed = await db.BilledSources.Where(b => b.InvoiceLineId != null && credited.Contains(b.InvoiceLineId.Value) && b.TimeEntryId != null)
            .GroupBy(b => b.InvoiceLineId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return credited.Distinct().ToDictionary(id => id, id => closed.GetValueOrDefault(id));
    }

    /// <summary>
    /// A person re-opens credited time: the entries' ledger rows go, so the next run bills them again.
    /// Only time on a credited line can be re-opened.
    /// </summary>
    public async Task<int> ReopenCreditedTimeAsync(Guid creditedLineId, CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var credited = await db.InvoiceLines.Where(l => l.CreditsLineId == creditedLineId)
            .Join(db.Invoices.Where(i => i.Status != InvoiceStatus.Void), l => l.InvoiceId, i => i.Id, (l, _) => l.Id).AnyAsync(ct);
        if (!credited)
        {
            throw new DomainException("Only time on a credited line can be re-opened.", "Line");
        }

        var removed = await db.BilledSources.Where(b => b.InvoiceLineId == creditedLineId && b.TimeEntryId != null).ExecuteDeleteAsync(ct);
        Publish();
        return removed;
    }

    private async Task ChangeAsync(Guid id, Action<CustomerInvoice> change, string action, CancellationToken ct)
    {
        await using var db = factory.Create();
        var invoice = await LoadAsync(db, id, ct);
        var before = Describe(invoice);
        change(invoice);
        await RecordAsync(db, action, invoice, before);
        await db.SaveChangesAsync(ct);
        Publish();
    }

    private static string Describe(CustomerInvoice invoice) =>
        $"status {invoice.Status}, total {invoice.Total.ToString(System.Globalization.CultureInfo.InvariantCulture)} {invoice.Currency}";

    private Task RecordAsync(TenantDbContext db, string action, CustomerInvoice invoice, string before, string? note = null) =>
        audit.AddAsync(db, action, AuditCategory.Invoices, $"{(invoice.IsCreditNote ? "Credit note" : "Invoice")} {invoice.DisplayNumber} ({invoice.Id})",
            before, Describe(invoice) + note);

    private static async Task<CustomerInvoice> LoadAsync(TenantDbContext db, Guid id, CancellationToken ct) =>
        await db.Invoices.Include(i => i.Lines).SingleOrDefaultAsync(i => i.Id == id, ct)
        ?? throw new DomainException("No such invoice.", "Invoice");

    private DateOnly Today()
    {
        var zone = Psa.Web.Projects.WorkspaceClock.ZoneOf(tenant.Required.TimeZone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
    }

    private void Publish() => live.Publish(LiveTopics.Billing);

    internal static InvoiceSummary Summary(CustomerInvoice i, string code, string name) =>
        new(i.Id, i.DisplayNumber, code, name, i.Group, i.Period, i.Status, i.IsCreditNote, i.Subtotal, i.Tax, i.Total, i.Currency, i.IssuedOn, i.DueOn);
}
