using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Billing.Ledger;
using Psa.Domain.Portal;
using Psa.Domain.Projects;
using Psa.Domain.Quotes;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Auth;
using Psa.Web.Billing;
using Psa.Web.Projects;
using Psa.Web.Quotes;
using Psa.Web.Live;

namespace Psa.Web.Portal;

/// <summary>The address a circuit's page was requested from (set once from the protected root parameter).</summary>
public sealed class RequestOrigin
{
    public string? Address { get; set; }
}

/// <summary>
/// A project as its client sees it: the plan, comments and files on client-editable tasks, and budget when the MSP
/// shows it. One view is shared by every circuit showing the project on a node (<see cref="PortalProjectViews"/>):
/// read it, never change it.
/// </summary>
public sealed record PortalProjectView(
    ProjectDetail Detail,
    IReadOnlyList<TaskComment> Comments,
    IReadOnlyList<TaskAttachment> Attachments,
    bool ShowBudget,
    bool InvoiceOnSignOff)
{
    public ProjectPlan Plan => Detail.Plan;

    /// <summary>The client-editable tasks in the order the page lists them.</summary>
    public IReadOnlyList<ProjectTask> EditableTasks { get; } =
        Detail.Plan.Tasks.Where(t => t.ClientEditable).OrderBy(t => t.StartDate ?? DateOnly.MaxValue).ThenBy(t => t.Title).ToList();

    /// <summary>True when the contact's client owns the project and it is not cancelled (as <see cref="PortalService.OwnsProjectAsync"/>).</summary>
    public bool IsOf(Guid clientId) => Plan.Project.ClientId == clientId && Plan.Project.Status != ProjectStatus.Cancelled;
}

public sealed record PortalQuoteSummary(Guid Id, string Number, string Title, QuoteStatus Status, DateOnly CreatedOn, DateOnly? ValidUntil, decimal Total);

public sealed record PortalInvoiceSummary(Guid Id, string Number, string Period, InvoiceStatus Status, DateOnly? IssuedOn, DateOnly? DueOn, decimal Total, bool IsCredit);

