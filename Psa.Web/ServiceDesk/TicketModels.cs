using Psa.Domain.ServiceDesk;

namespace Psa.Web.ServiceDesk;

/// <summary>
/// Who is acting: a staff member (with their engineer row) or someone of the client — a contact, or a
/// sender who mailed in without being one yet (no contact, but the ticket's client).
/// </summary>
public sealed record TicketActor(string Name, string? UserId, Guid? EngineerId, Guid? ContactId = null, Guid? ContactClientId = null)
{
    public bool IsContact => ContactClientId is not null;

    /// <summary>A signed-in portal contact: their client comes from their claims, never from the request.</summary>
    public static TicketActor ForContact(System.Security.Claims.ClaimsPrincipal contact) =>
        new(Portal.PortalService.ContactName(contact), null, null,
            Guid.TryParse(contact.FindFirst(Auth.PsaClaims.Contact)?.Value, out var id) ? id : throw new UnauthorizedAccessException("Not a portal contact."),
            Portal.PortalQueries.ClientOf(contact));
}

public sealed record NewTicketInput
{
    public Guid ClientId { get; set; }

    public Guid? ContactId { get; set; }

    public Guid? SiteId { get; set; }

    public Guid? BoardId { get; set; }

    public TicketType Type { get; set; } = TicketType.Incident;

    public TicketImpact Impact { get; set; } = TicketImpact.Medium;

    public TicketUrgency Urgency { get; set; } = TicketUrgency.Medium;

    public string Title { get; set; } = string.Empty;

    public string? Description { get; set; }

    /// <summary>Empty takes the board's default work type.</summary>
    public string? WorkTypeCode { get; set; }

    public IReadOnlyList<string>? Tags { get; set; }

    /// <summary>Assign to this engineer instead of routing.</summary>
    public Guid? AssigneeEngineerId { get; set; }

    public TicketSource Source { get; set; } = TicketSource.Staff;
}

public sealed record TicketEditInput(string Title, string? Description, TicketType Type, TicketImpact Impact, TicketUrgency Urgency, string WorkTypeCode,
    Guid? ContactId, Guid? SiteId, Guid? BoardId, IReadOnlyList<string>? Tags);

/// <summary>Where a ticket from an unknown sender goes: the client, and an existing contact or the name for a new one (the sender's address is its email).</summary>
public sealed record TriageInput(Guid ClientId, Guid? ContactId, string? NewContactName);

/// <summary>A ticket waiting on the triage board to be filed under a client: who sent it.</summary>
public sealed record TriageState(string? RequesterEmail, string SenderName);

/// <summary>What the service board filters by; null fields do not filter.</summary>
public sealed record BoardFilter
{
    public Guid? BoardId { get; init; }

    public TicketStatus? Status { get; init; }

    public TicketPriority? Priority { get; init; }

    public Guid? AssigneeEngineerId { get; init; }

    public Guid? ClientId { get; init; }

    public string? Text { get; init; }

    /// <summary>Open tickets only (New to Waiting on client); false shows resolved and closed too.</summary>
    public bool OpenOnly { get; init; } = true;

    /// <summary>Rows per status column; the counts are always complete.</summary>
    public int Take { get; init; } = 100;
}

public sealed record TicketRow(Guid Id, int Number, string Title, TicketStatus Status, TicketPriority Priority, TicketType Type, Guid ClientId, string ClientName,
    Guid? BoardId, string? BoardName, Guid? AssigneeEngineerId, string? AssigneeName, DateTimeOffset CreatedUtc, DateTimeOffset UpdatedUtc,
    DateTimeOffset? ResponseDueUtc, DateTimeOffset? ResolutionDueUtc, bool Breached, bool Paused)
{
    public string Reference => TicketText.Reference(Number);

    /// <summary>The next deadline of the ticket's running clocks.</summary>
    public DateTimeOffset? NextDueUtc => ResponseDueUtc is { } r && (ResolutionDueUtc is null || r < ResolutionDueUtc) ? r : ResolutionDueUtc;
}

public sealed record BoardView(IReadOnlyList<TicketRow> Rows, IReadOnlyDictionary<TicketStatus, int> Counts, int Total);

public sealed record TicketMessageView(Guid Id, MessageKind Kind, MessageAuthor Author, string AuthorName, string Body, DateTimeOffset CreatedUtc, int? LoggedMinutes);

public sealed record TicketActivityView(DateTimeOffset AtUtc, string Actor, string Text);

public sealed record TicketTimeView(Guid Id, string EngineerName, DateTime Start, int Minutes, string WorkTypeCode, bool Billable, string Approval, bool Invoiced, string? Note);

public sealed record TicketAttachmentView(Guid Id, string FileName, long Size, string UploadedBy, DateTimeOffset CreatedUtc);

public sealed record TicketLink(Guid Id, int Number, string Title, TicketStatus Status)
{
    public string Reference => TicketText.Reference(Number);
}

public sealed record TicketDetail(
    Guid Id,
    int Number,
    string Title,
    string Description,
    TicketStatus Status,
    TicketType Type,
    TicketImpact Impact,
    TicketUrgency Urgency,
    TicketPriority Priority,
    string WorkTypeCode,
    IReadOnlyList<string> Tags,
    Guid ClientId,
    string ClientName,
    Guid? ContactId,
    string? ContactName,
    Guid? SiteId,
    string? SiteName,
    Guid? AgreementId,
    string? AgreementName,
    Guid? BoardId,
    string? BoardName,
    Guid? AssigneeEngineerId,
    string? AssigneeName,
    string? AssignmentReason,
    TicketSource Source,
    string? Resolution,
    DateTimeOffset CreatedUtc,
    DateTimeOffset? ResolvedUtc,
    string? SlaPolicyName,
    IReadOnlyList<SlaClockState> Clocks,
    IReadOnlyList<TicketMessageView> Messages,
    IReadOnlyList<TicketActivityView> Activity,
    IReadOnlyList<TicketTimeView> Time,
    IReadOnlyList<TicketAttachmentView> Attachments,
    TicketLink? Parent,
    IReadOnlyList<TicketLink> Children,
    TicketLink? MergedInto,
    bool TimerRunning,
    IReadOnlyList<TicketStatus> NextStatuses)
{
    public string Reference => TicketText.Reference(Number);

    public int TotalMinutes => Time.Sum(t => t.Minutes);
}
