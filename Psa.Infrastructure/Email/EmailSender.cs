using System.Net.Sockets;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Psa.Infrastructure.Settings;
using Psa.Infrastructure.Tenancy;

namespace Psa.Infrastructure.Email;

/// <summary>
/// Sends a workspace's mail over SMTP with MailKit when <c>Psa:Smtp:Host</c> is set, or writes it as .eml
/// files to a pickup folder in development, and keeps a copy in the workspace's Outbox so administrators
/// can see what was sent — with every one-time secret (reset codes, invitation tokens) removed, so the copy
/// cannot be used to act as the recipient. Several messages at once share one SMTP connection and one
/// Outbox write. A message that cannot be delivered is recorded as failed; it never fails the caller.
/// </summary>
public sealed partial class EmailSender(
    TenantDbContextFactory databases,
    TenantContext tenant,
    IOptions<PsaOptions> options,
    TimeProvider time,
    ILogger<EmailSender> logger)
{
    public const string Redacted = "redacted";

    public Task SendAsync(string to, string subject, string htmlBody, CancellationToken cancellationToken = default) =>
        SendAsync([new OutgoingMail(to, subject, htmlBody)], cancellationToken);

    public Task SendAsync(string to, string subject, string htmlBody, IReadOnlyList<MailAttachment> attachments, CancellationToken cancellationToken = default) =>
        SendAsync([new OutgoingMail(to, subject, htmlBody) { Attachments = attachments }], cancellationToken);

    public Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default) => SendAsync([mail], cancellationToken);

    public async Task SendAsync(IReadOnlyList<OutgoingMail> mails, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mails);
        if (mails.Count == 0)
        {
            return;
        }

        var smtp = options.Value.Smtp;
        var slug = tenant.Required.Slug.Value;
        var deliveries = new string[mails.Count];
        var messages = new MimeMessage?[mails.Count];
        for (var i = 0; i < mails.Count; i++)
        {
            try
            {
                messages[i] = Compose(mails[i], smtp, slug);
            }
            catch (ParseException ex)
            {
                deliveries[i] = $"Failed: “{mails[i].To}” is not an email address ({ex.Message})";
            }
        }

        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            await WritePickupAsync(smtp, slug, messages, deliveries, cancellationToken);
        }
        else
        {
            await SendSmtpAsync(smtp, messages, deliveries, cancellationToken);
        }

        await using var db = databases.Create();
        var now = time.GetUtcNow();
        db.Outbox.AddRange(mails.Select((mail, i) => new OutboxMessage
        {
            SentUtc = now,
            To = mail.To,
            Subject = mail.Subject,
            HtmlBody = Redact(mail.HtmlBody),
            Delivery = deliveries[i],
            Attachments = mail.Attachments.Count == 0 ? null : string.Join(", ", mail.Attachments.Select(a => a.FileName)),
        }));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Links keep their address, but the value of any <c>token</c> or <c>code</c> parameter is replaced.</summary>
    public static string Redact(string html) => SecretParameter().Replace(html, "$1" + Redacted);

    /// <summary>The Message-ID every message of one conversation (a ticket) refers to, so mail clients thread them.</summary>
    public static string ThreadId(string thread, string slug, string fromAddress)
    {
        var domain = MailboxAddress.TryParse(fromAddress, out var from) && from.Domain is { Length: > 0 } d ? d : "localhost";
        return $"{thread}.{slug}@{domain}";
    }

    [GeneratedRegex("([?&](?:amp;)?(?:token|code)=)[^&\"'\\s<>]+", RegexOptions.IgnoreCase)]
    private static partial Regex SecretParameter();

    private static MimeMessage Compose(OutgoingMail mail, SmtpOptions smtp, string slug)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        if (!string.IsNullOrWhiteSpace(mail.ReplyTo))
        {
            message.ReplyTo.Add(MailboxAddress.Parse(mail.ReplyTo));
        }

        message.Subject = mail.Subject;
        if (mail.Thread is { Length: > 0 } thread)
        {
            var root = ThreadId(thread, slug, smtp.From);
            message.InReplyTo = root;
            message.References.Add(root);
        }

        var body = new BodyBuilder { HtmlBody = mail.HtmlBody };
        foreach (var file in mail.Attachments)
        {
            body.Attachments.Add(file.FileName, file.Content, ContentType.Parse(file.ContentType));
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    private async Task WritePickupAsync(SmtpOptions smtp, string slug, MimeMessage?[] messages, string[] deliveries, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(smtp.PickupFolder(options.Value.FullDataDirectory), slug);
        Directory.CreateDirectory(folder);
        // What an SMTP server would receive: 7-bit transfer encodings and CRLF line ends.
        var format = new FormatOptions { NewLineFormat = NewLineFormat.Dos };
        for (var i = 0; i < messages.Length; i++)
        {
            if (messages[i] is not { } message)
            {
                continue;
            }

            message.Prepare(EncodingConstraint.SevenBit);
            await message.WriteToAsync(format, Path.Combine(folder, Guid.NewGuid().ToString("N") + ".eml"), cancellationToken);
            deliveries[i] = "Written to pickup folder";
        }
    }

    private async Task SendSmtpAsync(SmtpOptions smtp, MimeMessage?[] messages, string[] deliveries, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(30).TotalMilliseconds };
        try
        {
            // TLS is required when asked for: implicit on 465, STARTTLS elsewhere; never a silent fall back to plain text.
            var security = !smtp.EnableSsl ? SecureSocketOptions.None : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
            await client.ConnectAsync(smtp.Host!, smtp.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? string.Empty, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or SmtpCommandException or SmtpProtocolException or AuthenticationException or SslHandshakeException or NotSupportedException or TimeoutException)
        {
            logger.LogError(ex, "Connecting to the SMTP server {Host}:{Port} failed", smtp.Host, smtp.Port);
            for (var i = 0; i < messages.Length; i++)
            {
                deliveries[i] ??= "Failed: " + ex.Message;
            }

            return;
        }

        for (var i = 0; i < messages.Length; i++)
        {
            if (messages[i] is not { } message)
            {
                continue;
            }

            try
            {
                await client.SendAsync(message, cancellationToken);
                deliveries[i] = "Sent";
            }
            catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or IOException or ServiceNotConnectedException)
            {
                logger.LogError(ex, "Sending mail to {To} failed", message.To);
                deliveries[i] = "Failed: " + ex.Message;
                if (!client.IsConnected)
                {
                    // The server hung up: the rest cannot go either.
                    for (var j = i + 1; j < messages.Length; j++)
                    {
                        deliveries[j] ??= "Failed: " + ex.Message;
                    }

                    return;
                }
            }
        }

        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}

/// <summary>A file sent with a mail (an invoice's PDF and UBL).</summary>
public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>One message for <see cref="EmailSender"/>.</summary>
public sealed record OutgoingMail(string To, string Subject, string HtmlBody)
{
    public IReadOnlyList<MailAttachment> Attachments { get; init; } = [];

    /// <summary>Where the recipient's replies go (the support mailbox, for ticket mail).</summary>
    public string? ReplyTo { get; init; }

    /// <summary>A conversation ("ticket-42"): its messages refer to one root Message-ID, so mail clients thread them.</summary>
    public string? Thread { get; init; }
}
