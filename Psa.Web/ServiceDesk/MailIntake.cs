using System.Net;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Psa.Domain;
using Psa.Domain.Clients;
using Psa.Domain.ServiceDesk;
using Psa.Infrastructure;
using Psa.Infrastructure.ServiceDesk;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.ServiceDesk;

/// <summary>What one poll of the support mailbox did.</summary>
public sealed record MailIntakeResult(bool Polled, int Read, int Opened, int Replies, int Ignored, string Summary);

/// <summary>
/// Email to ticket for one workspace: reads new mail from the support mailbox over IMAP (MailKit). Mail
/// from a known contact opens a ticket for their client; from anyone else, a ticket on the triage
/// board under the inactive "Unknown senders" client; a subject naming an open ticket ("[Ticket #42]")
/// adds the mail as the client's reply. Attachments are kept; auto-replies, bulk mail and our own mail
/// are recorded and left alone so two robots never answer each other. Progress (UIDVALIDITY, last UID)
/// is saved after every message, and each Message-ID is handled once.
/// </summary>
public sealed partial class MailIntake(
    TenantDbContextFactory databases,
    TenantContext tenant,
    TicketService tickets,
    SupportMailboxService mailboxes,
    IOptions<PsaOptions> options,
    TimeProvider time,
    ILogger<MailIntake> logger)
{
    /// <summary>At most this many messages per poll, so one full mailbox cannot hold the job for long.</summary>
    public const int MaxPerPoll = 100;

    public const string UnknownSendersCode = "unknown-senders";

    private const string MailboxActor = "Support mailbox";

    /// <summary>One poll per workspace at a time on this node ("Read mail now" beside the job); the Message-ID index stops a second node.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> Polls = new(StringComparer.Ordinal);

    public async Task<MailIntakeResult> PollAsync(CancellationToken cancellationToken = default)
    {
        var gate = Polls.GetOrAdd(tenant.Required.Slug.Value, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken))
        {
            return new MailIntakeResult(false, 0, 0, 0, 0, "The mailbox is being read already.");
        }

        try
        {
            return await PollLockedAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<MailIntakeResult> PollLockedAsync(CancellationToken cancellationToken)
    {
        SupportMailbox? mailbox;
        await using (var db = databases.Create())
        {
            mailbox = await db.SupportMailboxes.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        }

        if (mailbox is not { Enabled: true })
        {
            return new MailIntakeResult(false, 0, 0, 0, 0, "The support mailbox is off.");
        }

        var (read, opened, replies, ignored) = (0, 0, 0, 0);
        string summary;
        try
        {
            using var client = new ImapClient { Timeout = 30_000 };
            await client.ConnectAsync(mailbox.Host, mailbox.Port, mailbox.Security switch
            {
                MailboxSecurity.StartTls => SecureSocketOptions.StartTls,
                MailboxSecurity.None => SecureSocketOptions.None,
                _ => SecureSocketOptions.SslOnConnect,
            }, cancellationToken);
            await client.AuthenticateAsync(mailbox.UserName, mailboxes.Password(mailbox), cancellationToken);
            var folder = await client.GetFolderAsync(mailbox.Folder, cancellationToken);
            await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
            long validity = folder.UidValidity;
            var last = validity == mailbox.UidValidity ? mailbox.LastUid : 0;
            // "n:*" always names the newest message even when its UID is below n, hence the second filter.
            var uids = (await folder.SearchAsync(SearchQuery.Uids(new UniqueIdRange(new UniqueId((uint)Math.Min(last + 1, uint.MaxValue)), UniqueId.MaxValue)), cancellationToken))
                .Where(u => u.Id > last).OrderBy(u => u.Id).Take(MaxPerPoll).ToList();
            foreach (var uid in uids)
            {
                using var message = await folder.GetMessageAsync(uid, cancellationToken);
                var outcome = await HandleAsync(message, $"uid:{validity}:{uid.Id}", mailbox, cancellationToken);
                read++;
                switch (outcome.Kind)
                {
                    case OutcomeKind.Opened: opened++; break;
                    case OutcomeKind.Reply: replies++; break;
                    default: ignored++; break;
                }

                await folder.AddFlagsAsync(uid, MessageFlags.Seen, true, cancellationToken);
                await SaveProgressAsync(validity, uid.Id, null, cancellationToken);
            }

            await client.DisconnectAsync(true, cancellationToken);
            summary = read == 0 ? "No new mail." : $"Read {read} message{(read == 1 ? string.Empty : "s")}: {opened} ticket{(opened == 1 ? string.Empty : "s")} opened, {replies} repl{(replies == 1 ? "y" : "ies")} added, {ignored} ignored.";
        }
        catch (Exception ex) when (ex is MailKit.Net.Imap.ImapCommandException or MailKit.Net.Imap.ImapProtocolException or AuthenticationException
                                       or SslHandshakeException or System.Net.Sockets.SocketException or IOException or FolderNotFoundException or TimeoutException
                                       or System.Security.Cryptography.CryptographicException)
        {
            logger.LogWarning(ex, "Reading the support mailbox {Host} failed", mailbox.Host);
            summary = $"Could not read the mailbox: {ex.Message}";
        }

        await SaveProgressAsync(null, null, summary, cancellationToken);
        return new MailIntakeResult(true, read, opened, replies, ignored, summary);
    }

    private enum OutcomeKind
    {
        Opened,
        Reply,
        Ignored,
    }

    private sealed record Outcome(OutcomeKind Kind, int? TicketNumber, string Text);

    private async Task<Outcome> HandleAsync(MimeMessage message, string fallbackId, SupportMailbox mailbox, CancellationToken cancellationToken)
    {
        var messageId = string.IsNullOrWhiteSpace(message.MessageId) ? fallbackId : message.MessageId.Trim();
        if (messageId.Length > 1000)
        {
            messageId = messageId[..1000];
        }

        var sender = message.From.Mailboxes.FirstOrDefault() ?? message.Sender;
        var address = sender?.Address?.Trim() ?? string.Empty;
        var name = string.IsNullOrWhiteSpace(sender?.Name) ? address : sender.Name.Trim();
        await using (var db = databases.Create())
        {
            if (await db.InboundEmails.AnyAsync(m => m.MessageId == messageId, cancellationToken))
            {
                return new Outcome(OutcomeKind.Ignored, null, "Already read");
            }
        }

        Outcome outcome;
        var automated = InboundMailRules.AutomatedReason(h => message.Headers[h], address,
            [mailbox.Address, mailbox.UserName, options.Value.Smtp.From]);
        if (automated is not null)
        {
            outcome = new Outcome(OutcomeKind.Ignored, null, $"Ignored: {automated}");
        }
        else
        {
            try
            {
                outcome = await ToTicketAsync(message, address, name, cancellationToken);
            }
            catch (DomainException ex)
            {
                outcome = new Outcome(OutcomeKind.Ignored, null, $"Refused: {ex.Message}");
            }
        }

        await using (var db = databases.Create())
        {
            db.InboundEmails.Add(new InboundEmail
            {
                MessageId = messageId,
                From = Cut(address, 320),
                Subject = Cut(message.Subject ?? string.Empty, 1000),
                ReceivedUtc = time.GetUtcNow(),
                TicketNumber = outcome.TicketNumber,
                Outcome = Cut(outcome.Text, 1000),
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        return outcome;
    }

    private async Task<Outcome> ToTicketAsync(MimeMessage message, string address, string name, CancellationToken cancellationToken)
    {
        var body = InboundMailRules.NewText(message.TextBody ?? HtmlToText(message.HtmlBody), Ticket.MaxDescription);
        List<(Guid Id, Guid ClientId, string Name)> contacts;
        string? followsUp = null;
        await using (var db = databases.Create())
        {
            var lower = address.ToLowerInvariant();
            contacts = (await (from c in db.Contacts.AsNoTracking()
                               join client in db.Clients on c.ClientId equals client.Id
                               where c.Email.ToLower() == lower && client.IsActive
                               orderby c.IsPrimary descending, c.Name
                               select new { c.Id, c.ClientId, c.Name }).ToListAsync(cancellationToken))
                .Select(c => (c.Id, c.ClientId, c.Name)).ToList();
            if (InboundMailRules.TicketNumber(message.Subject) is { } number
                && await db.Tickets.AsNoTracking().Where(t => t.Number == number).Select(t => new { t.ClientId, t.Status, t.RequesterEmail }).SingleOrDefaultAsync(cancellationToken) is { } ticket)
            {
                var contact = contacts.Where(c => c.ClientId == ticket.ClientId).Select(c => ((Guid Id, string Name)?)(c.Id, c.Name)).FirstOrDefault();
                var known = contact is not null || string.Equals(ticket.RequesterEmail, address, StringComparison.OrdinalIgnoreCase);
                if (known && ticket.Status != TicketStatus.Closed)
                {
                    var actor = new TicketActor(contact?.Name ?? name, null, null, contact?.Id, ticket.ClientId);
                    var reply = await tickets.ReplyAsync(number, MessageKind.PublicReply, body.Length == 0 ? "(empty message)" : body, actor, cancellationToken: cancellationToken);
                    var kept = await KeepAttachmentsAsync(message, number, reply, actor, cancellationToken);
                    return new Outcome(OutcomeKind.Reply, number, $"Reply added to {TicketText.Reference(number)}{kept}");
                }

                // A closed ticket, or someone outside its client: a new ticket that says where it came from, never a reply on someone else's ticket.
                followsUp = known ? $"Follows up {TicketText.Reference(number)}, which is closed.\n\n" : null;
            }
        }

        var input = new NewTicketInput
        {
            Title = InboundMailRules.Title(message.Subject),
            Description = Cut(followsUp + body, Ticket.MaxDescription),
            Source = TicketSource.Email,
        };
        TicketActor opener;
        if (contacts.Count > 0)
        {
            var (contactId, clientId, contactName) = contacts[0];
            input = input with { ClientId = clientId, ContactId = contactId };
            opener = new TicketActor(contactName, null, null, contactId, clientId);
        }
        else
        {
            var (clientId, triage) = await UnknownSendersAsync(cancellationToken);
            input = input with { ClientId = clientId, BoardId = triage };
            opener = new TicketActor(name, null, null, null, clientId);
        }

        var opened = await tickets.CreateAsync(input, opener, address, cancellationToken);
        var attached = await KeepAttachmentsAsync(message, opened, null, opener, cancellationToken);
        return new Outcome(OutcomeKind.Opened, opened,
            $"Opened {TicketText.Reference(opened)}{(contacts.Count > 0 ? string.Empty : " on the triage board (unknown sender)")}{attached}");
    }

    /// <summary>Keeps each attachment of an allowed type and size; the others are named in an internal note so staff know to ask.</summary>
    private async Task<string> KeepAttachmentsAsync(MimeMessage message, int number, Guid? messageId, TicketActor actor, CancellationToken cancellationToken)
    {
        var (kept, refused) = (0, new List<string>());
        foreach (var part in message.Attachments.OfType<MimePart>().Where(p => p.Content is not null))
        {
            var fileName = part.FileName ?? "attachment";
            using var content = new MemoryStream();
            await part.Content!.DecodeToAsync(content, cancellationToken);
            content.Position = 0;
            try
            {
                await tickets.AttachAsync(number, messageId, fileName, content.Length, content, actor, cancellationToken);
                kept++;
            }
            catch (DomainException ex)
            {
                refused.Add(ex.Message);
            }
        }

        if (refused.Count > 0)
        {
            await tickets.ReplyAsync(number, MessageKind.InternalNote, "Attachments not kept from the mail:\n" + string.Join('\n', refused),
                new TicketActor(MailboxActor, null, null), cancellationToken: cancellationToken);
        }

        return (kept, refused.Count) switch
        {
            (0, 0) => string.Empty,
            (_, 0) => $"; {kept} attachment{(kept == 1 ? string.Empty : "s")} kept",
            _ => $"; {kept} attachment{(kept == 1 ? string.Empty : "s")} kept, {refused.Count} refused",
        };
    }

    /// <summary>The inactive client that holds tickets from unknown senders until someone files them, and the triage board.</summary>
    private async Task<(Guid ClientId, Guid? TriageBoardId)> UnknownSendersAsync(CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        await DeskDefaults.EnsureAsync(db, cancellationToken);
        var triage = await db.ServiceBoards.Where(b => b.IsTriage).OrderBy(b => b.Sequence).Select(b => (Guid?)b.Id).FirstOrDefaultAsync(cancellationToken);
        var clientId = await db.Clients.Where(c => c.Code == UnknownSendersCode).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(cancellationToken);
        if (clientId is { } id)
        {
            return (id, triage);
        }

        var client = Client.Create(UnknownSendersCode, "Unknown senders (email)", 0m);
        client.Deactivate();
        db.Clients.Add(client);
        await db.SaveChangesAsync(cancellationToken);
        return (client.Id, triage);
    }

    private async Task SaveProgressAsync(long? validity, uint? uid, string? summary, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var mailbox = await db.SupportMailboxes.SingleAsync(cancellationToken);
        if (validity is { } v && uid is { } u)
        {
            (mailbox.UidValidity, mailbox.LastUid) = (v, u);
        }

        if (summary is not null)
        {
            mailbox.LastPolledUtc = time.GetUtcNow();
            mailbox.LastResult = Cut(summary, 1000);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static string HtmlToText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return string.Empty;
        }

        var text = BlockEnd().Replace(html, "\n");
        text = Tag().Replace(text, string.Empty);
        return WebUtility.HtmlDecode(text);
    }

    private static string Cut(string text, int max) => text.Length > max ? text[..max] : text;

    [GeneratedRegex(@"<\s*(?:br\s*/?|/p|/div|/li|/tr|/h\d)\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();

    [GeneratedRegex(@"<[^>]*>|<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Tag();
}
