using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Identity;
using Psa.Domain.TimeTracking;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Live;

namespace Psa.Web.TimeTracking;

public sealed record TimesheetView(Guid? Id, Guid EngineerId, string EngineerName, DateOnly WeekStart, TimesheetState State,
    int Minutes, int BillableMinutes, int DraftEntries, DateTimeOffset? SubmittedUtc, string? DecidedByName, string? Comment);

/// <summary>Weekly timesheets: engineers submit, managers approve (locking the entries) or reject with a comment.</summary>
public sealed class TimesheetService(TenantDbContextFactory databases, WorkspaceLive notifier, TimeProvider time)
{
    /// <summary>Roles that approve timesheets and adjust locked time.</summary>
    public static readonly IReadOnlyList<string> ManagerRoles = Psa.Web.Auth.Permissions.RolesFor(Psa.Web.Auth.Permission.TimesheetApproval);

    public async Task<TimesheetView> WeekAsync(Guid engineerId, DateOnly weekStart, CancellationToken cancellationToken = default)
    {
        weekStart = Week.StartOf(weekStart);
        await using var db = databases.Create();
        var sheet = await db.Timesheets.AsNoTracking().SingleOrDefaultAsync(t => t.EngineerId == engineerId && t.WeekStart == weekStart, cancellationToken);
        var name = await db.Engineers.Where(e => e.Id == engineerId).Select(e => e.Name).SingleAsync(cancellationToken);
        var entries = await EntriesAsync(db, engineerId, weekStart, cancellationToken);
        return View(sheet, engineerId, name, weekStart, entries);
    }

    public async Task<TimesheetView> SubmitAsync(Guid engineerId, DateOnly weekStart, CancellationToken cancellationToken = default)
    {
        weekStart = Week.StartOf(weekStart);
        await using var db = databases.Create();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var sheet = await db.Timesheets.SingleOrDefaultAsync(t => t.EngineerId == engineerId && t.WeekStart == weekStart, cancellationToken);
        if (sheet is null)
        {
            sheet = Timesheet.Open(engineerId, weekStart);
            db.Timesheets.Add(sheet);
        }

        var entries = await EntriesAsync(db, engineerId, weekStart, cancellationToken);
        sheet.Submit(entries, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Publish(engineerId);
        var name = await db.Engineers.Where(e => e.Id == engineerId).Select(e => e.Name).SingleAsync(cancellationToken);
        return View(sheet, engineerId, name, weekStart, entries);
    }

    public Task ApproveAsync(Guid timesheetId, string managerUserId, string managerName, string? comment, CancellationToken cancellationToken = default) =>
        DecideAsync(timesheetId, (sheet, entries) => sheet.Approve(entries, managerUserId, managerName, comment, time.GetUtcNow()), cancellationToken);

    public Task RejectAsync(Guid timesheetId, string managerUserId, string managerName, string? comment, CancellationToken cancellationToken = default) =>
        DecideAsync(timesheetId, (sheet, entries) => sheet.Reject(entries, managerUserId, managerName, comment, time.GetUtcNow()), cancellationToken);

    /// <summary>Timesheets in a state (submitted by default), newest week first.</summary>
    public async Task<IReadOnlyList<TimesheetView>> ListAsync(TimesheetState? state = TimesheetState.Submitted, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var query = db.Timesheets.AsNoTracking();
        if (state is not null)
        {
            query = query.Where(t => t.State == state);
        }

        var sheets = await (from t in query join e in db.Engineers on t.EngineerId equals e.Id select new { t, e.Name })
            .ToListAsync(cancellationToken);
        var result = new List<TimesheetView>();
        foreach (var row in sheets.OrderByDescending(s => s.t.WeekStart).ThenBy(s => s.Name).Take(200))
        {
            var entries = await EntriesAsync(db, row.t.EngineerId, row.t.WeekStart, cancellationToken, tracking: false);
            result.Add(View(row.t, row.t.EngineerId, row.Name, row.t.WeekStart, entries));
        }

        return result;
    }

    private async Task DecideAsync(Guid timesheetId, Action<Timesheet, IReadOnlyCollection<TimeEntry>> decide, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var sheet = await db.Timesheets.SingleOrDefaultAsync(t => t.Id == timesheetId, cancellationToken)
            ?? throw new DomainException("That timesheet does not exist.");
        var entries = await EntriesAsync(db, sheet.EngineerId, sheet.WeekStart, cancellationToken);
        decide(sheet, entries);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Publish(sheet.EngineerId);
    }

    private static async Task<List<TimeEntry>> EntriesAsync(TenantDbContext db, Guid engineerId, DateOnly weekStart, CancellationToken cancellationToken, bool tracking = true)
    {
        var (from, to) = Week.Span(weekStart);
        var query = db.TimeEntries.Where(e => e.EngineerId == engineerId && e.Start >= from && e.Start < to);
        return await (tracking ? query : query.AsNoTracking()).ToListAsync(cancellationToken);
    }

    private static TimesheetView View(Timesheet? sheet, Guid engineerId, string name, DateOnly weekStart, IReadOnlyCollection<TimeEntry> entries) => new(
        sheet?.Id, engineerId, name, weekStart, sheet?.State ?? TimesheetState.Open,
        entries.Sum(e => e.Minutes), entries.Where(e => e.Billable).Sum(e => e.Minutes),
        entries.Count(e => e.Approval is ApprovalState.Draft or ApprovalState.Rejected),
        sheet?.SubmittedUtc, sheet?.DecidedByName, sheet?.Comment);

    private void Publish(Guid engineerId)
    {
        notifier.Publish(LiveTopics.Time(engineerId), LiveTopics.Timesheets);
    }
}
