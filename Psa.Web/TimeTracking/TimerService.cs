using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.TimeTracking;
using Psa.Infrastructure.Tenancy;
using Psa.Infrastructure.Live;

namespace Psa.Web.TimeTracking;

/// <summary>A timer as the widget shows it.</summary>
/// <param name="LockedWeek">For a held timer: the Monday of an approved week its time falls in (that part cannot be saved).</param>
public sealed record TimerView(Guid Id, string Label, Guid? TaskId, DateTimeOffset StartedUtc, DateTimeOffset? StoppedUtc, bool Billable, string WorkTypeCode, DateOnly? LockedWeek = null)
{
    public bool AwaitingConfirmation => StoppedUtc is not null;
}

/// <summary>What stopping a timer did.</summary>
/// <param name="LockedWeek">The approved week the timer ran into, if it did: its time there is held, then left out when the rest is saved.</param>
/// <param name="RefusedMinutes">Minutes left out on saving because they fall in an approved week.</param>
public sealed record TimerStopResult(bool Saved, bool NeedsConfirmation, int Minutes, IReadOnlyList<Guid> EntryIds, DateOnly? LockedWeek = null, int RefusedMinutes = 0);

/// <summary>
/// Timers: one running per engineer, state in the database. Stopping turns a timer into entries
/// (split at midnight); a run past midnight or over ten hours waits for the engineer's confirmation
/// instead of being saved, so nothing doubtful is billed and nothing is lost. A timer never adds time to
/// a week that is already approved: that time waits for the engineer, and saving keeps only the time in
/// open weeks (late time for an approved week is added on the timesheet, where it goes for approval again).
/// </summary>
public sealed class TimerService(TenantDbContextFactory databases, TimeProvider time)
{
    public const string DefaultTaskWorkType = "project";

    public async Task<IReadOnlyList<TimerView>> ForEngineerAsync(Guid engineerId, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var rows = await db.Timers.AsNoTracking().Where(t => t.EngineerId == engineerId).ToListAsync(cancellationToken);
        if (rows.All(t => t.StoppedUtc is null))
        {
            return rows.Select(View).ToList();
        }

        var calendar = await TimeCalendar.LoadAsync(db, cancellationToken);
        var views = new List<TimerView>();
        foreach (var timer in rows.OrderBy(t => t.StartedUtc))
        {
            var locked = timer.StoppedUtc is null ? null : await ApprovedWeeksAsync(db, timer.EngineerId, timer.ToEntries(calendar.Zone, time.GetUtcNow()), cancellationToken);
            views.Add(View(timer) with { LockedWeek = locked is { Count: > 0 } ? locked.Min() : null });
        }

        return views;
    }

