using System.Data;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Psa.Domain.Notifications;
using Psa.Domain.ServiceDesk;
using Psa.Infrastructure.Email;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Persistence;
using Psa.Infrastructure.ServiceDesk;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Projects;

namespace Psa.Web.ServiceDesk;

/// <summary>What one pass of the watcher did.</summary>
public sealed record SlaWatchResult(int Warnings, int Breaches);

/// <summary>
/// Watches the SLA clocks of one workspace: at 75% of a target the assignee is warned; at the target
/// the breach is recorded on the ticket and the assignee and the board's lead are told. Tickets carry
/// their warn and due instants, so a pass is one indexed query for the crossings and one set-based
/// update for all of them, never a round trip per ticket — after an outage thousands may cross at
/// once. People get a bell notification per ticket (a summary past <see cref="NotificationsPerPerson"/>)
/// and one digest email per pass.
/// </summary>
public sealed class SlaWatcher(TenantDbContextFactory databases, TenantContext tenant, LiveNotifier live, EmailSender email, TimeProvider time)
{
    /// <summary>More crossings than this for one person in one pass become one summary notification.</summary>
    public const int NotificationsPerPerson = 10;

    /// <summary>Tickets listed in one digest email; the rest are counted.</summary>
    public const int TicketsPerDigest = 50;

    private sealed record Crossing(Guid Id, int Number, string Title, Guid? AssigneeEngineerId, Guid? BoardId,
        bool ResponseBreach, bool ResponseWarn, bool ResolutionBreach, bool ResolutionWarn);

    private sealed record Alert(int Number, string Title, string Text, bool Breach);

    /// <summary>What one person is told in a pass: the counts, and the first alerts that a digest lists.</summary>
    private sealed class Inbox
    {
        public int Breaches { get; set; }

        public int Warnings { get; set; }

        public int Count => Breaches + Warnings;

        public List<Alert> First { get; } = [];
    }

    public async Task<SlaWatchResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = databases.Create();
        // A backlog pass touches every open ticket and adds a line per crossing; a lost pass is simply redone.
        await using var bulk = await SqliteBulkSession.StartAsync(db, cancellationToken: cancellationToken);
        var open = db.Tickets.Where(t => t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed);

        // Serializable (BEGIN IMMEDIATE on SQLite): the crossings read below are exactly the rows the update
        // changes, so the update repeats the read's conditions instead of sending thousands of ids back.
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var crossings = await open
            .Where(t => (t.ResponseWarnUtc <= now && t.ResponseWarnedUtc == null && t.ResponseBreachedUtc == null)
                || (t.ResponseDueUtc <= now && t.ResponseBreachedUtc == null)
                || (t.ResolutionWarnUtc <= now && t.ResolutionWarnedUtc == null && t.ResolutionBreachedUtc == null)
                || (t.ResolutionDueUtc <= now && t.ResolutionBreachedUtc == null))
            // In key order, so the activity lines go into the log's ticket index in order rather than all over it.
            .OrderBy(t => t.Id)
            .Select(t => new Crossing(t.Id, t.Number, t.Title, t.AssigneeEngineerId, t.BoardId,
                t.ResponseDueUtc <= now && t.ResponseBreachedUtc == null,
                t.ResponseWarnUtc <= now && t.ResponseWarnedUtc == null && t.ResponseBreachedUtc == null && t.ResponseDueUtc > now,
                t.ResolutionDueUtc <= now && t.ResolutionBreachedUtc == null,
                t.ResolutionWarnUtc <= now && t.ResolutionWarnedUtc == null && t.ResolutionBreachedUtc == null && t.ResolutionDueUtc > now))
            .ToListAsync(cancellationToken);
        if (crossings.Count == 0)
        {
            return new SlaWatchResult(0, 0);
        }

        var leads = await db.ServiceBoards.AsNoTracking().Where(b => b.LeadEngineerId != null).ToDictionaryAsync(b => b.Id, b => b.LeadEngineerId!.Value, cancellationToken);
        var people = crossings.Select(c => c.AssigneeEngineerId).OfType<Guid>().Concat(leads.Values).ToHashSet();
        var engineers = await db.Engineers.AsNoTracking().Where(e => people.Contains(e.Id))
            .Select(e => new { e.Id, e.UserId, e.Email }).ToDictionaryAsync(e => e.Id, cancellationToken);

