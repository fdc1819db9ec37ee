using Psa.Domain.Common;
using Psa.Domain.ServiceDesk.Rules;

namespace Psa.Domain.ServiceDesk;

/// <summary>
/// A service desk ticket: numbered per workspace, owned by a client, billed under the agreement that
/// covers its work type. Every change goes through a method that checks the workflow's named rules and
/// writes the activity log. SLA clocks are kept as due instants (recomputed on every change that moves
/// them) so the watcher and the board read them without any arithmetic; the clocks pause while the
/// ticket waits on the client or is resolved.
/// </summary>
public sealed class Ticket
{
    public const int MaxTitle = 200;
    public const int MaxDescription = 20000;

    /// <summary>Share of a target after which the assignee is warned.</summary>
    public const decimal WarnShare = 0.75m;

    private readonly List<TicketMessage> _messages = [];
    private readonly List<TicketActivity> _activity = [];

    private Ticket()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public int Number { get; private set; }

    public Guid ClientId { get; private set; }

    public Guid? ContactId { get; private set; }

    public Guid? SiteId { get; private set; }

    public Guid? AgreementId { get; private set; }

    public Guid? BoardId { get; private set; }

    public TicketType Type { get; private set; }

    public TicketImpact Impact { get; private set; }

    public TicketUrgency Urgency { get; private set; }

    public TicketPriority Priority { get; private set; }

    public string Title { get; private set; } = string.Empty;

    public string Description { get; private set; } = string.Empty;

    /// <summary>Comma-separated, lower case, no duplicates.</summary>
    public string Tags { get; private set; } = string.Empty;

    public string WorkTypeCode { get; private set; } = string.Empty;

    public TicketStatus Status { get; private set; }

    public Guid? AssigneeEngineerId { get; private set; }

    /// <summary>Why routing chose the assignee ("skills: Azure 5; available; 2 h queued"), or who dispatched it.</summary>
    public string? AssignmentReason { get; private set; }

    public TicketSource Source { get; private set; }

    /// <summary>The address a mailed-in ticket came from; replies go there when the sender is no known contact.</summary>
    public string? RequesterEmail { get; private set; }

    public Guid? ParentTicketId { get; private set; }

    public Guid? MergedIntoTicketId { get; private set; }

    public string? Resolution { get; private set; }

    public DateTimeOffset CreatedUtc { get; private set; }

    public DateTimeOffset UpdatedUtc { get; private set; }

    public DateTimeOffset? FirstRespondedUtc { get; private set; }

    public DateTimeOffset? ResolvedUtc { get; private set; }

    public DateTimeOffset? ClosedUtc { get; private set; }

    public Guid? SlaPolicyId { get; private set; }

    public int? ResponseTargetMinutes { get; private set; }

    public int? ResolutionTargetMinutes { get; private set; }

    /// <summary>Business minutes spent paused in finished pauses.</summary>
    public int SlaPausedMinutes { get; private set; }

    /// <summary>Start of the current pause (waiting on client, or resolved); null while the clocks run.</summary>
    public DateTimeOffset? SlaPausedSinceUtc { get; private set; }

    /// <summary>Business minutes to the first public reply, frozen when it was sent.</summary>
    public int? ResponseMinutes { get; private set; }

    /// <summary>Business minutes to resolution (pauses excluded), frozen when resolved.</summary>
    public int? ResolutionMinutes { get; private set; }

    public DateTimeOffset? ResponseDueUtc { get; private set; }

    public DateTimeOffset? ResponseWarnUtc { get; private set; }

    public DateTimeOffset? ResolutionDueUtc { get; private set; }

    public DateTimeOffset? ResolutionWarnUtc { get; private set; }

    public DateTimeOffset? ResponseWarnedUtc { get; private set; }

    public DateTimeOffset? ResolutionWarnedUtc { get; private set; }

    public DateTimeOffset? ResponseBreachedUtc { get; private set; }

    public DateTimeOffset? ResolutionBreachedUtc { get; private set; }

    public IReadOnlyList<TicketMessage> Messages => _messages;

    public IReadOnlyList<TicketActivity> Activity => _activity;

    public string Reference => TicketText.Reference(Number);

    public bool IsSlaPaused => SlaPausedSinceUtc is not null;

    public IReadOnlyList<string> TagList => Tags.Length == 0 ? [] : Tags.Split(',');

