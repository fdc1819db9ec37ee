using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Psa.Domain;
using Psa.Domain.Accounting;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Ledger;
using Psa.Domain.Common;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Live;

namespace Psa.Web.Xero;

public sealed record XeroContactMatch(Guid LinkId, string ClientCode, string ClientName, string ContactName, string MatchedBy, bool Confirmed);

/// <summary>
/// One sync with the workspace's Xero organisation: link clients to contacts, push issued invoices and
/// credit notes once (in batches, each request with an Idempotency-Key derived from the documents'
/// ids, saved before it is sent so a retry after a crash repeats it exactly), then pull what changed
/// since the last pull: status, amount due, payments, and invoices created in Xero for linked contacts.
/// Psa's ledger only ever moves forward (issued → paid); anything else Xero shows becomes a finding.
/// </summary>
public sealed class XeroSyncService(TenantDbContextFactory factory, TenantContext tenant, XeroConnectionService connections, XeroApiClient api,
    IOptions<XeroOptions> options, TimeProvider time, WorkspaceLive live, ILogger<XeroSyncService> logger)
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Running = new(StringComparer.Ordinal);

    public async Task<XeroSyncRun> RunAsync(string trigger, CancellationToken ct = default)
    {
        var gate = Running.GetOrAdd(tenant.Required.Slug.Value, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            return await RunLockedAsync(trigger, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<XeroSyncRun> RunLockedAsync(string trigger, CancellationToken ct)
    {
        var run = new XeroSyncRun { Trigger = trigger, StartedUtc = time.GetUtcNow() };
        await using (var db = factory.Create())
        {
            db.XeroSyncRuns.Add(run);
            await db.SaveChangesAsync(ct);
        }

        XeroCallContext? call = null;
        try
        {
            call = await connections.OpenAsync(ct: ct);
            try
            {
                await StepsAsync(call, run, ct);
            }
            catch (XeroApiException ex) when (ex.Status == System.Net.HttpStatusCode.Unauthorized)
            {
                // Xero ended the access token early: refresh once and go again (every step is idempotent).
                var used = call.Calls;
                call = await connections.OpenAsync(forceRefresh: true, ct);
                call.AddEarlierCalls(used);
                run.Errors.Clear();
                await StepsAsync(call, run, ct);
            }
            run.Status = run.Errors.Count == 0 ? XeroSyncStatus.Completed : XeroSyncStatus.CompletedWithErrors;
        }
        catch (Exception ex) when (ex is XeroApiException or XeroReconnectNeededException or DomainException or HttpRequestException or Polly.Timeout.TimeoutRejectedException)
        {
            logger.LogWarning(ex, "Xero sync failed for {Tenant}", tenant.Required.Slug);
            run.Status = XeroSyncStatus.Failed;
            run.Failure = ex.Message;
        }

        run.FinishedUtc = time.GetUtcNow();
        run.CallsUsed = call?.Calls ?? 0;
        await using (var db = factory.Create())
        {
            db.XeroSyncRuns.Attach(run);
            db.Entry(run).State = EntityState.Modified;
            foreach (var error in run.Errors)
            {
                if (db.Entry(error).State == EntityState.Detached || db.Entry(error).State == EntityState.Modified)
                {
                    db.Entry(error).State = EntityState.Added;
                }
            }

            if (await db.XeroConnections.SingleOrDefaultAsync(ct) is { } connection)
            {
                if (call?.DayLimitRemaining is { } left)
                {
                    connection.DayLimitRemaining = left;
                }

                if (run.Status != XeroSyncStatus.Failed)
                {
                    connection.PullRequestedUtc = null;
                }
            }

            await db.SaveChangesAsync(ct);
        }

        live.Publish(LiveTopics.Xero);
        return run;
    }

    private async Task StepsAsync(XeroCallContext call, XeroSyncRun run, CancellationToken ct)
    {
        await LinkContactsAsync(call, run, ct);
        await PushAsync(call, run, isCreditNote: false, ct);
        await PushAsync(call, run, isCreditNote: true, ct);
        await PullAsync(call, run, ct);
    }

    public async Task<IReadOnlyList<XeroSyncRun>> RecentRunsAsync(int count = 20, CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var runs = await db.XeroSyncRuns.AsNoTracking().Include(r => r.Errors).ToListAsync(ct);
        return runs.OrderByDescending(r => r.StartedUtc).Take(count).ToList();
    }

    public async Task<IReadOnlyList<XeroContactMatch>> ContactMatchesAsync(CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var rows = await db.XeroContactLinks.AsNoTracking().Join(db.Clients, l => l.ClientId, c => c.Id, (l, c) => new { l, c.Code, c.Name }).ToListAsync(ct);
        return rows.OrderBy(r => r.l.Confirmed).ThenBy(r => r.Code, StringComparer.Ordinal)
            .Select(r => new XeroContactMatch(r.l.Id, r.Code, r.Name, r.l.ContactName, r.l.MatchedBy, r.l.Confirmed)).ToList();
    }

    /// <summary>A person confirms a match by name or email; from then on the client is linked by ContactID.</summary>
    public async Task ConfirmMatchAsync(Guid linkId, bool confirm, CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var link = await db.XeroContactLinks.SingleOrDefaultAsync(l => l.Id == linkId, ct) ?? throw new DomainException("No such contact match.", "Contact");
        // A rejected match stays until the next sync creates the client's own contact.
        link.Confirmed = confirm;
        link.MatchedBy = confirm ? link.MatchedBy : "rejected";
        await db.SaveChangesAsync(ct);
        live.Publish(LiveTopics.Xero);
    }

    /// <summary>
    /// Clients without a link are matched to an existing contact by name, then by a contact's email
    /// (shown for confirmation); clients matching nothing get a new contact in Xero.
    /// </summary>
    private async Task LinkContactsAsync(XeroCallContext call, XeroSyncRun run, CancellationToken ct)
    {
        await using var db = factory.Create();
        var links = await db.XeroContactLinks.ToListAsync(ct);
        var clients = await db.Clients.AsNoTracking().Include(c => c.Contacts).Where(c => c.IsActive).ToListAsync(ct);
        var unlinked = clients.Where(c => links.All(l => l.ClientId != c.Id || l.MatchedBy == "rejected")).ToList();
        if (unlinked.Count == 0)
        {
            return;
        }

        var contacts = await api.GetContactsAsync(call, null, ct);
        var taken = links.Where(l => l.MatchedBy != "rejected").Select(l => l.ContactId).ToHashSet();
        var create = new List<Psa.Domain.Clients.Client>();
        foreach (var client in unlinked.OrderBy(c => c.Code, StringComparer.Ordinal))
        {
            var rejected = links.SingleOrDefault(l => l.ClientId == client.Id && l.MatchedBy == "rejected");
            var emails = client.Contacts.Select(c => c.Email.Trim()).Where(e => e.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var match = rejected is null
                ? contacts.FirstOrDefault(x => x.ContactID is { } id && !taken.Contains(id) && string.Equals(x.Name?.Trim(), client.Name.Trim(), StringComparison.OrdinalIgnoreCase)) is { } byName
                    ? (byName, "name")
                    : contacts.FirstOrDefault(x => x.ContactID is { } id && !taken.Contains(id) && x.EmailAddress is { Length: > 0 } e && emails.Contains(e.Trim())) is { } byEmail
                        ? (byEmail, "email")
                        : ((XeroContactDto?)null, (string?)null)
                : (null, null);
            if (match.Item1 is { ContactID: { } contactId } found)
            {
                taken.Add(contactId);
                db.XeroContactLinks.Add(new XeroContactLink { ClientId = client.Id, ContactId = contactId, ContactName = found.Name ?? client.Name, MatchedBy = match.Item2!, LinkedUtc = time.GetUtcNow() });
                run.ContactsLinked++;
            }
            else
            {
                create.Add(client);
            }
        }

        await db.SaveChangesAsync(ct);
        foreach (var batch in create.Chunk(Math.Max(1, options.Value.BatchSize)))
        {
            var sent = batch.Select(c => new XeroContactDto
            {
                Name = c.Name,
                AccountNumber = c.Code,
                EmailAddress = c.Contacts.OrderByDescending(x => x.IsPrimary).Select(x => x.Email).FirstOrDefault(e => e.Length > 0),
            }).ToList();
            var answered = await api.PutContactsAsync(call, sent, KeyFor(batch.Select(c => c.Id), "contacts"), ct);
            for (var i = 0; i < batch.Length && i < answered.Count; i++)
            {
                if (answered[i].HasValidationErrors || answered[i].ContactID is not { } id || id == Guid.Empty)
                {
                    run.Errors.Add(new XeroSyncError { SyncRunId = run.Id, Document = batch[i].Code, Message = Messages(answered[i].ValidationErrors) });
                    continue;
                }

                await db.XeroContactLinks.Where(l => l.ClientId == batch[i].Id).ExecuteDeleteAsync(ct);
                db.XeroContactLinks.Add(new XeroContactLink
                {
                    ClientId = batch[i].Id, ContactId = id, ContactName = answered[i].Name ?? batch[i].Name, MatchedBy = "created", Confirmed = true, LinkedUtc = time.GetUtcNow(),
                });
                run.ContactsCreated++;
            }

            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>
    /// Issued documents not yet in Xero, in batches. A batch's rows and key are saved before it is sent:
    /// if the answer is lost (crash, timeout), the next sync sends the same batch with the same key and
    /// Xero answers as the first time instead of creating the documents again.
    /// </summary>
    private async Task PushAsync(XeroCallContext call, XeroSyncRun run, bool isCreditNote, CancellationToken ct)
    {
        await using var db = factory.Create();
        var accounts = (await api.GetAccountsAsync(call, ct)).Where(a => a.Status == "ACTIVE" && a.Code is { Length: > 0 }).Select(a => a.Code!).ToHashSet(StringComparer.Ordinal);
        var links = await db.XeroContactLinks.AsNoTracking().Where(l => l.Confirmed).ToDictionaryAsync(l => l.ClientId, l => l.ContactId, ct);
        var pushed = await db.XeroDocuments.Where(d => d.PsaDocumentId != null).ToDictionaryAsync(d => d.PsaDocumentId!.Value, ct);
        var due = await db.Invoices.AsNoTracking().Include(i => i.Lines)
            .Where(i => i.IsCreditNote == isCreditNote && i.Number != null && (i.Status == InvoiceStatus.Issued || i.Status == InvoiceStatus.Paid))
            .ToListAsync(ct);
        due = due.Where(i => !pushed.TryGetValue(i.Id, out var d) || d.XeroId is null).OrderBy(i => i.Number).ToList();

        // Pending batches first, exactly as they were first sent.
        var batches = due.Where(i => pushed.TryGetValue(i.Id, out var d) && d.PushKey is not null)
            .GroupBy(i => pushed[i.Id].PushKey!).Select(g => (Key: g.Key, Documents: g.ToList())).ToList();
        var fresh = new List<CustomerInvoice>();
        foreach (var invoice in due.Where(i => !pushed.TryGetValue(i.Id, out var d) || d.PushKey is null))
        {
            if (!links.ContainsKey(invoice.ClientId))
            {
                run.Errors.Add(new XeroSyncError { SyncRunId = run.Id, Document = invoice.DisplayNumber, Message = "The client is not linked to a Xero contact yet (confirm its match under Settings → Integrations)." });
                continue;
            }

            if (invoice.Lines.Select(l => l.GlAccount).FirstOrDefault(g => g.Length > 0 && !accounts.Contains(g)) is { } missing)
            {
                run.Errors.Add(new XeroSyncError { SyncRunId = run.Id, Document = invoice.DisplayNumber, Message = $"GL account {missing} has no active account code in Xero." });
                continue;
            }

            fresh.Add(invoice);
        }

        foreach (var chunk in fresh.Chunk(Math.Max(1, options.Value.BatchSize)))
        {
            var key = KeyFor(chunk.Select(i => i.Id), isCreditNote ? "creditnotes" : "invoices");
            foreach (var invoice in chunk)
            {
                if (!pushed.TryGetValue(invoice.Id, out var row))
                {
                    row = new XeroDocument { PsaDocumentId = invoice.Id, IsCreditNote = isCreditNote, ClientId = invoice.ClientId };
                    db.XeroDocuments.Add(row);
                    pushed[invoice.Id] = row;
                }

                row.PushKey = key;
                row.PushError = null;
                row.Reference = invoice.DisplayNumber;
            }

            await db.SaveChangesAsync(ct);
            batches.Add((key, chunk.ToList()));
        }

        var tracking = batches.Count == 0 ? null : await TrackingAsync(db, call, run, batches.SelectMany(b => b.Documents), ct);
        foreach (var (key, documents) in batches)
        {
            var results = isCreditNote
                ? (await api.PutCreditNotesAsync(call, documents.Select(d => CreditNoteFor(d, links, tracking)).ToList(), key, ct)).Select(Result.From).ToList()
                : (await api.PutInvoicesAsync(call, documents.Select(d => InvoiceFor(d, links, tracking)).ToList(), key, ct)).Select(Result.From).ToList();
            for (var i = 0; i < documents.Count; i++)
            {
                var row = pushed[documents[i].Id];
                var result = results.ElementAtOrDefault(i);
                if (result is null || result.Failed)
                {
                    row.PushKey = null;
                    row.PushError = result?.Error ?? "Xero did not answer for this document.";
                    run.Errors.Add(new XeroSyncError { SyncRunId = run.Id, Document = documents[i].DisplayNumber, Message = row.PushError });
                    continue;
                }

                row.XeroId = result.Id;
                row.Number = result.Number;
                row.Status = result.Status;
                row.Total = result.Total;
                row.SubTotal = result.SubTotal;
                row.AmountDue = result.AmountDue;
                row.ContactId = links[documents[i].ClientId];
                row.Date = documents[i].IssuedOn;
                row.DueDate = documents[i].DueOn;
                row.Currency = documents[i].Currency;
                row.PushedUtc = time.GetUtcNow();
                if (isCreditNote)
                {
                    run.CreditNotesPushed++;
                }
                else
                {
                    run.InvoicesPushed++;
                }
            }

            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>What changed in Xero since the last pull: documents, their status and amount due, payments.</summary>
    private async Task PullAsync(XeroCallContext call, XeroSyncRun run, CancellationToken ct)
    {
        await using var db = factory.Create();
        var connection = await db.XeroConnections.SingleAsync(ct);
        var since = connection.PulledThroughUtc;
        var startedPull = time.GetUtcNow();
        // The next pull starts from the newest change seen, on Xero's own clock, so no skew loses or repeats one.
        var newest = since;
        var contacts = await db.XeroContactLinks.AsNoTracking().Where(l => l.MatchedBy != "rejected").ToDictionaryAsync(l => l.ContactId, l => l.ClientId, ct);
        var rows = await db.XeroDocuments.Where(d => d.XeroId != null).ToDictionaryAsync(d => d.XeroId!.Value, ct);
        var unanswered = await db.XeroDocuments.Where(d => d.XeroId == null && d.Reference != null).ToListAsync(ct);

        var invoices = (await api.GetInvoicesAsync(call, since, ct)).Where(i => i.Type == "ACCREC").Select(Result.From)
            .Concat((await api.GetCreditNotesAsync(call, since, ct)).Where(c => c.Type == "ACCRECCREDIT").Select(Result.From)).ToList();
        foreach (var x in invoices)
        {
            if (!rows.TryGetValue(x.Id, out var row))
            {
                // Pushed, but the answer was lost: Xero has it under our number.
                row = unanswered.FirstOrDefault(d => d.IsCreditNote == x.IsCreditNote && d.Reference == x.Reference);
                if (row is null)
                {
                    if (x.ContactId is not { } contactId || !contacts.TryGetValue(contactId, out var clientId))
                    {
                        continue;
                    }

                    row = new XeroDocument { IsCreditNote = x.IsCreditNote, ClientId = clientId, Reference = x.Reference };
                    db.XeroDocuments.Add(row);
                }

                row.XeroId = x.Id;
                rows[x.Id] = row;
            }

            var changed = row.Status != x.Status || row.Total != x.Total || row.AmountDue != x.AmountDue || row.Number != x.Number;
            row.Number = x.Number;
            row.Status = x.Status;
            row.SubTotal = x.SubTotal;
            row.Total = x.Total;
            row.AmountDue = x.AmountDue;
            row.AmountPaid = x.AmountPaid;
            row.Date = x.Date ?? row.Date;
            row.DueDate = x.DueDate ?? row.DueDate;
            row.Currency = x.Currency ?? row.Currency;
            row.ContactId = x.ContactId ?? row.ContactId;
            row.XeroUpdatedUtc = x.UpdatedUtc;
            newest = Later(newest, x.UpdatedUtc);
            run.DocumentsPulled += changed ? 1 : 0;
        }

        foreach (var payment in await api.GetPaymentsAsync(call, since, ct))
        {
            if (payment.Invoice?.InvoiceID is not { } invoiceId)
            {
                continue;
            }

            var record = await db.XeroPayments.SingleOrDefaultAsync(p => p.PaymentId == payment.PaymentID, ct);
            var isNew = record is null;
            if (record is null)
            {
                record = new XeroPaymentRecord { PaymentId = payment.PaymentID };
                db.XeroPayments.Add(record);
            }

            var paymentChanged = isNew || record.Amount != payment.Amount || record.Status != (payment.Status ?? string.Empty);

            record.XeroInvoiceId = invoiceId;
            record.Amount = payment.Amount;
            record.Date = XeroJson.ParseDate(payment.Date) ?? DateOnly.FromDateTime(startedPull.UtcDateTime);
            record.Status = payment.Status ?? string.Empty;
            newest = Later(newest, XeroJson.ParseInstant(payment.UpdatedDateUTC));
            run.PaymentsPulled += paymentChanged ? 1 : 0;
        }

        await db.SaveChangesAsync(ct);

        // Paid in the books: the one forward step Psa's ledger takes from Xero.
        var paid = rows.Values.Where(r => r.PsaDocumentId is not null && !r.IsCreditNote && r.Status == "PAID").Select(r => r.PsaDocumentId!.Value).ToList();
        foreach (var invoice in await db.Invoices.Where(i => paid.Contains(i.Id) && i.Status == InvoiceStatus.Issued).ToListAsync(ct))
        {
            invoice.MarkPaid();
        }

        connection.PulledThroughUtc = newest;
        await db.SaveChangesAsync(ct);
        if (paid.Count > 0)
        {
            live.Publish(LiveTopics.Billing);
        }
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : (a > b ? a : b);

    /// <summary>
    /// Service lines travel as options of one Xero tracking category (Settings: "Service line"), created
    /// with the options the documents need. Without it (Xero allows two active categories) lines go
    /// untracked and the run says why.
    /// </summary>
    private async Task<Func<CustomerInvoiceLine, List<XeroLineTrackingDto>?>?> TrackingAsync(TenantDbContext db, XeroCallContext call, XeroSyncRun run,
        IEnumerable<CustomerInvoice> documents, CancellationToken ct)
    {
        var name = (await db.XeroConnections.AsNoTracking().Select(c => c.TrackingCategoryName).SingleOrDefaultAsync(ct)) ?? "Service line";
        var products = await db.Products.AsNoTracking().Where(p => p.ServiceLine != null).ToDictionaryAsync(p => p.Code, p => p.ServiceLine!, StringComparer.Ordinal, ct);
        var agreements = await db.Agreements.AsNoTracking().ToDictionaryAsync(a => a.Code, a => a.Type, StringComparer.Ordinal, ct);
        var projects = (await db.Projects.AsNoTracking().Select(p => p.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var map = await Psa.Web.Reconciliation.ServiceLineCatalog.LoadMapAsync(db, ct);
        string LineOf(CustomerInvoiceLine l) => map.OfLine(l.Kind, l.Item, l.Section, products, agreements, projects);
        var needed = documents.SelectMany(d => d.Lines).Select(LineOf).ToHashSet(StringComparer.Ordinal);
        try
        {
            var category = (await api.GetTrackingCategoriesAsync(call, ct)).FirstOrDefault(c => c.Name == name)
                ?? await api.PutTrackingCategoryAsync(call, name, "tracking-category-" + name, ct);
            foreach (var option in needed.Where(o => category.Options.All(x => x.Name != o)).Order(StringComparer.Ordinal))
            {
                await api.PutTrackingOptionAsync(call, category.TrackingCategoryID, option, $"tracking-option-{category.TrackingCategoryID:N}-{option}", ct);
            }
        }
        catch (XeroApiException ex) when (ex.Status == System.Net.HttpStatusCode.BadRequest)
        {
            run.Errors.Add(new XeroSyncError { SyncRunId = run.Id, Document = "Tracking", Message = $"Service lines are not tracked in Xero: {ex.Message}" });
            return null;
        }

        return l => [new XeroLineTrackingDto { Name = name, Option = LineOf(l) }];
    }

    private static XeroInvoiceDto InvoiceFor(CustomerInvoice invoice, IReadOnlyDictionary<Guid, Guid> links, Func<CustomerInvoiceLine, List<XeroLineTrackingDto>?>? tracking) => new()
    {
        Type = "ACCREC",
        Contact = new XeroContactRef { ContactID = links[invoice.ClientId] },
        Reference = invoice.DisplayNumber,
        Date = invoice.IssuedOn is { } d ? XeroJson.FormatDate(d) : null,
        DueDate = invoice.DueOn is { } due ? XeroJson.FormatDate(due) : null,
        Status = "AUTHORISED",
        LineAmountTypes = "Exclusive",
        CurrencyCode = invoice.Currency,
        LineItems = invoice.Lines.OrderBy(l => l.Order).Select(l => Line(l, 1, tracking)).ToList(),
    };

    private static XeroCreditNoteDto CreditNoteFor(CustomerInvoice note, IReadOnlyDictionary<Guid, Guid> links, Func<CustomerInvoiceLine, List<XeroLineTrackingDto>?>? tracking) => new()
    {
        Type = "ACCRECCREDIT",
        Contact = new XeroContactRef { ContactID = links[note.ClientId] },
        Reference = note.DisplayNumber,
        Date = note.IssuedOn is { } d ? XeroJson.FormatDate(d) : null,
        Status = "AUTHORISED",
        LineAmountTypes = "Exclusive",
        CurrencyCode = note.Currency,
        // Psa keeps a credit note's amounts negative; Xero's credit notes are positive documents.
        LineItems = note.Lines.OrderBy(l => l.Order).Select(l => Line(l, -1, tracking)).ToList(),
    };

    /// <summary>
    /// Xero computes a line's amount as quantity × unit amount; where Psa's amount is not that product
    /// (proration, tiers) the line goes as one unit of its amount so the totals agree to the cent.
    /// </summary>
    private static XeroLineItemDto Line(CustomerInvoiceLine line, int sign, Func<CustomerInvoiceLine, List<XeroLineTrackingDto>?>? tracking)
    {
        var amount = sign * line.Amount;
        var exact = MoneyMath.Round2(line.Quantity * line.UnitPrice) == line.Amount;
        return new XeroLineItemDto
        {
            Description = string.IsNullOrWhiteSpace(line.Description) ? line.Item : line.Description,
            Quantity = exact ? sign * line.Quantity : 1,
            UnitAmount = exact ? line.UnitPrice : amount,
            LineAmount = amount,
            TaxAmount = sign * line.TaxAmount,
            AccountCode = line.GlAccount.Length > 0 ? line.GlAccount : null,
            Tracking = tracking?.Invoke(line),
        };
    }

    /// <summary>The Idempotency-Key of a request: the document's id, or for a batch a digest of its documents' ids.</summary>
    internal static string KeyFor(IEnumerable<Guid> ids, string kind)
    {
        var sorted = ids.Order().ToList();
        if (sorted.Count == 1)
        {
            return sorted[0].ToString("N");
        }

        var digest = SHA256.HashData(Encoding.ASCII.GetBytes(string.Join(',', sorted.Select(i => i.ToString("N")))));
        return $"{kind}-{Convert.ToHexString(digest)[..32].ToLowerInvariant()}";
    }

    private static string Messages(List<XeroValidationError>? errors) =>
        errors is { Count: > 0 } ? string.Join("; ", errors.Select(e => e.Message)) : "Xero refused it.";

    private sealed record Result(Guid Id, bool IsCreditNote, string? Number, string? Reference, string? Status, decimal SubTotal, decimal Total, decimal AmountDue,
        decimal AmountPaid, DateOnly? Date, DateOnly? DueDate, string? Currency, Guid? ContactId, DateTimeOffset? UpdatedUtc, bool Failed, string? Error)
    {
        public static Result From(XeroInvoiceDto x) => new(x.InvoiceID ?? Guid.Empty, false, x.InvoiceNumber, x.Reference, x.Status, x.SubTotal, x.Total, x.AmountDue,
            x.AmountPaid, XeroJson.ParseDate(x.Date), XeroJson.ParseDate(x.DueDate), x.CurrencyCode, x.Contact?.ContactID, XeroJson.ParseInstant(x.UpdatedDateUTC),
            x.HasErrors || x.InvoiceID is null || x.InvoiceID == Guid.Empty, Messages(x.ValidationErrors));

        public static Result From(XeroCreditNoteDto x) => new(x.CreditNoteID ?? Guid.Empty, true, x.CreditNoteNumber, x.Reference, x.Status, x.SubTotal, x.Total,
            x.RemainingCredit, x.Total - x.RemainingCredit, XeroJson.ParseDate(x.Date), null, x.CurrencyCode, x.Contact?.ContactID, XeroJson.ParseInstant(x.UpdatedDateUTC),
            x.HasErrors || x.CreditNoteID is null || x.CreditNoteID == Guid.Empty, Messages(x.ValidationErrors));
    }
}