    /// <summary>One click on a task: a billable project-work timer on it (stopping any other).</summary>
    public async Task<TimerView> StartOnTaskAsync(Guid taskId, Guid engineerId, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var timer = await StartOnTaskAsync(db, taskId, engineerId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return View(timer);
    }

    /// <summary>
    /// Work started on a ticket: a timer on it carrying the ticket's client, agreement and work type
    /// (stopping any other). Does nothing when the engineer's timer already runs on it.
    /// </summary>
    public async Task<TimerView?> StartOnTicketAsync(Guid ticketId, Guid engineerId, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        if (await db.Timers.AnyAsync(t => t.EngineerId == engineerId && t.TicketId == ticketId && t.StoppedUtc == null, cancellationToken))
        {
            return null;
        }

        var ticket = await db.Tickets.AsNoTracking().Where(t => t.Id == ticketId)
            .Select(t => new { t.ClientId, t.AgreementId, t.WorkTypeCode, t.Number, t.Title })
            .SingleOrDefaultAsync(cancellationToken) ?? throw new DomainException("That ticket does not exist.", "Ticket");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var timer = await StartAsync(db, engineerId, ticket.ClientId, null, null, ticket.AgreementId, ticket.WorkTypeCode, true,
            $"{Psa.Domain.ServiceDesk.TicketText.Reference(ticket.Number)} {ticket.Title}", cancellationToken, ticketId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return View(timer);
    }

    /// <summary>A ticket paused, resolved or closed: every timer running on it stops and is saved (or held for confirmation).</summary>
    public async Task StopOnTicketAsync(Guid ticketId, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        await StopAllAsync(db, db.Timers.Where(t => t.TicketId == ticketId), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A timer for a client (optionally under an agreement), without a task.</summary>
    public async Task<TimerView> StartForClientAsync(Guid engineerId, Guid clientId, Guid? agreementId, string workTypeCode, bool billable, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var client = await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken)
            ?? throw new DomainException("Client is required.", "Client");
        if (!await db.WorkTypes.AnyAsync(w => w.Code == workTypeCode, cancellationToken))
        {
            throw new DomainException($"Work type '{workTypeCode}' does not exist.", "Work type");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var timer = await StartAsync(db, engineerId, client.Id, null, null, agreementId, workTypeCode, billable, client.Name, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return View(timer);
    }

    /// <summary>Stops the engineer's running timer: saves its entries, or holds it when it needs confirmation.</summary>
    public async Task<TimerStopResult> StopAsync(Guid engineerId, bool confirmed = false, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var timer = await db.Timers.SingleOrDefaultAsync(t => t.EngineerId == engineerId && t.StoppedUtc == null, cancellationToken);
        if (timer is null)
        {
            return new TimerStopResult(false, false, 0, []);
        }

        var calendar = await TimeCalendar.LoadAsync(db, cancellationToken);
        var result = await StopAsync(db, calendar, timer, confirmed, cancellationToken);
        // Entries and the timer's removal are one SaveChanges, hence one transaction.
        await db.SaveChangesAsync(cancellationToken);
        return result;
    }

    /// <summary>Saves (or discards) a timer held for confirmation.</summary>
    public async Task<TimerStopResult> ResolveAsync(Guid engineerId, Guid timerId, bool save, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var timer = await db.Timers.SingleOrDefaultAsync(t => t.Id == timerId && t.EngineerId == engineerId, cancellationToken)
            ?? throw new DomainException("That timer does not exist.");
        TimerStopResult result;
        if (save)
        {
            var calendar = await TimeCalendar.LoadAsync(db, cancellationToken);
            result = await StopAsync(db, calendar, timer, confirmed: true, cancellationToken);
        }
        else
        {
            db.Timers.Remove(timer);
            Changed(db, engineerId);
            result = new TimerStopResult(false, false, 0, []);
        }

        await db.SaveChangesAsync(cancellationToken);
        return result;
    }

    /// <summary>Stages, on the caller's context, the stop of every timer running on the task (the caller saves).</summary>
    internal Task StopAllOnTaskAsync(TenantDbContext db, Guid taskId, CancellationToken cancellationToken) =>
        StopAllAsync(db, db.Timers.Where(t => t.TaskId == taskId), cancellationToken);

    /// <summary>Stages the stop of every running timer among <paramref name="timers"/> (the caller saves).</summary>
    private async Task StopAllAsync(TenantDbContext db, IQueryable<RunningTimer> timers, CancellationToken cancellationToken)
    {
        var running = await timers.Where(t => t.StoppedUtc == null).ToListAsync(cancellationToken);
        if (running.Count == 0)
        {
            return;
        }

        var calendar = await TimeCalendar.LoadAsync(db, cancellationToken);
        foreach (var timer in running)
        {
            await StopAsync(db, calendar, timer, confirmed: false, cancellationToken);
        }
    }

    /// <summary>Stages, on the caller's context and transaction, a billable project-work timer on the task (the caller saves).</summary>
    internal async Task<RunningTimer> StartOnTaskAsync(TenantDbContext db, Guid taskId, Guid engineerId, CancellationToken cancellationToken)
    {
        var task = await (from t in db.ProjectTasks join p in db.Projects on t.ProjectId equals p.Id where t.Id == taskId select new { t.Id, t.ProjectId, p.ClientId, t.Title, Project = p.Name })
            .SingleOrDefaultAsync(cancellationToken) ?? throw new DomainException("That task does not exist.", "Task");
        var workType = await db.WorkTypes.AnyAsync(w => w.Code == DefaultTaskWorkType, cancellationToken)
            ? DefaultTaskWorkType
            : await db.WorkTypes.OrderBy(w => w.Code).Select(w => w.Code).FirstAsync(cancellationToken);
        return await StartAsync(db, engineerId, task.ClientId, task.ProjectId, task.Id, null, workType, true, $"{task.Project} › {task.Title}", cancellationToken);
    }

    /// <summary>Stops the engineer's running timer and stages a new one; runs inside the caller's transaction.</summary>
    private async Task<RunningTimer> StartAsync(TenantDbContext db, Guid engineerId, Guid clientId, Guid? projectId, Guid? taskId, Guid? agreementId,
        string workTypeCode, bool billable, string label, CancellationToken cancellationToken, Guid? ticketId = null)
    {
        var now = time.GetUtcNow();
        var running = await db.Timers.AsNoTracking().SingleOrDefaultAsync(t => t.EngineerId == engineerId && t.StoppedUtc == null, cancellationToken);
        if (running is not null)
        {
            // The unique index allows one running timer per engineer, so the old one is stopped in the
            // database now (same transaction) rather than in a save whose command order is not ours.
            var calendar = await TimeCalendar.LoadAsync(db, cancellationToken);
            var pieces = running.ToEntries(calendar.Zone, now);
            if (running.NeedsConfirmation(calendar.Zone, now) || (await ApprovedWeeksAsync(db, engineerId, pieces, cancellationToken)).Count > 0)
            {
                await db.Timers.Where(t => t.Id == running.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.StoppedUtc, (DateTimeOffset?)now), cancellationToken);
            }
            else
            {
                db.TimeEntries.AddRange(pieces);
                await db.Timers.Where(t => t.Id == running.Id).ExecuteDeleteAsync(cancellationToken);
            }
        }

        var timer = RunningTimer.Start(engineerId, clientId, projectId, taskId, agreementId, workTypeCode, billable, label, now, ticketId);
        db.Timers.Add(timer);
        Changed(db, engineerId);
        return timer;
    }

    private async Task<TimerStopResult> StopAsync(TenantDbContext db, TimeCalendar calendar, RunningTimer timer, bool confirmed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        Changed(db, timer.EngineerId);
        var entries = timer.ToEntries(calendar.Zone, now);
        var approved = await ApprovedWeeksAsync(db, timer.EngineerId, entries, cancellationToken);
        DateOnly? lockedWeek = approved.Count > 0 ? approved.Min() : null;
        if (!confirmed && (lockedWeek is not null || timer.NeedsConfirmation(calendar.Zone, now)))
        {
            timer.HoldForConfirmation(now);
            return new TimerStopResult(false, true, (int)Math.Ceiling(timer.Elapsed(now).TotalMinutes), [], lockedWeek);
        }

        var kept = entries.Where(e => !approved.Contains(Week.StartOf(e.Start))).ToList();
        db.TimeEntries.AddRange(kept);
        db.Timers.Remove(timer);
        return new TimerStopResult(kept.Count > 0, false, kept.Sum(x => x.Minutes), kept.Select(x => x.Id).ToList(), lockedWeek, entries.Sum(x => x.Minutes) - kept.Sum(x => x.Minutes));
    }

    /// <summary>The weeks among the entries' whose timesheet the engineer already has approved.</summary>
    private static async Task<IReadOnlySet<DateOnly>> ApprovedWeeksAsync(TenantDbContext db, Guid engineerId, IEnumerable<TimeEntry> entries, CancellationToken cancellationToken)
    {
        var weeks = entries.Select(e => Week.StartOf(e.Start)).Distinct().ToList();
        return (await db.Timesheets.AsNoTracking().Where(t => t.EngineerId == engineerId && t.State == TimesheetState.Approved && weeks.Contains(t.WeekStart))
            .Select(t => t.WeekStart).ToListAsync(cancellationToken)).ToHashSet();
    }

    private static TimerView View(RunningTimer t) => new(t.Id, t.Label, t.TaskId, t.StartedUtc, t.StoppedUtc, t.Billable, t.WorkTypeCode);

    private static void Changed(TenantDbContext db, Guid engineerId)
    {
        db.PublishOnCommit(LiveTopics.Time(engineerId));
        db.PublishOnCommit(LiveTopics.Timesheets);
    }
}
