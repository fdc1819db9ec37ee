using System.Net;
using Microsoft.EntityFrameworkCore;
using Psa.Infrastructure.Email;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Tenancy;

namespace Psa.Web.Billing;

/// <summary>
/// Sends an issued invoice to the client's billing contacts (the primary contact when none is marked):
/// the invoice as PDF, its UBL file and a link to it in the client portal, through the workspace's mail.
/// </summary>
public sealed class InvoiceMailer(TenantDbContextFactory factory, TenantContext tenant, InvoiceDocuments documents, EmailSender email, WorkspaceLinks links)
{
    public async Task<IReadOnlyList<string>> RecipientsAsync(Guid invoiceId, CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var clientId = await db.Invoices.Where(i => i.Id == invoiceId).Select(i => (Guid?)i.ClientId).SingleOrDefaultAsync(ct);
        if (clientId is null)
        {
            return [];
        }

        var client = await db.Clients.AsNoTracking().Include(c => c.Contacts).SingleAsync(c => c.Id == clientId, ct);
        return client.InvoiceRecipients().Select(c => c.Email).ToList();
    }

    /// <summary>Mails the invoice; returns who it went to (empty when the client has no contact to send to).</summary>
    public async Task<IReadOnlyList<string>> SendAsync(Guid invoiceId, Uri? current = null, CancellationToken ct = default)
    {
        var d = await documents.LoadAsync(invoiceId, ct) ?? throw new Psa.Domain.DomainException("No such invoice.", "Invoice");
        var recipients = d.Client.InvoiceRecipients();
        if (recipients.Count == 0)
        {
            return [];
        }

        using var ubl = new MemoryStream();
        InvoiceDocuments.Ubl(d).Save(ubl);
        var number = d.Invoice.DisplayNumber;
        IReadOnlyList<MailAttachment> files =
        [
            new($"{number}.pdf", "application/pdf", InvoicePdf.Write(d)),
            new($"{number}.xml", "application/xml", ubl.ToArray()),
        ];
        var link = $"{links.Workspace(tenant.Required.Slug.Value, current)}/portal/invoices/{d.Invoice.Id}";
        var kind = d.Invoice.IsCreditNote ? "Credit note" : "Invoice";
        string E(string s) => WebUtility.HtmlEncode(s);
        var due = d.Invoice.DueOn is { } on && !d.Invoice.IsCreditNote ? $", due {on:d MMM yyyy}" : string.Empty;
        foreach (var contact in recipients)
        {
            var body = $"<p>Hello {E(contact.Name)},</p>" +
                $"<p>{E(d.SellerName)} sent you {kind.ToLowerInvariant()} <strong>{E(number)}</strong> for {E(d.ClientName)}: " +
                $"{E(d.Invoice.Currency)} {d.Invoice.Total.ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture)}{due}.</p>" +
                $"<p>The {kind.ToLowerInvariant()} is attached as a PDF, with its UBL e-invoice file for your accounting system.</p>" +
                $"<p><a href=\"{link}\">View it in the client portal</a></p>" +
                (InvoiceDocuments.PaymentLine(d.Preferences) is { } bank ? $"<p>{E(bank)}. Please quote {E(number)} with your payment.</p>" : string.Empty);
            await email.SendAsync(contact.Email, $"{kind} {number} from {d.SellerName}", body, files, ct);
        }

        return recipients.Select(c => c.Email).ToList();
    }
}
