using System.Net;
using Microsoft.EntityFrameworkCore;
using Psa.Domain.TimeTracking;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Email;
using Psa.Infrastructure.Tenancy;
using Psa.Infrastructure.TimeTracking;
using Quartz;

namespace Psa.Web.TimeTracking;

/// <summary>When a workspace's weekly reminder is due: Monday 09:00 on its own wall clock.</summary>
public static class ReminderSchedule
{
    public static readonly TimeOnly At = new(9, 0);

    /// <summary>The latest Monday 09:00 in <paramref name="zone"/> at or before <paramref name="nowUtc"/>, as an instant.</summary>
    public static DateTimeOffset LastDue(DateTimeOffset nowUtc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(nowUtc, zone).DateTime;
        var monday = Week.StartOf(DateOnly.FromDateTime(local));
        var due = ToInstant(monday.ToDateTime(At), zone);
        return due <= nowUtc ? due : ToInstant(monday.AddDays(-7).ToDateTime(At), zone);
    }

    private static DateTimeOffset ToInstant(DateTime wall, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(1);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, zone), TimeSpan.Zero);
    }
}

/// <summary>
/// Emails engineers whose last week is not submitted, on Monday 09:00 in each workspace's time zone.
/// One Quartz trigger checks every 15 minutes which workspaces have reached their Monday 09:00; a
/// row per workspace and week makes the reminder go once, even across restarts and missed runs.
/// </summary>
[DisallowConcurrentExecution]
public sealed class TimesheetReminderJob(TenantDirectory directory, TenantScopeFactory scopes, TimeProvider time, ILogger<TimesheetReminderJob> logger) : IJob
{
    public static readonly JobKey Key = new("timesheet-reminder", "time");

    /// <summary>A reminder not sent within this long after it was due (server down all day) is skipped, not sent late.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromHours(12);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        foreach (var tenant in await directory.ListActiveAsync(cancellationToken))
        {
            try
            {
                await using var scope = scopes.Open(tenant);
                await RemindAsync(scope.ServiceProvider, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Timesheet reminders for {Tenant} failed", tenant.Slug);
            }
        }
    }

    /// <returns>How many engineers were reminded (0 when not due or already sent).</returns>
    public async Task<int> RemindAsync(IServiceProvider tenantServices, CancellationToken cancellationToken)
    {
        var databases = tenantServices.GetRequiredService<TenantDbContextFactory>();
        var now = time.GetUtcNow();
        List<(string Email, string Name)> recipients;
        DateOnly lastWeek;
        string company;
        await using (var db = databases.Create())
        {
            var settings = await db.Settings.AsNoTracking().SingleAsync(cancellationToken);
            company = settings.CompanyName;
            var zone = Psa.Web.Projects.WorkspaceClock.ZoneOf(settings.TimeZone);
            var due = ReminderSchedule.LastDue(now, zone);
            if (now - due > Grace)
            {
                return 0;
            }

            lastWeek = Week.StartOf(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(due, zone).DateTime)).AddDays(-7);
            if (await db.TimesheetReminders.AnyAsync(r => r.WeekStart == lastWeek, cancellationToken))
            {
                return 0;
            }

            var submitted = db.Timesheets.Where(t => t.WeekStart == lastWeek && (t.State == TimesheetState.Submitted || t.State == TimesheetState.Approved))
                .Select(t => t.EngineerId);
            var rows = await (from e in db.Engineers
                              join u in db.Users on e.UserId equals u.Id
                              where e.IsActive && u.Email != null && !submitted.Contains(e.Id)
                              orderby u.Email
                              select new { u.Email, e.Name }).ToListAsync(cancellationToken);
            recipients = rows.Select(r => (r.Email!, r.Name)).ToList();
            // Claim the week before sending, so two servers never both send it.
            db.TimesheetReminders.Add(new TimesheetReminderRun { WeekStart = lastWeek, SentUtc = now, Recipients = recipients.Count });
            await db.SaveChangesAsync(cancellationToken);
        }

        var email = tenantServices.GetRequiredService<EmailSender>();
        foreach (var (address, name) in recipients)
        {
            await email.SendAsync(address, $"Please submit your timesheet for the week of {lastWeek:d MMM yyyy}",
                $"<p>Hi {WebUtility.HtmlEncode(name)},</p><p>Your timesheet for the week starting {lastWeek:dddd d MMMM yyyy} at {WebUtility.HtmlEncode(company)} is not submitted yet. " +
                "Open <a href=\"/time?week=" + lastWeek.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "\">Time</a>, check your entries and choose <b>Submit week</b>.</p>",
                cancellationToken);
        }

        logger.LogInformation("Reminded {Count} engineer(s) in {Tenant} about the week of {Week}", recipients.Count, tenantServices.GetRequiredService<TenantContext>().Required.Slug, lastWeek);
        return recipients.Count;
    }

    public static void Schedule(IQuartzBuilder quartz)
    {
        quartz.AddJob<TimesheetReminderJob>(j => j.WithIdentity(Key));
        quartz.AddTrigger<TimesheetReminderJob>(t => t.WithIdentity("timesheet-reminder-quarter-hourly", "time").ForJob(Key).StartNow()
            .WithCronSchedule("0 0/15 * * * ?", c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
    }
}
