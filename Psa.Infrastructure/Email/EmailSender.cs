using System.Net;
using System.Net.Mail;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Psa.Infrastructure.Settings;
using Psa.Infrastructure.Tenancy;

namespace Psa.Infrastructure.Email;

/// <summary>
/// Sends a workspace's mail over SMTP, or writes it to a pickup folder in development, and keeps a
/// copy in the workspace's Outbox so administrators can see what was sent — with every one-time
/// secret (reset codes, invitation tokens) removed, so the copy cannot be used to act as the recipient.
/// </summary>
public sealed partial class EmailSender(
    TenantDbContextFactory databases,
    TenantContext tenant,
    IOptions<PsaOptions> options,
    TimeProvider time,
    ILogger<EmailSender> logger)
{
    public Task SendAsync(string to, string subject, string htmlBody, CancellationToken cancellationToken = default) =>
        SendAsync(to, subject, htmlBody, [], cancellationToken);

    public async Task SendAsync(string to, string subject, string htmlBody, IReadOnlyList<MailAttachment> attachments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        var smtp = options.Value.Smtp;
        string delivery;
        try
        {
            using var message = new MailMessage(smtp.From, to, subject, htmlBody) { IsBodyHtml = true };
            foreach (var file in attachments)
            {
                message.Attachments.Add(new Attachment(new MemoryStream(file.Content), file.FileName, file.ContentType));
            }

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
            HtmlBody = Redact(htmlBody),
            Delivery = delivery,
            Attachments = attachments.Count == 0 ? null : string.Join(", ", attachments.Select(a => a.FileName)),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public const string Redacted = "redacted";

    /// <summary>Links keep their address, but the value of any <c>token</c> or <c>code</c> parameter is replaced.</summary>
    public static string Redact(string html) => SecretParameter().Replace(html, "$1" + Redacted);

    [GeneratedRegex("([?&](?:amp;)?(?:token|code)=)[^&\"'\\s<>]+", RegexOptions.IgnoreCase)]
    private static partial Regex SecretParameter();

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

/// <summary>A file sent with a mail (an invoice's PDF and UBL).</summary>
public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);
