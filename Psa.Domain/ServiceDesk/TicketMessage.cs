namespace Psa.Domain.ServiceDesk;

/// <summary>A public reply (mailed to the contact, shown in the portal) or an internal note (staff only).</summary>
public sealed class TicketMessage
{
    public const int MaxBody = 20000;

    private TicketMessage()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid TicketId { get; private set; }

    public MessageKind Kind { get; private set; }

    public MessageAuthor Author { get; private set; }

    public string AuthorName { get; private set; } = string.Empty;

    public string? AuthorUserId { get; private set; }

    public Guid? ContactId { get; private set; }

    public string Body { get; private set; } = string.Empty;

    public DateTimeOffset CreatedUtc { get; private set; }

    /// <summary>The time entry this reply logged, when the engineer logged time with it.</summary>
    public Guid? TimeEntryId { get; private set; }

    public bool IsPublic => Kind == MessageKind.PublicReply;

    internal static TicketMessage Create(Guid ticketId, MessageKind kind, MessageAuthor author, string authorName, string? authorUserId, Guid? contactId,
        string body, DateTimeOffset nowUtc)
    {
        body = (body ?? string.Empty).Trim();
        if (body.Length == 0)
        {
            throw new DomainException("Write a message first.", "Message");
        }

        if (body.Length > MaxBody)
        {
            throw new DomainException($"A message is at most {MaxBody} characters.", "Message");
        }

        return new TicketMessage
        {
            TicketId = ticketId,
            Kind = kind,
            Author = author,
            AuthorName = string.IsNullOrWhiteSpace(authorName) ? "Unknown" : authorName.Trim(),
            AuthorUserId = authorUserId,
            ContactId = contactId,
            Body = body,
            CreatedUtc = nowUtc,
        };
    }

    public void LinkTime(Guid timeEntryId) => TimeEntryId = timeEntryId;
}

/// <summary>One line of a ticket's activity log: who did what, when.</summary>
public sealed class TicketActivity
{
    private TicketActivity()
    {
    }

    /// <summary>Time-ordered: a log grows at its end, so new lines land together in the key's index (the SLA watcher adds tens of thousands at once).</summary>
    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid TicketId { get; private set; }

    public DateTimeOffset AtUtc { get; private set; }

    public string Actor { get; private set; } = string.Empty;

    public string Text { get; private set; } = string.Empty;

    internal static TicketActivity Create(Guid ticketId, string actor, string text, DateTimeOffset nowUtc) => new()
    {
        TicketId = ticketId,
        Actor = actor.Length > 200 ? actor[..200] : actor,
        Text = text.Length > 1000 ? text[..1000] : text,
        AtUtc = nowUtc,
    };
}

/// <summary>A file on a ticket (from staff, the portal or an email), stored by the portal's attachment store.</summary>
public sealed class TicketAttachment
{
    private TicketAttachment()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid TicketId { get; private set; }

    public Guid? MessageId { get; private set; }

    public string FileName { get; private set; } = string.Empty;

    public string ContentType { get; private set; } = string.Empty;

    public long Size { get; private set; }

    /// <summary>The store's own name for the file (never the user's).</summary>
    public string StoredName { get; private set; } = string.Empty;

    public string UploadedBy { get; private set; } = string.Empty;

    public bool ByContact { get; private set; }

    public DateTimeOffset CreatedUtc { get; private set; }

    /// <summary>A file as staff, a contact or a mail attached it: the task attachments' types and size limit apply.</summary>
    public static TicketAttachment Create(Guid ticketId, Guid? messageId, string? fileName, long size, string uploadedBy, bool byContact, DateTimeOffset nowUtc)
    {
        var (name, type) = Portal.TaskAttachment.Checked(fileName, size);
        var attachment = new TicketAttachment
        {
            TicketId = ticketId,
            MessageId = messageId,
            FileName = name,
            ContentType = type,
            Size = size,
            UploadedBy = string.IsNullOrWhiteSpace(uploadedBy) ? "Unknown" : uploadedBy.Trim(),
            ByContact = byContact,
            CreatedUtc = nowUtc,
        };
        attachment.StoredName = "ticket-" + attachment.Id.ToString("N");
        return attachment;
    }
}