    public static Ticket Open(int number, Guid clientId, Guid? contactId, Guid? siteId, TicketType type, TicketImpact impact, TicketUrgency urgency,
        string title, string? description, string workTypeCode, Guid? boardId, TicketSource source, string actor, DateTimeOffset nowUtc)
    {
        if (number <= 0)
        {
            throw new DomainException("Ticket numbers start at 1.", "Number");
        }

        if (clientId == Guid.Empty)
        {
            throw new DomainException("Client is required.", "Client");
        }

        var ticket = new Ticket
        {
            Number = number,
            ClientId = clientId,
            ContactId = contactId,
            SiteId = siteId,
            BoardId = boardId,
            Source = source,
            Status = TicketStatus.New,
            CreatedUtc = nowUtc,
            UpdatedUtc = nowUtc,
        };
        ticket.SetDetails(title, description, type, impact, urgency, workTypeCode);
        ticket.Log(actor, nowUtc, $"Opened {ticket.Reference} ({type.Label()}, {ticket.Priority}) via {source.ToString().ToLowerInvariant()}");
        return ticket;
    }

    /// <summary>Changes what the ticket is about; impact and urgency give the priority again (apply the SLA again after).</summary>
    public void Edit(string title, string? description, TicketType type, TicketImpact impact, TicketUrgency urgency, string workTypeCode,
        Guid? contactId, Guid? siteId, Guid? boardId, IEnumerable<string>? tags, string actor, DateTimeOffset nowUtc)
    {
        BusinessRuleViolationException.Check(new ClosedTicketCannotChange(this));
        var before = Priority;
        SetDetails(title, description, type, impact, urgency, workTypeCode);
        ContactId = contactId;
        SiteId = siteId;
        BoardId = boardId;
        if (tags is not null)
        {
            SetTags(tags);
        }

        Log(actor, nowUtc, before == Priority ? "Details changed" : $"Details changed; priority {before} → {Priority}");
    }

    /// <summary>
    /// Files a ticket that came in from an unknown sender under the client they belong to: the contact,
    /// board and client change, the site and agreement are cleared (choose the agreement and apply the SLA after).
    /// </summary>
    public void MoveToClient(Guid clientId, string clientName, Guid? contactId, Guid boardId, string note, string actor, DateTimeOffset nowUtc)
    {
        BusinessRuleViolationException.Check(new ClosedTicketCannotChange(this));
        if (clientId == Guid.Empty || clientId == ClientId)
        {
            throw new DomainException("Choose the client the ticket belongs to.", "Client");
        }

        ClientId = clientId;
        ContactId = contactId;
        SiteId = null;
        AgreementId = null;
        BoardId = boardId;
        Log(actor, nowUtc, $"Moved to {clientName} from triage{note}");
    }

    /// <summary>Records who mailed the ticket in, so public replies reach them even before they are a contact.</summary>
    public void SetRequester(string email)
    {
        email = (email ?? string.Empty).Trim();
        RequesterEmail = email.Length is > 0 and <= 320 && email.Contains('@', StringComparison.Ordinal) ? email : throw new DomainException("Requester email is not an address.", "Requester");
    }

    public void SetTags(IEnumerable<string> tags) =>
        Tags = string.Join(',', tags.Select(t => t.Trim().ToLowerInvariant().Replace(",", " ", StringComparison.Ordinal))
            .Where(t => t.Length is > 0 and <= 40).Distinct(StringComparer.Ordinal).Take(20));

    public void ChooseAgreement(Guid? agreementId, string? agreementName, string actor, DateTimeOffset nowUtc)
    {
        BusinessRuleViolationException.Check(new ClosedTicketCannotChange(this));
        if (AgreementId == agreementId)
        {
            return;
        }

        AgreementId = agreementId;
        Log(actor, nowUtc, agreementId is null ? "No agreement: billed as time and materials" : $"Agreement: {agreementName}");
    }

    /// <summary>Takes the policy's targets for the ticket's priority and recomputes the due instants.</summary>
    public void ApplySla(SlaPolicy? policy, BusinessClock clock)
    {
        SlaPolicyId = policy?.Id;
        var target = policy?.TargetFor(Priority);
        ResponseTargetMinutes = target?.ResponseMinutes;
        ResolutionTargetMinutes = target?.ResolutionMinutes;
        RecomputeDue(clock);
    }

    /// <summary>Gives the ticket to an engineer (routing or manual dispatch); a new ticket becomes Assigned.</summary>
    public void Assign(Guid engineerId, string engineerName, string reason, string actor, DateTimeOffset nowUtc)
    {
        BusinessRuleViolationException.Check(new ClosedTicketCannotChange(this));
        AssigneeEngineerId = engineerId;
        AssignmentReason = reason;
        if (Status == TicketStatus.New)
        {
            Status = TicketStatus.Assigned;
        }

        Log(actor, nowUtc, $"Assigned to {engineerName} ({reason})");
    }

