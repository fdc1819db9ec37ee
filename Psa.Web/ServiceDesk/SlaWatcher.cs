using Microsoft.EntityFrameworkCore;
using Psa.Domain.Notifications;
using Psa.Domain.ServiceDesk;
using Psa.Infrastructure.Email;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Projects;

namespace Psa.Web.ServiceDesk;

/// <summary>What one pass of the watcher did.</summary>
public sealed record SlaWatchResult(int Warnings, int Breaches);

/// <summary>
/// Watches the SLA clocks of one workspace: at 75% of a target the assignee is warned; at the target
/// the breach is recorded on the ticket and the assignee and the board's lead are told. Tickets carry
/// their warn and due instants, so a pass is an indexed query over the few tickets that crossed one.
/// </summary>
public sealed class SlaWatcher(TenantDbContextFactory databases, TenantContext tenant, LiveNotifier live, EmailSender email, TimeProvider time)
{
    public async Task<SlaWatchResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = databases.Create();
        var due = await db.Tickets
            .Where(t => t.Status != TicketStatus.Resolved && t.Status != TicketStatus.Closed)
            .Where(t => (t.ResponseWarnUtc <= now && t.ResponseWarnedUtc == null && t.ResponseBreachedUtc == null)
                || (t.ResponseDueUtc <= now && t.ResponseBreachedUtc == null)
                || (t.ResolutionWarnUtc <= now && t.ResolutionWarnedUtc == null && t.ResolutionBreachedUtc == null)
                || (t.ResolutionDueUtc <= now && t.ResolutionBreachedUtc == null))
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return new SlaWatchResult(0, 0);
        }

        var engineerIds = due.Select(t => t.AssigneeEngineerId).OfType<Guid>().ToHashSet();
        var boards = await db.ServiceBoards.AsNoTracking().Where(b => b.LeadEngineerId != null).ToDictionaryAsync(b => b.Id, b => b.LeadEngineerId!.Value, cancellationToken);
        engineerIds.UnionWith(boards.Values);
        var engineers = await db.Engineers.AsNoTracking().Where(e => engineerIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);
        var (warnings, breaches) = (0, 0);
        var mail = new List<(string To, string Subject, string Body)>();
        var users = new HashSet<string>();
        foreach (var ticket in due)
        {
            var before = ticket.Activity.Count;
            foreach (var clock in new[] { SlaClockKind.Response, SlaClockKind.Resolution })
            {
                var (warnAt, dueAt) = clock == SlaClockKind.Response ? (ticket.ResponseWarnUtc, ticket.ResponseDueUtc) : (ticket.ResolutionWarnUtc, ticket.ResolutionDueUtc);
                if (dueAt <= now && ticket.RecordBreach(clock, now))
                {
                    breaches++;
                    var lead = ticket.BoardId is { } board && boards.TryGetValue(board, out var l) ? l : (Guid?)null;
                    Tell([ticket.AssigneeEngineerId, lead], $"SLA breached: {ticket.Reference} {clock.ToString().ToLowerInvariant()} target missed", ticket);
                }
                else if (warnAt <= now && dueAt > now && ticket.RecordWarning(clock, now))
                {
                    warnings++;
                    Tell([ticket.AssigneeEngineerId], $"SLA warning: {ticket.Reference} has used 75% of its {clock.ToString().ToLowerInvariant()} target", ticket);
                }
            }

            db.TicketActivity.AddRange(ticket.Activity.Skip(before));
        }

        await db.SaveChangesAsync(cancellationToken);
        var slug = tenant.Required.Slug.Value;
        foreach (var (to, subject, body) in mail)
        {
            await email.SendAsync(to, subject, body, cancellationToken);
        }

        foreach (var user in users)
        {
            live.Publish(slug, StaffNotifications.Topic(user));
        }

        live.Publish(slug, TicketService.BoardTopic);
        foreach (var ticket in due)
        {
            live.Publish(slug, TicketService.Topic(ticket.Number));
        }

        return new SlaWatchResult(warnings, breaches);

        void Tell(IEnumerable<Guid?> who, string title, Ticket ticket)
        {
            foreach (var id in who.OfType<Guid>().Distinct())
            {
                if (!engineers.TryGetValue(id, out var engineer))
                {
                    continue;
                }

                if (engineer.UserId is { } userId)
                {
                    db.Notifications.Add(Notification.Create(userId, title, ticket.Title, $"/tickets/{ticket.Number}", now));
                    users.Add(userId);
                }

                if (!string.IsNullOrWhiteSpace(engineer.Email))
                {
                    mail.Add((engineer.Email, title, $"<p>{System.Net.WebUtility.HtmlEncode(title)}: “{System.Net.WebUtility.HtmlEncode(ticket.Title)}”.</p><p><a href=\"/tickets/{ticket.Number}\">Open the ticket</a></p>"));
                }
            }
        }
    }
}
