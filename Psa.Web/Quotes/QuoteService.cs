using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Projects;
using Psa.Domain.Quotes;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Projects;
using Psa.Web.Live;

namespace Psa.Web.Quotes;

public sealed record QuoteSummary(Guid Id, string Number, string Title, string ClientName, QuoteStatus Status, DateOnly CreatedOn, decimal Total, int Lines);

public sealed record DeployedProject(Guid Id, string Code, string Name, int Tasks, int Assigned);

public sealed record AcceptanceResult(Guid QuoteId, Guid SalesOrderId, string SalesOrderNumber, IReadOnlyList<DeployedProject> Projects);

public sealed record QuoteLineInput(QuoteLineKind Kind, string Description, decimal Quantity, decimal UnitPrice, decimal? Hours, Guid? TemplateId);

/// <summary>Quotes, their lines and bundles, and acceptance (sales order + projects from linked templates).</summary>
public sealed class QuoteService(TenantDbContextFactory databases, TenantContext tenant, WorkspaceLive live, WorkspaceClock clock, StaffNotifications notifications,
    Psa.Infrastructure.Email.EmailSender email, Psa.Web.Tenancy.WorkspaceLinks links)
{

    public async Task<IReadOnlyList<QuoteSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var quotes = await db.Quotes.AsNoTracking().Include(q => q.Lines).ToListAsync(cancellationToken);
        var clients = await db.Clients.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        return quotes.OrderByDescending(q => q.Number)
            .Select(q => new QuoteSummary(q.Id, q.Number, q.Title, clients.GetValueOrDefault(q.ClientId, "?"), q.Status, q.CreatedOn, q.Total, q.Lines.Count)).ToList();
    }

    public async Task<Quote?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        return await db.Quotes.AsNoTracking().Include(q => q.Lines).SingleOrDefaultAsync(q => q.Id == id, cancellationToken);
    }

    public async Task<IReadOnlyList<ProductBundle>> BundlesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        return await db.ProductBundles.AsNoTracking().OrderBy(b => b.Name).ToListAsync(cancellationToken);
    }

    public async Task<Guid> CreateAsync(Guid clientId, string title, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        if (!await db.Clients.AnyAsync(c => c.Id == clientId, cancellationToken))
        {
            throw new ValidationFailedException([new("Client", "Choose the client.")]);
        }

        var quote = Quote.Create($"Q-{1001 + await db.Quotes.CountAsync(cancellationToken)}", clientId, title, clock.Today);
        db.Quotes.Add(quote);
        await db.SaveChangesAsync(cancellationToken);
        live.Publish(LiveTopics.Quotes);
        return quote.Id;
    }

    public Task AddLineAsync(Guid quoteId, QuoteLineInput line, CancellationToken cancellationToken = default) =>
        ChangeAsync(quoteId, async (db, quote) =>
        {
            if (line.TemplateId is { } templateId && !await db.ProjectTemplates.AnyAsync(t => t.Id == templateId, cancellationToken))
            {
                throw new DomainException("The linked template does not exist.", "Template");
            }

            var added = quote.AddLine(line.Kind, line.Description, line.Quantity, line.UnitPrice, line.Hours, line.TemplateId);
            db.QuoteLines.Add(added);
        }, cancellationToken);

    public Task AddBundleAsync(Guid quoteId, Guid bundleId, CancellationToken cancellationToken = default) =>
        ChangeAsync(quoteId, async (db, quote) =>
        {
            var bundle = await db.ProductBundles.AsNoTracking().SingleOrDefaultAsync(b => b.Id == bundleId, cancellationToken) ?? throw new DomainException("The bundle does not exist.", "Bundle");
            var before = quote.Lines.Count;
            quote.AddBundle(bundle);
            db.QuoteLines.AddRange(quote.Lines.Skip(before));
        }, cancellationToken);

    public Task RemoveLineAsync(Guid quoteId, Guid lineId, CancellationToken cancellationToken = default) =>
        ChangeAsync(quoteId, (db, quote) =>
        {
            var line = quote.Lines.FirstOrDefault(l => l.Id == lineId);
            quote.RemoveLine(lineId);
            if (line is not null)
            {
                db.QuoteLines.Remove(line);
            }

            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>Sends the quote: it is locked from now on, and the client's primary contact gets a link to it in the portal. Returns who was mailed.</summary>
    public async Task<string?> MarkSentAsync(Guid quoteId, Uri? current = null, CancellationToken cancellationToken = default)
    {
        await ChangeAsync(quoteId, (_, quote) =>
        {
            quote.MarkSent();
            return Task.CompletedTask;
        }, cancellationToken);
        await using var db = databases.Create();
        var quote = await db.Quotes.AsNoTracking().Include(q => q.Lines).SingleAsync(q => q.Id == quoteId, cancellationToken);
        var client = await db.Clients.AsNoTracking().Include(c => c.Contacts).SingleAsync(c => c.Id == quote.ClientId, cancellationToken);
        if (client.Contacts.FirstOrDefault(c => c.IsPrimary) is not { } contact)
        {
            return null;
        }

        var link = $"{links.Workspace(tenant.Required.Slug.Value, current)}/portal/quotes/{quote.Id}";
        string E(string s) => System.Net.WebUtility.HtmlEncode(s);
        var valid = quote.ValidUntil is { } until ? $" It is valid until {until:d MMM yyyy}." : string.Empty;
        await email.SendAsync(contact.Email, $"Quote {quote.Number} from {tenant.Required.Name}: {quote.Title}",
            $"<p>Hello {E(contact.Name)},</p><p>{E(tenant.Required.Name)} sent {E(client.Name)} quote <strong>{E(quote.Number)}</strong>, {E(quote.Title)}: " +
            $"{E(tenant.Required.Currency)} {quote.Total.ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture)}.{valid}</p>" +
            $"<p><a href=\"{link}\">Read and accept it in the client portal</a></p>",
            cancellationToken);
        return contact.Email;
    }

    /// <summary>
    /// A sent quote is locked; changing it means a new version: a draft with the same lines and billing,
    /// while the sent one is withdrawn (declined) so only the new version can be accepted.
    /// </summary>
    /// <summary>The client's agreements a quote may renew (reconciliation's <c>renewal_without_quote</c> looks for the link).</summary>
    public async Task<IReadOnlyList<(Guid Id, string Code, DateOnly? End)>> RenewableAgreementsAsync(Guid clientId, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        return (await db.Agreements.AsNoTracking().Where(a => a.ClientId == clientId).OrderBy(a => a.Code).Select(a => new { a.Id, a.Code, a.EndDate }).ToListAsync(cancellationToken))
            .Select(a => (a.Id, a.Code, a.EndDate)).ToList();
    }

    public async Task SetRenewsAsync(Guid quoteId, Guid? agreementId, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var quote = await db.Quotes.SingleOrDefaultAsync(q => q.Id == quoteId, cancellationToken) ?? throw new DomainException("The quote does not exist.", "Quote");
        if (agreementId is { } id && !await db.Agreements.AnyAsync(a => a.Id == id && a.ClientId == quote.ClientId, cancellationToken))
        {
            throw new DomainException("A quote renews one of its own client's agreements.", "Renews agreement");
        }

        quote.RenewsAgreementId = agreementId;
        await db.SaveChangesAsync(cancellationToken);
        live.Publish(LiveTopics.Quotes);
    }

    public async Task<Guid> ReviseAsync(Guid quoteId, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var sent = await db.Quotes.Include(q => q.Lines).SingleOrDefaultAsync(q => q.Id == quoteId, cancellationToken) ?? throw new DomainException("The quote does not exist.", "Quote");
        if (sent.Status != QuoteStatus.Sent)
        {
            throw new DomainException($"Only a sent quote is revised; quote {sent.Number} is {sent.Status.ToString().ToLowerInvariant()}.", "Status");
        }

        var revised = Quote.Create($"Q-{1001 + await db.Quotes.CountAsync(cancellationToken)}", sent.ClientId, sent.Title, clock.Today);
        foreach (var line in sent.Lines.OrderBy(l => l.Order))
        {
            db.QuoteLines.Add(revised.AddLine(line.Kind, line.Description, line.Quantity, line.UnitPrice, line.Hours, line.TemplateId, line.Bundle));
        }

        revised.SetBilling(sent.BillingModel, sent.DepositPercent);
        revised.RenewsAgreementId = sent.RenewsAgreementId;
        sent.Decline();
        db.Quotes.Add(revised);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        live.Publish(LiveTopics.Quotes);
        return revised.Id;
    }

    /// <summary>How projects deployed from the quote are invoiced; <paramref name="depositPercent"/> is a fraction (0.3 = 30 %).</summary>
    public Task SetBillingAsync(Guid quoteId, ProjectBillingModel model, decimal? depositPercent, CancellationToken cancellationToken = default) =>
        ChangeAsync(quoteId, (_, quote) =>
        {
            quote.SetBilling(model, depositPercent);
            return Task.CompletedTask;
        }, cancellationToken);

    public Task DeclineAsync(Guid quoteId, CancellationToken cancellationToken = default) =>
        ChangeAsync(quoteId, (_, quote) =>
        {
            quote.Decline();
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>
    /// Accepts a quote: marks it accepted, creates the sales order, deploys a project from each line linked
    /// to a template (budget from the line: its amount and hours), routes the tasks — all in one transaction —
    /// then notifies the assigned engineers in the app and by email. Staff pages, the API and (later) the
    /// client portal (with the contact's typed-name signature) all call this.
    /// </summary>
    public async Task<AcceptanceResult> AcceptAsync(Guid quoteId, string acceptedBy, Uri? workspaceBase = null, QuoteSignature? signature = null, CancellationToken cancellationToken = default)
    {
        var today = clock.Today;
        var plans = new List<ProjectPlan>();
        SalesOrder order;
        await using (var db = databases.Create())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var quote = await db.Quotes.Include(q => q.Lines).SingleOrDefaultAsync(q => q.Id == quoteId, cancellationToken) ?? throw new DomainException("The quote does not exist.", "Quote");
            var client = await db.Clients.AsNoTracking().SingleAsync(c => c.Id == quote.ClientId, cancellationToken);
            order = SalesOrder.For(quote, $"SO-{1001 + await db.SalesOrders.CountAsync(cancellationToken)}", today);
            quote.Accept(acceptedBy, today, order.Id, signature);
            db.SalesOrders.Add(order);
            foreach (var line in quote.Lines.Where(l => l.TemplateId is not null).OrderBy(l => l.Order))
            {
                var template = await db.ProjectTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == line.TemplateId, cancellationToken)
                    ?? throw new DomainException($"Line “{line.Description}” is linked to a template that no longer exists.", "Template");
                var code = await TemplateService.UniqueCodeAsync(db, $"{client.Code}-{TemplateService.Slug(template.ProjectType ?? template.Name)}", cancellationToken);
                var draft = template.Draft(client.Id, code, $"{client.Name} — {line.Description}", TemplateService.NextWorkingDay(today));
                draft.BudgetAmount = line.Amount;
                draft.Value = line.Amount;
                draft.BudgetHours = line.Hours ?? template.EstimateHours;
                draft.BillingModel = quote.BillingModel;
                draft.DepositPercent = quote.BillingModel == ProjectBillingModel.Deposit ? quote.DepositPercent : null;
                draft.QuoteId = quote.Id;
                draft.AcceptedOn = today;
                var plan = await TemplateService.DeployInAsync(db, draft, today, cancellationToken);
                plan.Project.Description = $"From quote {quote.Number} ({quote.Title}), sales order {order.Number}.";
                await db.SaveChangesAsync(cancellationToken);
                plans.Add(plan);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        live.Publish(LiveTopics.Quotes, LiveTopics.Quote(quoteId), LiveTopics.Projects, LiveTopics.Workload);
        foreach (var plan in plans)
        {
            await notifications.TasksAssignedAsync(plan, workspaceBase, cancellationToken);
        }

        return new AcceptanceResult(quoteId, order.Id, order.Number, plans.Select(p => new DeployedProject(
            p.Project.Id, p.Project.Code, p.Project.Name, p.Tasks.Count, p.Tasks.Count(t => t.AssigneeEngineerId is not null))).ToList());
    }

    private async Task ChangeAsync(Guid quoteId, Func<TenantDbContext, Quote, Task> change, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var quote = await db.Quotes.Include(q => q.Lines).SingleOrDefaultAsync(q => q.Id == quoteId, cancellationToken) ?? throw new DomainException("The quote does not exist.", "Quote");
        await change(db, quote);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        live.Publish(LiveTopics.Quotes);
    }
}