    public void ChangeStatus(TicketStatus to, string actor, DateTimeOffset nowUtc, BusinessClock clock, bool timerRunning = false, string? resolution = null)
    {
        if (to == Status)
        {
            return;
        }

        BusinessRuleViolationException.Check(new StatusChangeFollowsWorkflow(this, to));
        BusinessRuleViolationException.Check(new WorkNeedsAnAssignee(this, to));
        if (to is TicketStatus.Resolved or TicketStatus.Closed)
        {
            BusinessRuleViolationException.Check(new ResolutionNeedsRequiredFields(this, resolution));
        }

        if (to == TicketStatus.Closed)
        {
            BusinessRuleViolationException.Check(new CannotCloseWithRunningTimer(this, timerRunning));
        }

        var from = Status;
        Status = to;
        switch (to)
        {
            case TicketStatus.WaitingOnClient:
                Pause(nowUtc);
                break;
            case TicketStatus.Resolved:
                Resolution = string.IsNullOrWhiteSpace(resolution) ? Resolution : resolution.Trim();
                ResolvedUtc = nowUtc;
                Pause(nowUtc);
                ResolutionMinutes = ElapsedMinutes(clock, nowUtc);
                if (ResolutionTargetMinutes is { } target && ResolutionMinutes > target && ResolutionBreachedUtc is null)
                {
                    ResolutionBreachedUtc = ResolutionDueUtc ?? nowUtc;
                }

                break;
            case TicketStatus.Closed:
                ClosedUtc = nowUtc;
                break;
            default:
                Resume(clock, nowUtc);
                break;
        }

        RecomputeDue(clock);
        Log(actor, nowUtc, $"Status {from.Label()} → {to.Label()}{(to == TicketStatus.Resolved ? $": {Resolution}" : string.Empty)}");
    }

    /// <summary>A resolved ticket comes back to its assignee (or the queue) within the reopen window; the resolution clock runs on.</summary>
    public void Reopen(string actor, DateTimeOffset nowUtc, int reopenDays, BusinessClock clock, string? why = null)
    {
        BusinessRuleViolationException.Check(new ReopenOnlyWithinWindow(this, nowUtc, reopenDays));
        Status = AssigneeEngineerId is null ? TicketStatus.New : TicketStatus.Assigned;
        ResolvedUtc = null;
        ResolutionMinutes = null;
        Resume(clock, nowUtc);
        RecomputeDue(clock);
        Log(actor, nowUtc, $"Reopened{(why is null ? string.Empty : $": {why}")}");
    }

    /// <summary>
    /// Adds to the conversation. The first public reply from staff answers the response clock; a
    /// contact's reply to a ticket waiting on them hands it back to its assignee and restarts the clocks.
    /// </summary>
    public TicketMessage AddMessage(MessageKind kind, MessageAuthor author, string authorName, string? authorUserId, Guid? contactId,
        string body, DateTimeOffset nowUtc, BusinessClock clock)
    {
        BusinessRuleViolationException.Check(new ClosedTicketCannotChange(this));
        if (author == MessageAuthor.Contact && kind == MessageKind.InternalNote)
        {
            throw new DomainException("Contacts can only reply publicly.", "Kind");
        }

        var message = TicketMessage.Create(Id, kind, author, authorName, authorUserId, contactId, body, nowUtc);
        _messages.Add(message);
        UpdatedUtc = nowUtc;
        if (author == MessageAuthor.Staff && kind == MessageKind.PublicReply && FirstRespondedUtc is null)
        {
            FirstRespondedUtc = nowUtc;
            ResponseMinutes = ElapsedMinutes(clock, nowUtc);
            if (ResponseTargetMinutes is { } target && ResponseMinutes > target && ResponseBreachedUtc is null)
            {
                ResponseBreachedUtc = ResponseDueUtc ?? nowUtc;
            }

            RecomputeDue(clock);
        }

        if (author == MessageAuthor.Contact && Status == TicketStatus.WaitingOnClient)
        {
            Status = TicketStatus.Assigned;
            Resume(clock, nowUtc);
            RecomputeDue(clock);
            Log(authorName, nowUtc, "Status Waiting on client → Assigned (client replied)");
        }

        Log(authorName, nowUtc, kind == MessageKind.InternalNote ? "Added an internal note" : author == MessageAuthor.Contact ? "Client replied" : "Replied to the client");
        return message;
    }

