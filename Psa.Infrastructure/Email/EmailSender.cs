using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Psa.Infrastructure.Settings;
using Psa.Infrastructure.Tenancy;

namespace Psa.Infrastructure.Email;

/// <summary>
/// Sends a workspace's mail over SMTP, or writes it to a pickup folder in development, and keeps a
/// copy in the workspace's Outbox so administrators can read what was sent.
/// </summary>
public sealed class EmailSender(
    TenantDbContextFactory databases,
    TenantContext tenant,
    IOptions<PsaOptions> options,
    TimeProvider time,
    ILogger<EmailSender> logger)
{
    public async Task SendAsync(string to, string subject, string htmlBody, CancellationToken cancellationToken = default)
    {
        var smtp = options.Value.Smtp;
        string delivery;
        try
        {
            using var message = new MailMessage(smtp.From, to, subject, htmlBody) { IsBodyHtml = true };
            using var client = CreateClient(smtp, tenant.Required.Slug.Value, out delivery);
            await client.SendMailAsync(message, cancellationToken);
        }
        catch (SmtpException ex)
        {
            logger.LogError(ex, "Sending mail to {To} failed", to);
            delivery = "Failed: " + ex.Message;
        }

        await using var db = databases.Create();
        db.Outbox.Add(new OutboxMessage
        {
            SentUtc = time.GetUtcNow(),
            To = to,
            Subject = subject,
            HtmlBody = htmlBody,
            Delivery = delivery,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private SmtpClient CreateClient(SmtpOptions smtp, string slug, out string delivery)
    {
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            var folder = Path.Combine(
                string.IsNullOrWhiteSpace(smtp.PickupDirectory)
                    ? Path.Combine(options.Value.FullDataDirectory, "mail")
                    : Path.GetFullPath(smtp.PickupDirectory),
                slug);
            Directory.CreateDirectory(folder);
            delivery = "Written to pickup folder";
            return new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = folder };
        }

        delivery = "Sent";
        var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = smtp.EnableSsl };
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        }

        return client;
    }
}