/// <summary>
/// What a signed-in contact can see and do: their client's projects, client-editable tasks, phase
/// sign-off, quotes and issued invoices. Every method takes the contact's claims and filters by their
/// client; a record of another client is reported as missing (null), never shown or changed.
/// </summary>
public sealed class PortalService(
    TenantDbContextFactory databases,
    ProjectQueries projects,
    PlanEditor plans,
    QuoteService quotes,
    BillingRunService billing,
    InvoiceDocuments documents,
    AttachmentStore files,
    WorkspaceLive live,
    PortalProjectViews views,
    TenantContext tenant,
    TimeProvider time)
{
    public static readonly InvoiceStatus[] VisibleInvoiceStatuses = [InvoiceStatus.Issued, InvoiceStatus.Paid, InvoiceStatus.Void];

    public static string ContactName(ClaimsPrincipal contact) => contact.FindFirstValue(PsaClaims.DisplayName) ?? contact.FindFirstValue(ClaimTypes.Email) ?? "client";

    /// <summary>True when the project belongs to the contact's client (the live hub uses this before a contact joins a project topic).</summary>
    public async Task<bool> OwnsProjectAsync(ClaimsPrincipal contact, Guid projectId, CancellationToken cancellationToken = default)
    {
        var clientId = PortalQueries.ClientOf(contact);
        await using var db = databases.Create();
        return await db.Projects.AnyAsync(p => p.Id == projectId && p.ClientId == clientId && p.Status != ProjectStatus.Cancelled, cancellationToken);
    }

    /// <summary>
    /// The project's current view, shared with the other circuits of this node showing it (loaded once per change),
    /// or null when it is not the contact's client's: ownership is decided from the view, per contact.
    /// </summary>
    public async Task<PortalProjectView?> ProjectAsync(ClaimsPrincipal contact, Guid projectId, CancellationToken cancellationToken = default)
    {
        var clientId = PortalQueries.ClientOf(contact);
        var view = await views.GetAsync(tenant.Required.Slug.Value, projectId, () => LoadProjectAsync(projectId), cancellationToken);
        return view is not null && view.IsOf(clientId) ? view : null;
    }

    /// <summary>Loads a project's view for whoever may see it; the caller decides who that is. Not cancelled by one reader: others share it.</summary>
    private async Task<PortalProjectView?> LoadProjectAsync(Guid projectId)
    {
        var cancellationToken = CancellationToken.None;
        if (await projects.GetAsync(projectId, cancellationToken) is not { } detail)
        {
            return null;
        }

        await using var db = databases.Create();
        var editable = detail.Plan.Tasks.Where(t => t.ClientEditable).Select(t => t.Id).ToList();
        var comments = await db.TaskComments.AsNoTracking().Where(c => c.ProjectId == projectId && editable.Contains(c.TaskId)).ToListAsync(cancellationToken);
        var attachments = await db.TaskAttachments.AsNoTracking().Where(a => a.ProjectId == projectId && editable.Contains(a.TaskId)).ToListAsync(cancellationToken);
        var settings = await db.Settings.AsNoTracking().Select(s => new { s.PortalShowsBudget, s.InvoiceMilestoneOnSignOff }).SingleAsync(cancellationToken);
        return new PortalProjectView(detail, comments.OrderBy(c => c.CreatedUtc).ToList(), attachments.OrderBy(a => a.UploadedUtc).ToList(),
            settings.PortalShowsBudget, settings.InvoiceMilestoneOnSignOff);
    }

    public async Task CommentAsync(ClaimsPrincipal contact, Guid projectId, Guid taskId, string? text, CancellationToken cancellationToken = default)
    {
        await EditableTaskAsync(contact, projectId, taskId, cancellationToken);
        await using var db = databases.Create();
        db.TaskComments.Add(TaskComment.Create(projectId, taskId, ContactName(contact), byClient: true, text, time.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        Publish(projectId);
    }

    public async Task<TaskAttachment> AttachAsync(ClaimsPrincipal contact, Guid projectId, Guid taskId, string? fileName, long size, Stream content, CancellationToken cancellationToken = default)
    {
        var clientId = await EditableTaskAsync(contact, projectId, taskId, cancellationToken);
        var attachment = TaskAttachment.Create(projectId, taskId, clientId, fileName, size, ContactName(contact), byClient: true, time.GetUtcNow());
        await files.SaveAsync(attachment, content, cancellationToken);
        try
        {
            await using var db = databases.Create();
            db.TaskAttachments.Add(attachment);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            files.Delete(attachment);
            throw;
        }

        Publish(projectId);
        return attachment;
    }

    /// <summary>Completes a client-editable task through the same project rules as staff (predecessors, phase dependencies).</summary>
    public async Task CompleteTaskAsync(ClaimsPrincipal contact, Guid projectId, Guid taskId, CancellationToken cancellationToken = default)
    {
        await EditableTaskAsync(contact, projectId, taskId, cancellationToken);
        await plans.ChangeStatusAsync(projectId, taskId, ProjectTaskStatus.Done, actingUserId: null, cancellationToken);
    }

    /// <summary>
    /// Signs a phase off with the contact's typed name; the phase completes under the domain rules. For a
    /// milestone-billed project the milestone becomes billable in the next run, or, when the workspace chose
    /// so, a draft invoice is raised at once by the billing run code. Returns the draft invoice's id, if any.
    /// </summary>
    public async Task<Guid?> SignOffAsync(ClaimsPrincipal contact, Guid projectId, Guid phaseId, string? typedName, string? fromIp, CancellationToken cancellationToken = default)
    {
        if (!await OwnsProjectAsync(contact, projectId, cancellationToken))
        {
            throw new DomainException("That project is not available.", "Project");
        }

        var now = time.GetUtcNow();
        await plans.SignOffByClientAsync(projectId, phaseId, typedName, ContactName(contact), now, fromIp, cancellationToken);

        await using var db = databases.Create();
        var project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == projectId, cancellationToken);
        var phase = await db.ProjectPhases.AsNoTracking().SingleAsync(p => p.Id == phaseId, cancellationToken);
        var atOnce = await db.Settings.AsNoTracking().Select(s => s.InvoiceMilestoneOnSignOff).SingleAsync(cancellationToken);
        if (project.BillingModel == ProjectBillingModel.Milestone && (phase.MilestoneAmount is not null || phase.MilestonePercent is not null))
        {
            if (atOnce)
            {
                return await billing.RaiseMilestoneAsync(phaseId, $"sign-off by {ContactName(contact)}", cancellationToken);
            }
        }

        return null;
    }

    public async Task<IReadOnlyList<PortalQuoteSummary>> QuotesAsync(ClaimsPrincipal contact, CancellationToken cancellationToken = default)
    {
        var clientId = PortalQueries.ClientOf(contact);
        await using var db = databases.Create();
        var list = await db.Quotes.AsNoTracking().Include(q => q.Lines)
            .Where(q => q.ClientId == clientId && q.Status != QuoteStatus.Draft).ToListAsync(cancellationToken);
        return list.OrderByDescending(q => q.CreatedOn).ThenByDescending(q => q.Number)
            .Select(q => new PortalQuoteSummary(q.Id, q.Number, q.Title, q.Status, q.CreatedOn, q.ValidUntil, q.Total)).ToList();
    }

    /// <summary>A quote of the contact's client that was sent to them (drafts stay with the MSP).</summary>
    public async Task<Quote?> QuoteAsync(ClaimsPrincipal contact, Guid quoteId, CancellationToken cancellationToken = default)
    {
        var clientId = PortalQueries.ClientOf(contact);
        await using var db = databases.Create();
        return await db.Quotes.AsNoTracking().Include(q => q.Lines)
            .SingleOrDefaultAsync(q => q.Id == quoteId && q.ClientId == clientId && q.Status != QuoteStatus.Draft, cancellationToken);
    }

    /// <summary>Accepts with a typed-name signature through exactly the staff acceptance flow.</summary>
    public async Task<AcceptanceResult> AcceptQuoteAsync(ClaimsPrincipal contact, Guid quoteId, string? typedName, string? fromIp, Uri? workspaceBase, CancellationToken cancellationToken = default)
    {
        if (await QuoteAsync(contact, quoteId, cancellationToken) is null)
        {
            throw new DomainException("That quote is not available.", "Quote");
        }

        if (string.IsNullOrWhiteSpace(typedName))
        {
            throw new DomainException("Type your full name to sign.", "Full name");
        }

        return await quotes.AcceptAsync(quoteId, $"{typedName.Trim()} (client portal, {ContactName(contact)})", workspaceBase,
            new QuoteSignature(typedName, time.GetUtcNow(), fromIp), cancellationToken);
    }

    public async Task<IReadOnlyList<PortalInvoiceSummary>> InvoicesAsync(ClaimsPrincipal contact, CancellationToken cancellationToken = default)
    {
        var clientId = PortalQueries.ClientOf(contact);
        await using var db = databases.Create();
        var list = await db.Invoices.AsNoTracking().Include(i => i.Lines)
            .Where(i => i.ClientId == clientId && VisibleInvoiceStatuses.Contains(i.Status)).ToListAsync(cancellationToken);
        return list.OrderByDescending(i => i.IssuedOn).ThenByDescending(i => i.Number)
            .Select(i => new PortalInvoiceSummary(i.Id, i.DisplayNumber, i.Period, i.Status, i.IssuedOn, i.DueOn, i.Total, i.IsCreditNote)).ToList();
    }

    /// <summary>An issued, paid or void invoice of the contact's client, with what its print view and UBL need.</summary>
    public async Task<InvoiceDocument?> InvoiceAsync(ClaimsPrincipal contact, Guid invoiceId, CancellationToken cancellationToken = default)
    {
        var clientId = PortalQueries.ClientOf(contact);
        await using (var db = databases.Create())
        {
            if (!await db.Invoices.AnyAsync(i => i.Id == invoiceId && i.ClientId == clientId && VisibleInvoiceStatuses.Contains(i.Status), cancellationToken))
            {
                return null;
            }
        }

        return await documents.LoadAsync(invoiceId, cancellationToken);
    }

    /// <summary>An attachment the contact may download: on their client's project, on a client-editable task.</summary>
    public async Task<TaskAttachment?> AttachmentAsync(ClaimsPrincipal contact, Guid attachmentId, CancellationToken cancellationToken = default)
    {
        var clientId = PortalQueries.ClientOf(contact);
        await using var db = databases.Create();
        return await db.TaskAttachments.AsNoTracking()
            .Where(a => a.Id == attachmentId && a.ClientId == clientId)
            .Where(a => db.Projects.Any(p => p.Id == a.ProjectId && p.ClientId == clientId))
            .Where(a => db.ProjectTasks.Any(t => t.Id == a.TaskId && t.ClientEditable))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Refuses unless the task is on the contact's client's project and marked client-editable; returns the client.</summary>
    private async Task<Guid> EditableTaskAsync(ClaimsPrincipal contact, Guid projectId, Guid taskId, CancellationToken cancellationToken)
    {
        var clientId = PortalQueries.ClientOf(contact);
        await using var db = databases.Create();
        var ok = await db.ProjectTasks.AnyAsync(t => t.Id == taskId && t.ProjectId == projectId && t.ClientEditable
            && db.Projects.Any(p => p.Id == projectId && p.ClientId == clientId && p.Status != ProjectStatus.Cancelled), cancellationToken);
        return ok ? clientId : throw new DomainException("That task is not open to you.", "Task");
    }

    private void Publish(Guid projectId) => live.Publish(LiveTopics.Project(projectId));
}