    /// <summary>This ticket duplicates <paramref name="target"/>: it closes, pointing at the ticket that carries on.</summary>
    public void MergeInto(Ticket target, string actor, DateTimeOffset nowUtc, bool timerRunning)
    {
        BusinessRuleViolationException.Check(new ClosedTicketCannotChange(this));
        BusinessRuleViolationException.Check(new MergeTargetMustBeAnotherOpenTicketOfTheClient(this, target));
        BusinessRuleViolationException.Check(new CannotCloseWithRunningTimer(this, timerRunning));
        MergedIntoTicketId = target.Id;
        Resolution = $"Duplicate of {target.Reference}";
        Status = TicketStatus.Closed;
        ResolvedUtc ??= nowUtc;
        ClosedUtc = nowUtc;
        SlaPausedSinceUtc ??= nowUtc;
        ResponseDueUtc = ResponseWarnUtc = ResolutionDueUtc = ResolutionWarnUtc = null;
        Log(actor, nowUtc, $"Merged into {target.Reference}");
        target.Log(actor, nowUtc, $"{Reference} “{Title}” merged into this ticket");
        target._messages.Add(TicketMessage.Create(target.Id, MessageKind.InternalNote, MessageAuthor.Staff, actor, null, null,
            $"Merged from {Reference} “{Title}”:\n{Description}", nowUtc));
    }

    /// <param name="parentAncestors">The parent's own parent chain, to refuse loops.</param>
    public void SetParent(Ticket? parent, IReadOnlyCollection<Guid> parentAncestors, string actor, DateTimeOffset nowUtc)
    {
        BusinessRuleViolationException.Check(new ClosedTicketCannotChange(this));
        if (parent is not null)
        {
            BusinessRuleViolationException.Check(new ParentMustBeAnotherTicketOfTheClientWithoutLoop(this, parent, parentAncestors));
        }

        ParentTicketId = parent?.Id;
        Log(actor, nowUtc, parent is null ? "No longer a child ticket" : $"Child of {parent.Reference}");
    }

    /// <summary>The SLA watcher's record that 75% of a target passed; once per clock.</summary>
    public bool RecordWarning(SlaClockKind clock, DateTimeOffset nowUtc)
    {
        if (clock == SlaClockKind.Response ? ResponseWarnedUtc is not null : ResolutionWarnedUtc is not null)
        {
            return false;
        }

        if (clock == SlaClockKind.Response)
        {
            ResponseWarnedUtc = nowUtc;
        }
        else
        {
            ResolutionWarnedUtc = nowUtc;
        }

        _activity.Add(SlaCrossing(Id, clock, breached: false, nowUtc));
        UpdatedUtc = nowUtc;
        return true;
    }

    /// <summary>The SLA watcher's record of a missed target; once per clock.</summary>
    public bool RecordBreach(SlaClockKind clock, DateTimeOffset nowUtc)
    {
        if (clock == SlaClockKind.Response ? ResponseBreachedUtc is not null : ResolutionBreachedUtc is not null)
        {
            return false;
        }

        if (clock == SlaClockKind.Response)
        {
            ResponseBreachedUtc = ResponseDueUtc ?? nowUtc;
        }
        else
        {
            ResolutionBreachedUtc = ResolutionDueUtc ?? nowUtc;
        }

        _activity.Add(SlaCrossing(Id, clock, breached: true, nowUtc));
        UpdatedUtc = nowUtc;
        return true;
    }

    /// <summary>The activity line of a warning or breach, for the watcher that records crossings of many tickets at once.</summary>
    public static TicketActivity SlaCrossing(Guid ticketId, SlaClockKind clock, bool breached, DateTimeOffset nowUtc) =>
        TicketActivity.Create(ticketId, "SLA watcher", breached ? $"{clock} target breached" : $"{clock} target 75% used", nowUtc);

    /// <summary>Business minutes the SLA has counted so far (pauses excluded).</summary>
    public int ElapsedMinutes(BusinessClock clock, DateTimeOffset nowUtc) =>
        Math.Max(0, clock.MinutesBetween(CreatedUtc, nowUtc) - SlaPausedMinutes - (SlaPausedSinceUtc is { } since ? clock.MinutesBetween(since, nowUtc) : 0));