        // One pass over the table for all four kinds of crossing: every SET sees the row as it was read.
        await open
            .Where(t => (t.ResponseWarnUtc <= now && t.ResponseWarnedUtc == null && t.ResponseBreachedUtc == null)
                || (t.ResponseDueUtc <= now && t.ResponseBreachedUtc == null)
                || (t.ResolutionWarnUtc <= now && t.ResolutionWarnedUtc == null && t.ResolutionBreachedUtc == null)
                || (t.ResolutionDueUtc <= now && t.ResolutionBreachedUtc == null))
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.ResponseBreachedUtc, t => t.ResponseDueUtc <= now && t.ResponseBreachedUtc == null ? t.ResponseDueUtc : t.ResponseBreachedUtc)
                .SetProperty(t => t.ResponseWarnedUtc, t => t.ResponseWarnUtc <= now && t.ResponseWarnedUtc == null && t.ResponseBreachedUtc == null && t.ResponseDueUtc > now
                    ? now : t.ResponseWarnedUtc)
                .SetProperty(t => t.ResolutionBreachedUtc, t => t.ResolutionDueUtc <= now && t.ResolutionBreachedUtc == null ? t.ResolutionDueUtc : t.ResolutionBreachedUtc)
                .SetProperty(t => t.ResolutionWarnedUtc, t => t.ResolutionWarnUtc <= now && t.ResolutionWarnedUtc == null && t.ResolutionBreachedUtc == null && t.ResolutionDueUtc > now
                    ? now : t.ResolutionWarnedUtc)
                .SetProperty(t => t.UpdatedUtc, now), cancellationToken);

        var inboxes = new Dictionary<Guid, Inbox>();
        var activity = new List<TicketActivity>(crossings.Count * 2);
        var (warnings, breaches) = (0, 0);
        foreach (var c in crossings)
        {
            var lead = c.BoardId is { } board && leads.TryGetValue(board, out var l) ? l : (Guid?)null;
            Record(c, SlaClockKind.Response, c.ResponseBreach, c.ResponseWarn, lead);
            Record(c, SlaClockKind.Resolution, c.ResolutionBreach, c.ResolutionWarn, lead);
        }

        var users = new HashSet<string>();
        var mail = new List<OutgoingMail>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var (engineerId, inbox) in inboxes)
        {
            var engineer = engineers[engineerId];
            if (engineer.UserId is { } userId)
            {
                users.Add(userId);
                if (inbox.Count <= NotificationsPerPerson)
                {
                    db.Notifications.AddRange(inbox.First.Select(a => Notification.Create(userId, a.Text, a.Title, $"/tickets/{a.Number}", now)));
                }
                else
                {
                    db.Notifications.Add(Notification.Create(userId, Summary(inbox), string.Join(", ", inbox.First.Select(a => TicketText.Reference(a.Number))), "/tickets/mine", now));
                }
            }

            if (!string.IsNullOrWhiteSpace(engineer.Email))
            {
                mail.Add(new OutgoingMail(engineer.Email, inbox.Count == 1 ? inbox.First[0].Text : Summary(inbox), Digest(inbox)));
            }
        }

        await TicketActivityWriter.AddAsync(db, activity, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var slug = tenant.Required.Slug.Value;
        await email.SendAsync(mail, cancellationToken);

        foreach (var user in users)
        {
            live.Publish(slug, LiveTopics.Notifications(user));
        }

        live.Publish(slug, LiveTopics.Board);
        foreach (var c in crossings)
        {
            live.Publish(slug, LiveTopics.Ticket(c.Number));
        }

        return new SlaWatchResult(warnings, breaches);

        void Record(Crossing c, SlaClockKind clock, bool breach, bool warn, Guid? lead)
        {
            if (!breach && !warn)
            {
                return;
            }

            if (breach)
            {
                breaches++;
            }
            else
            {
                warnings++;
            }

            activity.Add(Ticket.SlaCrossing(c.Id, clock, breach, now));
            Alert? alert = null;
            foreach (var id in new[] { c.AssigneeEngineerId, breach ? lead : null }.OfType<Guid>().Distinct())
            {
                if (!engineers.ContainsKey(id))
                {
                    continue;
                }

                var inbox = inboxes.TryGetValue(id, out var found) ? found : inboxes[id] = new Inbox();
                if (breach)
                {
                    inbox.Breaches++;
                }
                else
                {
                    inbox.Warnings++;
                }

                // Only the alerts a digest lists are written out: after a backlog a person may have thousands.
                if (inbox.First.Count < TicketsPerDigest)
                {
                    alert ??= NewAlert(c, clock, breach);
                    inbox.First.Add(alert);
                }
            }
        }
    }

    private static Alert NewAlert(Crossing c, SlaClockKind clock, bool breach)
    {
        var kind = clock == SlaClockKind.Response ? "response" : "resolution";
        return breach
            ? new Alert(c.Number, c.Title, $"SLA breached: {TicketText.Reference(c.Number)} {kind} target missed", true)
            : new Alert(c.Number, c.Title, $"SLA warning: {TicketText.Reference(c.Number)} has used 75% of its {kind} target", false);
    }

    private static string Summary(Inbox inbox) =>
        $"SLA: {inbox.Breaches} breach{(inbox.Breaches == 1 ? string.Empty : "es")} and {inbox.Warnings} warning{(inbox.Warnings == 1 ? string.Empty : "s")} on your tickets";

    private static string Digest(Inbox inbox)
    {
        var items = string.Concat(inbox.First.Select(a =>
            $"<li>{WebUtility.HtmlEncode(a.Text)}: “{WebUtility.HtmlEncode(a.Title)}” — <a href=\"/tickets/{a.Number}\">open the ticket</a></li>"));
        var more = inbox.Count > inbox.First.Count ? $"<p>…and {inbox.Count - inbox.First.Count} more on <a href=\"/tickets/mine\">My tickets</a>.</p>" : string.Empty;
        return $"<ul>{items}</ul>{more}";
    }
}
