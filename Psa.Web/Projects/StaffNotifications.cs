using System.Net;
using Microsoft.EntityFrameworkCore;
using Psa.Domain.Notifications;
using Psa.Domain.Projects;
using Psa.Infrastructure.Email;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Live;

namespace Psa.Web.Projects;

/// <summary>Tells engineers about work routed to them: an in-app notification and an email.</summary>
public sealed class StaffNotifications(TenantDbContextFactory databases, EmailSender email, WorkspaceLive live, TenantContext tenant, TimeProvider time,
    Psa.Web.Tenancy.WorkspaceLinks links)
{

    /// <summary>One notification and one mail per engineer with tasks in the plan.</summary>
    public async Task TasksAssignedAsync(ProjectPlan plan, Uri? workspaceBase, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var byEngineer = plan.Tasks.Where(t => t.AssigneeEngineerId is not null).GroupBy(t => t.AssigneeEngineerId!.Value).ToList();
        var ids = byEngineer.Select(g => g.Key).ToList();
        var engineers = await db.Engineers.Where(e => ids.Contains(e.Id)).ToListAsync(cancellationToken);
        var link = $"/projects/{plan.Project.Id}";
        var sent = new List<(string To, string Subject, string Body, string? UserId)>();
        foreach (var group in byEngineer)
        {
            var engineer = engineers.FirstOrDefault(e => e.Id == group.Key);
            if (engineer is null)
            {
                continue;
            }

            var title = $"{group.Count()} task{(group.Count() == 1 ? string.Empty : "s")} assigned to you on {plan.Project.Name}";
            var lines = string.Join("", group.Select(t => $"<li>{WebUtility.HtmlEncode(t.Title)}{(t.StartDate is { } s ? $" — starts {s:d MMM}" : string.Empty)}</li>"));
            if (engineer.UserId is { } userId)
            {
                db.Notifications.Add(Notification.Create(userId, title, string.Join("; ", group.Select(t => t.Title)), link, time.GetUtcNow()));
            }

            if (!string.IsNullOrWhiteSpace(engineer.Email))
            {
                var url = workspaceBase is null ? link : links.WorkspaceLink(tenant.Required.Slug.Value, link, workspaceBase).ToString();
                sent.Add((engineer.Email, title, $"<p>Hello {WebUtility.HtmlEncode(engineer.Name)},</p><p>New work is in your queue:</p><ul>{lines}</ul><p><a href=\"{url}\">Open the project</a></p>", engineer.UserId));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var (to, subject, body, userId) in sent)
        {
            await email.SendAsync(to, subject, body, cancellationToken);
            if (userId is not null)
            {
                live.Publish(LiveTopics.Notifications(userId));
            }
        }
    }

    public async Task<IReadOnlyList<Notification>> ForUserAsync(string userId, int take = 20, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var rows = await db.Notifications.AsNoTracking().Where(n => n.UserId == userId).ToListAsync(cancellationToken);
        return rows.OrderByDescending(n => n.CreatedUtc).Take(take).ToList();
    }

    public async Task<int> UnreadCountAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        return await db.Notifications.CountAsync(n => n.UserId == userId && n.ReadUtc == null, cancellationToken);
    }

    /// <summary>Marks one of the user's notifications read (someone else's is left alone).</summary>
    public async Task MarkReadAsync(string userId, Guid notificationId, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var notification = await db.Notifications.SingleOrDefaultAsync(n => n.Id == notificationId && n.UserId == userId, cancellationToken);
        if (notification is { ReadUtc: null })
        {
            notification.ReadUtc = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            live.Publish(LiveTopics.Notifications(userId));
        }
    }

    public async Task MarkAllReadAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        foreach (var n in await db.Notifications.Where(n => n.UserId == userId && n.ReadUtc == null).ToListAsync(cancellationToken))
        {
            n.ReadUtc = time.GetUtcNow();
        }

        await db.SaveChangesAsync(cancellationToken);
        live.Publish(LiveTopics.Notifications(userId));
    }
}