    /// <summary>Both clocks as the ticket page and the API show them.</summary>
    public IReadOnlyList<SlaClockState> Clocks(BusinessClock clock, DateTimeOffset nowUtc)
    {
        var elapsed = ElapsedMinutes(clock, nowUtc);
        var list = new List<SlaClockState>(2);
        if (ResponseTargetMinutes is { } response)
        {
            list.Add(new SlaClockState(SlaClockKind.Response, response, ResponseMinutes ?? elapsed, ResponseMinutes is null && IsSlaPaused,
                FirstRespondedUtc, ResponseDueUtc, ResponseBreachedUtc is not null || (ResponseMinutes ?? elapsed) > response));
        }

        if (ResolutionTargetMinutes is { } resolution)
        {
            list.Add(new SlaClockState(SlaClockKind.Resolution, resolution, ResolutionMinutes ?? elapsed, ResolutionMinutes is null && IsSlaPaused,
                ResolvedUtc, ResolutionDueUtc, ResolutionBreachedUtc is not null || (ResolutionMinutes ?? elapsed) > resolution));
        }

        return list;
    }

    /// <summary>Time was logged on the ticket (the entry itself lives in time tracking).</summary>
    public void RecordTimeLogged(int minutes, string actor, DateTimeOffset nowUtc)
    {
        BusinessRuleViolationException.Check(new ClosedTicketCannotChange(this));
        Log(actor, nowUtc, $"Logged {minutes} min");
    }

    public void RecordAttachment(string fileName, string actor, DateTimeOffset nowUtc)
    {
        BusinessRuleViolationException.Check(new ClosedTicketCannotChange(this));
        Log(actor, nowUtc, $"Attached {fileName}");
    }

    internal void Log(string actor, DateTimeOffset nowUtc, string text)
    {
        _activity.Add(TicketActivity.Create(Id, actor, text, nowUtc));
        UpdatedUtc = nowUtc;
    }

    private void SetDetails(string title, string? description, TicketType type, TicketImpact impact, TicketUrgency urgency, string workTypeCode)
    {
        title = (title ?? string.Empty).Trim();
        if (title.Length is 0 or > MaxTitle)
        {
            throw new DomainException($"Title is required (at most {MaxTitle} characters).", "Title");
        }

        description = (description ?? string.Empty).Trim();
        if (description.Length > MaxDescription)
        {
            throw new DomainException($"Description is at most {MaxDescription} characters.", "Description");
        }

        if (string.IsNullOrWhiteSpace(workTypeCode))
        {
            throw new DomainException("Work type is required.", "Work type");
        }

        Title = title;
        Description = description;
        Type = type;
        Impact = impact;
        Urgency = urgency;
        Priority = PriorityMatrix.For(impact, urgency);
        WorkTypeCode = workTypeCode.Trim();
    }

    private void Pause(DateTimeOffset nowUtc) => SlaPausedSinceUtc ??= nowUtc;

    private void Resume(BusinessClock clock, DateTimeOffset nowUtc)
    {
        if (SlaPausedSinceUtc is { } since)
        {
            SlaPausedMinutes += clock.MinutesBetween(since, nowUtc);
            SlaPausedSinceUtc = null;
        }
    }

    /// <summary>Due = the instant the running clock reaches its target (and 75% of it), given the pauses so far; none while paused or answered.</summary>
    private void RecomputeDue(BusinessClock clock)
    {
        var running = !IsSlaPaused && Status.IsOpen();
        ResponseDueUtc = running && FirstRespondedUtc is null && ResponseTargetMinutes is { } response ? clock.Add(CreatedUtc, response + SlaPausedMinutes) : null;
        ResponseWarnUtc = running && FirstRespondedUtc is null && ResponseTargetMinutes is { } r ? clock.Add(CreatedUtc, Warn(r) + SlaPausedMinutes) : null;
        ResolutionDueUtc = running && ResolutionTargetMinutes is { } resolution ? clock.Add(CreatedUtc, resolution + SlaPausedMinutes) : null;
        ResolutionWarnUtc = running && ResolutionTargetMinutes is { } s ? clock.Add(CreatedUtc, Warn(s) + SlaPausedMinutes) : null;
    }

    private static int Warn(int target) => (int)Math.Ceiling(target * WarnShare);
}

public enum SlaClockKind
{
    Response = 0,
    Resolution = 1,
}

/// <summary>One SLA clock: its target, the business minutes counted, whether it is paused, when it was met or is due.</summary>
public sealed record SlaClockState(SlaClockKind Kind, int TargetMinutes, int ElapsedMinutes, bool Paused, DateTimeOffset? MetUtc, DateTimeOffset? DueUtc, bool Breached)
{
    public decimal Share => TargetMinutes == 0 ? 0 : Math.Round((decimal)ElapsedMinutes / TargetMinutes, 4, MidpointRounding.AwayFromZero);
}
