using System.Net;
using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Notifications;
using Psa.Domain.Projects.Routing;
using Psa.Domain.ServiceDesk;
using Psa.Domain.ServiceDesk.Rules;
using Psa.Domain.TimeTracking;
using Psa.Infrastructure.Email;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.ServiceDesk;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Projects;
using Psa.Web.TimeTracking;
using Psa.Web.Live;

namespace Psa.Web.ServiceDesk;

/// <summary>
/// The service desk's use cases: open (routed by the board's routing mode), dispatch, move through the
/// workflow (timers follow: In progress starts the assignee's, Waiting on client / Resolved / Closed
/// stop them), converse, log time that bills under the ticket's agreement, merge and link.
/// </summary>
public sealed class TicketService(
    TenantDbContextFactory databases,
    WorkspaceLive live,
    TimeProvider time,
    TimerService timers,
    EmailSender email,
    Portal.AttachmentStore files)
{



    public Task<int> CreateAsync(NewTicketInput input, TicketActor actor, CancellationToken cancellationToken = default) =>
        CreateAsync(input, actor, requesterEmail: null, cancellationToken);

    /// <param name="requesterEmail">The sender of a mailed-in ticket; such a ticket may belong to the inactive client that collects unknown senders.</param>
    internal async Task<int> CreateAsync(NewTicketInput input, TicketActor actor, string? requesterEmail, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (actor.IsContact && requesterEmail is null)
        {
            // A contact raises tickets for their own client only, as themselves, and routing decides who works on it.
            input = input with
            {
                ClientId = actor.ContactClientId!.Value, ContactId = actor.ContactId, Source = TicketSource.Portal, AssigneeEngineerId = null, BoardId = null, WorkTypeCode = null,
            };
        }

        int number;
        Guid? assignee;
        Guid clientId;
        await using (var db = databases.Create())
        {
            await DeskDefaults.EnsureAsync(db, cancellationToken);
            var client = await db.Clients.AsNoTracking().Where(c => c.Id == input.ClientId && (c.IsActive || requesterEmail != null)).Select(c => new { c.Id, c.Name }).SingleOrDefaultAsync(cancellationToken)
                ?? throw new DomainException("Choose an active client.", "Client");
            if (input.ContactId is { } contactId && !await db.Contacts.AnyAsync(c => c.Id == contactId && c.ClientId == client.Id, cancellationToken))
            {
                throw new DomainException("That contact does not belong to the client.", "Contact");
            }

            if (input.SiteId is { } siteId && !await db.Sites.AnyAsync(s => s.Id == siteId && s.ClientId == client.Id, cancellationToken))
            {
                throw new DomainException("That site does not belong to the client.", "Site");
            }

            var board = input.BoardId is { } boardId
                ? await db.ServiceBoards.SingleOrDefaultAsync(b => b.Id == boardId, cancellationToken) ?? throw new DomainException("That board does not exist.", "Board")
                : await db.ServiceBoards.Where(b => !b.IsTriage).OrderBy(b => b.Sequence).ThenBy(b => b.Name).FirstAsync(cancellationToken);
            var workType = string.IsNullOrWhiteSpace(input.WorkTypeCode) ? board.DefaultWorkTypeCode : input.WorkTypeCode.Trim();
            await EnsureWorkTypeAsync(db, workType, cancellationToken);

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            number = (await db.Tickets.MaxAsync(t => (int?)t.Number, cancellationToken) ?? 0) + 1;
            var ticket = Ticket.Open(number, client.Id, input.ContactId, input.SiteId, input.Type, input.Impact, input.Urgency, input.Title, input.Description,
                workType, board.Id, input.Source, actor.Name, now);
            if (input.Tags is not null)
            {
                ticket.SetTags(input.Tags);
            }

            if (requesterEmail is not null)
            {
                ticket.SetRequester(requesterEmail);
            }

            var calendar = await DeskCalendar.LoadAsync(db, cancellationToken);
            var agreement = await SelectAgreementAsync(db, ticket, calendar, now, cancellationToken);
            ticket.ChooseAgreement(agreement?.Id, agreement?.Name, "Service desk", now);
            ticket.ApplySla(SlaPolicySelection.For(await db.SlaPolicies.AsNoTracking().ToListAsync(cancellationToken), ticket.AgreementId), calendar.Clock);

            if (input.AssigneeEngineerId is { } chosen)
            {
                var engineer = await db.Engineers.AsNoTracking().SingleOrDefaultAsync(e => e.Id == chosen && e.IsActive, cancellationToken)
                    ?? throw new DomainException("That engineer does not exist.", "Assignee");
                ticket.Assign(engineer.Id, engineer.Name, $"dispatched by {actor.Name}", actor.Name, now);
            }
            else
            {
                await RouteAsync(db, ticket, board, calendar, now, cancellationToken);
            }

            db.Tickets.Add(ticket);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            (assignee, clientId) = (ticket.AssigneeEngineerId, ticket.ClientId);
        }

        if (assignee is { } a)
        {
            await NotifyEngineerAsync(a, $"Ticket {TicketText.Reference(number)} assigned to you", input.Title, number, cancellationToken);
        }

        Publish(number, clientId);
        return number;
    }

    public async Task<BoardView> BoardAsync(BoardFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var query = db.Tickets.AsNoTracking().AsQueryable();
        if (filter.OpenOnly)
        {
            query = query.Where(t => t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed);
        }

        if (filter.BoardId is { } board)
        {
            query = query.Where(t => t.BoardId == board);
        }

        if (filter.Priority is { } priority)
        {
            query = query.Where(t => t.Priority == priority);
        }

        if (filter.AssigneeEngineerId is { } engineer)
        {
            query = query.Where(t => t.AssigneeEngineerId == engineer);
        }

        if (filter.ClientId is { } client)
        {
            query = query.Where(t => t.ClientId == client);
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            query = int.TryParse(text.TrimStart('#'), out var n)
                ? query.Where(t => t.Number == n || EF.Functions.Like(t.Title, "%" + text + "%"))
                : query.Where(t => EF.Functions.Like(t.Title, "%" + text + "%") || EF.Functions.Like(t.Tags, "%" + text + "%"));
        }

        var counts = await query.GroupBy(t => t.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        if (filter.Status is { } status)
        {
            query = query.Where(t => t.Status == status);
        }

        var statuses = filter.Status is { } only ? [only] : Enum.GetValues<TicketStatus>().Where(s => counts.ContainsKey(s)).ToArray();
        var rows = new List<TicketRow>();
        foreach (var s in statuses)
        {
            rows.AddRange(await Rows(db, query.Where(t => t.Status == s).OrderBy(t => t.Priority).ThenBy(t => t.Number).Take(Math.Clamp(filter.Take, 1, 500)))
                .ToListAsync(cancellationToken));
        }

        return new BoardView(rows, counts, counts.Values.Sum());
    }

    /// <summary>Open tickets assigned to an engineer, most urgent first.</summary>
    public async Task<IReadOnlyList<TicketRow>> MineAsync(Guid engineerId, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        return await Rows(db, db.Tickets.AsNoTracking()
                .Where(t => t.AssigneeEngineerId == engineerId && t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed)
                .OrderBy(t => t.Priority).ThenBy(t => t.Number).Take(500))
            .ToListAsync(cancellationToken);
    }

    /// <summary>A client's tickets (the portal's list), newest first.</summary>
    public async Task<IReadOnlyList<TicketRow>> ForClientAsync(Guid clientId, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        return await Rows(db, db.Tickets.AsNoTracking().Where(t => t.ClientId == clientId).OrderByDescending(t => t.Number).Take(500))
            .ToListAsync(cancellationToken);
    }

    /// <param name="forClientId">A contact's client: only its tickets are found, and internal notes are left out.</param>
    public async Task<TicketDetail?> GetAsync(int number, Guid? forClientId = null, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var ticket = await db.Tickets.AsNoTracking().Include(t => t.Messages).Include(t => t.Activity).AsSplitQuery()
            .SingleOrDefaultAsync(t => t.Number == number && (forClientId == null || t.ClientId == forClientId), cancellationToken);
        if (ticket is null)
        {
            return null;
        }

        var calendar = await DeskCalendar.LoadAsync(db, cancellationToken);
        var now = time.GetUtcNow();
        var client = await db.Clients.AsNoTracking().Where(c => c.Id == ticket.ClientId).Select(c => c.Name).SingleAsync(cancellationToken);
        var contact = ticket.ContactId is { } ct ? await db.Contacts.AsNoTracking().Where(c => c.Id == ct).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken) : null;
        var site = ticket.SiteId is { } st ? await db.Sites.AsNoTracking().Where(s => s.Id == st).Select(s => s.Name).SingleOrDefaultAsync(cancellationToken) : null;
        var agreement = ticket.AgreementId is { } ag ? await db.Agreements.AsNoTracking().Where(a => a.Id == ag).Select(a => a.Name).SingleOrDefaultAsync(cancellationToken) : null;
        var board = ticket.BoardId is { } bd ? await db.ServiceBoards.AsNoTracking().Where(b => b.Id == bd).Select(b => b.Name).SingleOrDefaultAsync(cancellationToken) : null;
        var assignee = ticket.AssigneeEngineerId is { } en ? await db.Engineers.AsNoTracking().Where(e => e.Id == en).Select(e => e.Name).SingleOrDefaultAsync(cancellationToken) : null;
        var policy = ticket.SlaPolicyId is { } sp ? await db.SlaPolicies.AsNoTracking().Where(p => p.Id == sp).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken) : null;
        var entries = await (from t in db.TimeEntries.AsNoTracking()
                             join e in db.Engineers on t.EngineerId equals e.Id
                             where t.TicketId == ticket.Id
                             orderby t.Start
                             select new { t.Id, e.Name, t.Start, t.Minutes, t.WorkTypeCode, t.Billable, t.Approval, Invoiced = db.BilledSources.Any(b => b.TimeEntryId == t.Id), t.ClientNote })
            .ToListAsync(cancellationToken);
        var minutesByEntry = entries.ToDictionary(e => e.Id, e => e.Minutes);
        var attachments = await db.TicketAttachments.AsNoTracking().Where(a => a.TicketId == ticket.Id).OrderBy(a => a.CreatedUtc)
            .Select(a => new TicketAttachmentView(a.Id, a.FileName, a.Size, a.UploadedBy, a.CreatedUtc)).ToListAsync(cancellationToken);
        var related = await db.Tickets.AsNoTracking()
            .Where(t => t.Id == ticket.ParentTicketId || t.ParentTicketId == ticket.Id || t.Id == ticket.MergedIntoTicketId)
            .Select(t => new { t.Id, t.Number, t.Title, t.Status, t.ParentTicketId }).ToListAsync(cancellationToken);
        var running = forClientId is null && await db.Timers.AnyAsync(t => t.TicketId == ticket.Id && t.StoppedUtc == null, cancellationToken);
        var contactView = forClientId is not null;
        return new TicketDetail(ticket.Id, ticket.Number, ticket.Title, ticket.Description, ticket.Status, ticket.Type, ticket.Impact, ticket.Urgency, ticket.Priority,
            ticket.WorkTypeCode, ticket.TagList, ticket.ClientId, client, ticket.ContactId, contact, ticket.SiteId, site, ticket.AgreementId, agreement,
            ticket.BoardId, board, ticket.AssigneeEngineerId, assignee, contactView ? null : ticket.AssignmentReason, ticket.Source, ticket.Resolution, ticket.CreatedUtc,
            ticket.ResolvedUtc, policy, ticket.Clocks(calendar.Clock, now),
            ticket.Messages.Where(m => !contactView || m.IsPublic).OrderBy(m => m.CreatedUtc)
                .Select(m => new TicketMessageView(m.Id, m.Kind, m.Author, m.AuthorName, m.Body, m.CreatedUtc,
                    !contactView && m.TimeEntryId is { } te ? minutesByEntry.GetValueOrDefault(te) : null)).ToList(),
            contactView ? [] : ticket.Activity.OrderBy(a => a.AtUtc).Select(a => new TicketActivityView(a.AtUtc, a.Actor, a.Text)).ToList(),
            contactView ? [] : entries.Select(e => new TicketTimeView(e.Id, e.Name, e.Start, e.Minutes, e.WorkTypeCode, e.Billable, e.Approval.ToString(), e.Invoiced, e.ClientNote)).ToList(),
            attachments,
            related.Where(r => r.Id == ticket.ParentTicketId).Select(r => new TicketLink(r.Id, r.Number, r.Title, r.Status)).SingleOrDefault(),
            related.Where(r => r.ParentTicketId == ticket.Id).OrderBy(r => r.Number).Select(r => new TicketLink(r.Id, r.Number, r.Title, r.Status)).ToList(),
            related.Where(r => r.Id == ticket.MergedIntoTicketId).Select(r => new TicketLink(r.Id, r.Number, r.Title, r.Status)).SingleOrDefault(),
            running,
            TicketWorkflow.NextFrom(ticket.Status));
    }

    public Task EditAsync(int number, TicketEditInput input, TicketActor actor, CancellationToken cancellationToken = default) =>
        MutateAsync(number, actor, async (db, ticket, calendar, now) =>
        {
            if (input.ContactId is { } contactId && !await db.Contacts.AnyAsync(c => c.Id == contactId && c.ClientId == ticket.ClientId, cancellationToken))
            {
                throw new DomainException("That contact does not belong to the client.", "Contact");
            }

            if (input.SiteId is { } siteId && !await db.Sites.AnyAsync(s => s.Id == siteId && s.ClientId == ticket.ClientId, cancellationToken))
            {
                throw new DomainException("That site does not belong to the client.", "Site");
            }

            await EnsureWorkTypeAsync(db, input.WorkTypeCode, cancellationToken);
            var workTypeBefore = ticket.WorkTypeCode;
            ticket.Edit(input.Title, input.Description, input.Type, input.Impact, input.Urgency, input.WorkTypeCode, input.ContactId, input.SiteId, input.BoardId,
                input.Tags, actor.Name, now);
            if (workTypeBefore != ticket.WorkTypeCode)
            {
                var agreement = await SelectAgreementAsync(db, ticket, calendar, now, cancellationToken);
                ticket.ChooseAgreement(agreement?.Id, agreement?.Name, actor.Name, now);
            }

            ticket.ApplySla(SlaPolicySelection.For(await db.SlaPolicies.AsNoTracking().ToListAsync(cancellationToken), ticket.AgreementId), calendar.Clock);
        }, cancellationToken);

    /// <summary>Who sent a ticket that waits on the triage board to be filed under a client; null for any other ticket.</summary>
    public async Task<TriageState?> TriageAsync(int number, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var ticket = await (from t in db.Tickets.AsNoTracking()
                            join c in db.Clients on t.ClientId equals c.Id
                            where t.Number == number && c.Code == MailIntake.UnknownSendersCode && t.Status != TicketStatus.Closed
                            select new { t.Id, t.RequesterEmail }).SingleOrDefaultAsync(cancellationToken);
        if (ticket is null)
        {
            return null;
        }

        var sender = await db.TicketMessages.AsNoTracking().Where(m => m.TicketId == ticket.Id && m.Author == MessageAuthor.Contact)
            .OrderBy(m => m.CreatedUtc).Select(m => m.AuthorName).FirstOrDefaultAsync(cancellationToken);
        return new TriageState(ticket.RequesterEmail, sender ?? ticket.RequesterEmail?.Split('@')[0] ?? "Unknown sender");
    }

    /// <summary>
    /// Files a ticket from an unknown sender under its client: links the client's contact with the sender's
    /// address (or the one chosen), or adds the sender as a contact; then the client's agreement, its SLA and
    /// the main board's routing apply as for a ticket opened for that client. The SLA clock keeps counting
    /// from when the mail arrived.
    /// </summary>
    public async Task MoveToClientAsync(int number, TriageInput input, TicketActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (actor.IsContact)
        {
            throw new UnauthorizedAccessException("Contacts do not file tickets.");
        }

        var before = await TriageAsync(number, cancellationToken)
            ?? throw new DomainException($"{TicketText.Reference(number)} is not waiting in triage: only tickets from unknown senders move to a client.", "Client");
        Guid? assigned = null;
        Guid oldClient = Guid.Empty;
        await MutateAsync(number, actor, async (db, ticket, calendar, now) =>
        {
            var client = await db.Clients.Include(c => c.Contacts).SingleOrDefaultAsync(c => c.Id == input.ClientId && c.IsActive, cancellationToken)
                ?? throw new DomainException("Choose an active client.", "Client");
            if (await db.TimeEntries.AnyAsync(e => e.TicketId == ticket.Id, cancellationToken))
            {
                throw new DomainException($"Time is already logged on {ticket.Reference} under the unknown sender; move or delete it first.", "Client");
            }

            string note;
            Guid contactId;
            if (input.ContactId is { } chosen)
            {
                var contact = client.Contacts.SingleOrDefault(c => c.Id == chosen) ?? throw new DomainException("That contact does not belong to the client.", "Contact");
                (contactId, note) = (contact.Id, $" (contact {contact.Name} linked)");
            }
            else if (before.RequesterEmail is { } address
                     && client.Contacts.FirstOrDefault(c => string.Equals(c.Email, address, StringComparison.OrdinalIgnoreCase)) is { } known)
            {
                (contactId, note) = (known.Id, $" (contact {known.Name} linked)");
            }
            else
            {
                var name = string.IsNullOrWhiteSpace(input.NewContactName) ? before.SenderName : input.NewContactName.Trim();
                var added = client.AddContact(name, before.RequesterEmail ?? throw new DomainException("The sender left no address: choose a contact.", "Contact"));
                // Its key is set by the domain, so the context must be told it is new rather than find it through the client.
                db.Contacts.Add(added);
                (contactId, note) = (added.Id, $" (contact {added.Name} added)");
            }

            var board = await db.ServiceBoards.Where(b => !b.IsTriage).OrderBy(b => b.Sequence).ThenBy(b => b.Name).FirstAsync(cancellationToken);
            (oldClient, var assignee) = (ticket.ClientId, ticket.AssigneeEngineerId);
            ticket.MoveToClient(client.Id, client.Name, contactId, board.Id, note, actor.Name, now);
            var agreement = await SelectAgreementAsync(db, ticket, calendar, now, cancellationToken);
            ticket.ChooseAgreement(agreement?.Id, agreement?.Name, "Service desk", now);
            ticket.ApplySla(SlaPolicySelection.For(await db.SlaPolicies.AsNoTracking().ToListAsync(cancellationToken), ticket.AgreementId), calendar.Clock);
            await RouteAsync(db, ticket, board, calendar, now, cancellationToken);
            assigned = ticket.AssigneeEngineerId != assignee ? ticket.AssigneeEngineerId : null;
        }, cancellationToken);

        live.Publish(LiveTopics.ClientTickets(oldClient));
        if (assigned is { } engineer)
        {
            await NotifyEngineerAsync(engineer, $"Ticket {TicketText.Reference(number)} assigned to you", "Filed from triage", number, cancellationToken);
        }
    }

    /// <summary>A person overrides the automatic choice (null: bill as client-level time and materials).</summary>
    public Task ChooseAgreementAsync(int number, Guid? agreementId, TicketActor actor, CancellationToken cancellationToken = default) =>
        MutateAsync(number, actor, async (db, ticket, calendar, now) =>
        {
            string? name = null;
            if (agreementId is { } id)
            {
                name = await db.Agreements.Where(a => a.Id == id && a.ClientId == ticket.ClientId).Select(a => a.Name).SingleOrDefaultAsync(cancellationToken)
                    ?? throw new DomainException("That agreement is not one of the client's.", "Agreement");
            }

            ticket.ChooseAgreement(agreementId, name, actor.Name, now);
            ticket.ApplySla(SlaPolicySelection.For(await db.SlaPolicies.AsNoTracking().ToListAsync(cancellationToken), ticket.AgreementId), calendar.Clock);
        }, cancellationToken);

    /// <summary>Manual dispatch. Work in progress moves with the ticket: the old assignee's timer stops, the new one's starts.</summary>
    public async Task AssignAsync(int number, Guid engineerId, TicketActor actor, CancellationToken cancellationToken = default)
    {
        var (ticketId, status) = (Guid.Empty, TicketStatus.New);
        await MutateAsync(number, actor, async (db, ticket, _, now) =>
        {
            var engineer = await db.Engineers.AsNoTracking().SingleOrDefaultAsync(e => e.Id == engineerId && e.IsActive, cancellationToken)
                ?? throw new DomainException("That engineer does not exist.", "Assignee");
            ticket.Assign(engineer.Id, engineer.Name, $"dispatched by {actor.Name}", actor.Name, now);
            (ticketId, status) = (ticket.Id, ticket.Status);
        }, cancellationToken);
        if (status == TicketStatus.InProgress)
        {
            await timers.StopOnTicketAsync(ticketId, cancellationToken);
            await timers.StartOnTicketAsync(ticketId, engineerId, cancellationToken);
        }

        await NotifyEngineerAsync(engineerId, $"Ticket {TicketText.Reference(number)} assigned to you", null, number, cancellationToken);
    }

    public async Task ChangeStatusAsync(int number, TicketStatus to, TicketActor actor, string? resolution = null, CancellationToken cancellationToken = default)
    {
        Guid ticketId = Guid.Empty;
        Guid? assignee = null;
        if (to is TicketStatus.WaitingOnClient or TicketStatus.Resolved)
        {
            // Stopped first, so the time is saved before the ticket leaves work.
            await StopTimersAsync(number, cancellationToken);
        }

        await MutateAsync(number, actor, async (db, ticket, calendar, now) =>
        {
            var running = to == TicketStatus.Closed && await db.Timers.AnyAsync(t => t.TicketId == ticket.Id && t.StoppedUtc == null, cancellationToken);
            ticket.ChangeStatus(to, actor.Name, now, calendar.Clock, running, resolution);
            (ticketId, assignee) = (ticket.Id, ticket.AssigneeEngineerId);
        }, cancellationToken);
        if (to == TicketStatus.InProgress && assignee is { } engineer)
        {
            await timers.StartOnTicketAsync(ticketId, engineer, cancellationToken);
        }
        else if (to == TicketStatus.Assigned)
        {
            await timers.StopOnTicketAsync(ticketId, cancellationToken);
        }
    }

    public Task ReopenAsync(int number, TicketActor actor, string? why = null, CancellationToken cancellationToken = default) =>
        MutateAsync(number, actor, async (db, ticket, calendar, now) =>
        {
            var days = await ReopenDaysAsync(db, cancellationToken);
            ticket.Reopen(actor.Name, now, days, calendar.Clock, why);
        }, cancellationToken);

    /// <summary>
    /// Adds a reply or note. Staff may log the time the reply took (a time entry on the ticket); a
    /// public reply is mailed to the ticket's contact. A contact replying to a resolved ticket reopens
    /// it within the reopen window.
    /// </summary>
    public async Task<Guid> ReplyAsync(int number, MessageKind kind, string body, TicketActor actor, int? logMinutes = null, CancellationToken cancellationToken = default)
    {
        if (logMinutes is < 0 or > TimeEntry.MaxMinutes)
        {
            throw new DomainException("Minutes must be between 0 and 10080.", "Minutes");
        }

        if (actor.IsContact && logMinutes is > 0)
        {
            throw new DomainException("Contacts do not log time.", "Minutes");
        }

        if (logMinutes is > 0 && actor.EngineerId is null)
        {
            throw new DomainException("Only engineers log time; send the reply without minutes.", "Minutes");
        }

        Guid messageId = Guid.Empty;
        string? mailTo = null;
        string? replyTo = null;
        string title = string.Empty;
        await MutateAsync(number, actor, async (db, ticket, calendar, now) =>
        {
            if (actor.IsContact && ticket.Status == TicketStatus.Resolved)
            {
                ticket.Reopen(actor.Name, now, await ReopenDaysAsync(db, cancellationToken), calendar.Clock, "client replied");
            }

            var message = ticket.AddMessage(kind, actor.IsContact ? MessageAuthor.Contact : MessageAuthor.Staff, actor.Name, actor.UserId, actor.ContactId, body, now, calendar.Clock);
            db.TicketMessages.Add(message);
            if (logMinutes is > 0 && actor.EngineerId is { } engineer)
            {
                var start = calendar.Time.ToWall(now).AddMinutes(-logMinutes.Value);
                var entry = TimeEntry.Create(engineer, ticket.ClientId, ticket.WorkTypeCode, start, logMinutes.Value, true, agreementId: ticket.AgreementId, ticketId: ticket.Id);
                entry.ClientNote = $"{ticket.Reference} {ticket.Title}";
                db.TimeEntries.Add(entry);
                message.LinkTime(entry.Id);
                ticket.RecordTimeLogged(logMinutes.Value, actor.Name, now);
            }

            if (!actor.IsContact && kind == MessageKind.PublicReply)
            {
                mailTo = ticket.ContactId is { } contactId
                    ? await db.Contacts.Where(c => c.Id == contactId).Select(c => c.Email).SingleOrDefaultAsync(cancellationToken)
                    : ticket.RequesterEmail;
                // Answers go to the support mailbox, whose intake threads them onto this ticket by the number in the subject.
                replyTo = await db.SupportMailboxes.Where(m => m.Address != string.Empty).Select(m => m.Address).FirstOrDefaultAsync(cancellationToken);
            }

            messageId = message.Id;
            title = ticket.Title;
        }, cancellationToken);

        if (!string.IsNullOrWhiteSpace(mailTo))
        {
            await email.SendAsync(new OutgoingMail(mailTo, $"[Ticket {TicketText.Reference(number)}] {title}",
                $"<p>{WebUtility.HtmlEncode(body).Replace("\n", "<br>", StringComparison.Ordinal)}</p><p>— {WebUtility.HtmlEncode(actor.Name)}</p>" +
                $"<p>Reply to this message or follow the ticket in the client portal (/portal/tickets/{number}).</p>")
            {
                ReplyTo = replyTo,
                Thread = $"ticket-{number}",
            }, cancellationToken);
        }

        if (logMinutes is > 0 && actor.EngineerId is { } timesheet)
        {
            live.Publish(LiveTopics.Time(timesheet));
        }

        return messageId;
    }

    /// <summary>
    /// Keeps a file on the ticket (optionally on one of its messages). A contact attaches to their own
    /// client's tickets only; the types and size limit of task attachments apply.
    /// </summary>
    public async Task<Guid> AttachAsync(int number, Guid? messageId, string? fileName, long size, Stream content, TicketActor actor, CancellationToken cancellationToken = default)
    {
        TicketAttachment? attachment = null;
        await MutateAsync(number, actor, async (db, ticket, _, now) =>
        {
            if (messageId is { } m && !await db.TicketMessages.AnyAsync(x => x.Id == m && x.TicketId == ticket.Id, cancellationToken))
            {
                throw new DomainException("That message is not on the ticket.", "Message");
            }

            attachment = TicketAttachment.Create(ticket.Id, messageId, fileName, size, actor.Name, actor.IsContact, now);
            await files.SaveAsync(attachment, content, cancellationToken);
            db.TicketAttachments.Add(attachment);
            ticket.RecordAttachment(attachment.FileName, actor.Name, now);
        }, cancellationToken);
        return attachment!.Id;
    }

    /// <summary>A ticket's file with its bytes, for staff (any ticket) or a contact (their client's tickets only).</summary>
    public async Task<(TicketAttachment Attachment, Stream Content)?> OpenAttachmentAsync(Guid attachmentId, Guid? forClientId = null, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var attachment = await (from a in db.TicketAttachments.AsNoTracking()
                                join t in db.Tickets on a.TicketId equals t.Id
                                where a.Id == attachmentId && (forClientId == null || t.ClientId == forClientId)
                                select a).SingleOrDefaultAsync(cancellationToken);
        // The caller owns the stream (the file result disposes it once sent).
#pragma warning disable CA2000
        return attachment is null ? null : (attachment, files.Open(attachment));
#pragma warning restore CA2000
    }

    /// <summary>Time on the ticket: a manual entry carrying its client, agreement and work type.</summary>
    public async Task<Guid> LogTimeAsync(int number, Guid engineerId, DateTime start, int minutes, bool billable, string? note, TicketActor actor, CancellationToken cancellationToken = default)
    {
        Guid id = Guid.Empty;
        await MutateAsync(number, actor, (db, ticket, _, now) =>
        {
            ticket.RecordTimeLogged(minutes, actor.Name, now);
            var entry = TimeEntry.Create(engineerId, ticket.ClientId, ticket.WorkTypeCode, start, minutes, billable, agreementId: ticket.AgreementId, ticketId: ticket.Id);
            entry.ClientNote = string.IsNullOrWhiteSpace(note) ? $"{ticket.Reference} {ticket.Title}" : note.Trim();
            db.TimeEntries.Add(entry);
            id = entry.Id;
            return Task.CompletedTask;
        }, cancellationToken);
        live.Publish(LiveTopics.Time(engineerId));
        return id;
    }

    public async Task MergeAsync(int number, int intoNumber, TicketActor actor, CancellationToken cancellationToken = default)
    {
        Guid clientId = Guid.Empty;
        await using (var db = databases.Create())
        {
            var duplicate = await db.Tickets.SingleOrDefaultAsync(t => t.Number == number, cancellationToken) ?? throw new DomainException($"Ticket {TicketText.Reference(number)} does not exist.", "Ticket");
            var target = await db.Tickets.SingleOrDefaultAsync(t => t.Number == intoNumber, cancellationToken) ?? throw new DomainException($"Ticket {TicketText.Reference(intoNumber)} does not exist.", "Merge into");
            var running = await db.Timers.AnyAsync(t => t.TicketId == duplicate.Id && t.StoppedUtc == null, cancellationToken);
            duplicate.MergeInto(target, actor.Name, time.GetUtcNow(), running);
            db.TicketMessages.AddRange(target.Messages);
            db.TicketActivity.AddRange(duplicate.Activity);
            db.TicketActivity.AddRange(target.Activity);
            await db.SaveChangesAsync(cancellationToken);
            clientId = target.ClientId;
        }

        Publish(number, clientId);
        Publish(intoNumber, clientId);
    }

    public Task SetParentAsync(int number, int? parentNumber, TicketActor actor, CancellationToken cancellationToken = default) =>
        MutateAsync(number, actor, async (db, ticket, _, now) =>
        {
            if (parentNumber is null)
            {
                ticket.SetParent(null, [], actor.Name, now);
                return;
            }

            var parent = await db.Tickets.SingleOrDefaultAsync(t => t.Number == parentNumber, cancellationToken)
                ?? throw new DomainException($"Ticket {TicketText.Reference(parentNumber.Value)} does not exist.", "Parent");
            var ancestors = new List<Guid> { parent.Id };
            for (var up = parent.ParentTicketId; up is { } id && !ancestors.Contains(id) && ancestors.Count < 100;)
            {
                ancestors.Add(id);
                up = await db.Tickets.Where(t => t.Id == id).Select(t => t.ParentTicketId).SingleOrDefaultAsync(cancellationToken);
            }

            ticket.SetParent(parent, ancestors.Skip(1).ToList(), actor.Name, now);
        }, cancellationToken);

    public async Task<IReadOnlyList<ServiceBoard>> BoardsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        await DeskDefaults.EnsureAsync(db, cancellationToken);
        return await db.ServiceBoards.AsNoTracking().OrderBy(b => b.Sequence).ThenBy(b => b.Name).ToListAsync(cancellationToken);
    }

    /// <summary>The ticket's agreement as chosen now, for the "New ticket" form and the API (null: time and materials).</summary>
    public async Task<(Guid? Id, string? Name)> SuggestAgreementAsync(Guid clientId, string workTypeCode, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var calendar = await DeskCalendar.LoadAsync(db, cancellationToken);
        var day = DateOnly.FromDateTime(calendar.Time.ToWall(time.GetUtcNow()));
        var agreements = await db.Agreements.AsNoTracking().Where(a => a.ClientId == clientId).ToListAsync(cancellationToken);
        var chosen = AgreementSelection.For(agreements, clientId, workTypeCode, day);
        return (chosen?.Id, chosen?.Name);
    }

    private async Task StopTimersAsync(int number, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var id = await db.Tickets.Where(t => t.Number == number).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(cancellationToken);
        if (id is { } ticketId)
        {
            await timers.StopOnTicketAsync(ticketId, cancellationToken);
        }
    }

    private static async Task<Psa.Domain.Contracts.ServiceAgreement?> SelectAgreementAsync(TenantDbContext db, Ticket ticket, DeskCalendar calendar, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var day = DateOnly.FromDateTime(calendar.Time.ToWall(now));
        var agreements = await db.Agreements.AsNoTracking().Where(a => a.ClientId == ticket.ClientId).ToListAsync(cancellationToken);
        return AgreementSelection.For(agreements, ticket.ClientId, ticket.WorkTypeCode, day);
    }

    /// <summary>Routes an unassigned ticket by its board's mode (skills, load, round robin); a manual board leaves it for dispatch.</summary>
    private static async Task RouteAsync(TenantDbContext db, Ticket ticket, ServiceBoard board, DeskCalendar calendar, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (board.Routing == RoutingMode.Manual || ticket.AssigneeEngineerId is not null)
        {
            return;
        }

        var today = DateOnly.FromDateTime(calendar.Time.ToWall(now));
        var router = await RoutingService.CreateAsync(db, board.Routing, board.TeamId, today, cancellationToken);
        var decision = router.Route(new RoutingRequest(ticket.Title, ticket.Description, today, today, 0m));
        if (decision.EngineerId is { } routed)
        {
            var name = await db.Engineers.Where(e => e.Id == routed).Select(e => e.Name).SingleAsync(cancellationToken);
            ticket.Assign(routed, name, decision.Reason, "Routing", now);
            await RoutingService.SavePointerAsync(db, board.TeamId, router, cancellationToken);
        }
    }

    private static async Task EnsureWorkTypeAsync(TenantDbContext db, string workType, CancellationToken cancellationToken)
    {
        if (!await db.WorkTypes.AnyAsync(w => w.Code == workType, cancellationToken))
        {
            throw new DomainException($"Work type '{workType}' does not exist.", "Work type");
        }
    }

    private static async Task<int> ReopenDaysAsync(TenantDbContext db, CancellationToken cancellationToken) =>
        await db.ServiceDeskSettings.AsNoTracking().Select(s => (int?)s.ReopenDays).SingleOrDefaultAsync(cancellationToken) ?? new ServiceDeskSettings().ReopenDays;

    /// <summary>Loads the ticket, applies the change, saves, and tells everyone looking.</summary>
    private async Task MutateAsync(int number, TicketActor actor, Func<TenantDbContext, Ticket, DeskCalendar, DateTimeOffset, Task> change, CancellationToken cancellationToken)
    {
        Guid clientId;
        await using (var db = databases.Create())
        {
            var ticket = await db.Tickets.SingleOrDefaultAsync(t => t.Number == number && (actor.ContactClientId == null || t.ClientId == actor.ContactClientId), cancellationToken)
                ?? throw new DomainException($"Ticket {TicketText.Reference(number)} does not exist.", "Ticket");
            var calendar = await DeskCalendar.LoadAsync(db, cancellationToken);
            var before = ticket.Activity.Count;
            await change(db, ticket, calendar, time.GetUtcNow());
            db.TicketActivity.AddRange(ticket.Activity.Skip(before));
            await db.SaveChangesAsync(cancellationToken);
            clientId = ticket.ClientId;
        }

        Publish(number, clientId);
    }

    private async Task NotifyEngineerAsync(Guid engineerId, string title, string? body, int number, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var engineer = await db.Engineers.AsNoTracking().SingleOrDefaultAsync(e => e.Id == engineerId, cancellationToken);
        if (engineer?.UserId is not { } userId)
        {
            return;
        }

        db.Notifications.Add(Notification.Create(userId, title, body, $"/tickets/{number}", time.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        live.Publish(LiveTopics.Notifications(userId));
    }

    private void Publish(int number, Guid clientId)
    {
        live.Publish(LiveTopics.Board, LiveTopics.Ticket(number), LiveTopics.ClientTickets(clientId));
    }

    private static IQueryable<TicketRow> Rows(TenantDbContext db, IQueryable<Ticket> tickets) =>
        from t in tickets
        join c in db.Clients on t.ClientId equals c.Id
        select new TicketRow(t.Id, t.Number, t.Title, t.Status, t.Priority, t.Type, t.ClientId, c.Name, t.BoardId,
            db.ServiceBoards.Where(b => b.Id == t.BoardId).Select(b => b.Name).FirstOrDefault(),
            t.AssigneeEngineerId, db.Engineers.Where(e => e.Id == t.AssigneeEngineerId).Select(e => e.Name).FirstOrDefault(),
            t.CreatedUtc, t.UpdatedUtc, t.ResponseDueUtc, t.ResolutionDueUtc,
            t.ResponseBreachedUtc != null || t.ResolutionBreachedUtc != null, t.SlaPausedSinceUtc != null);
}
