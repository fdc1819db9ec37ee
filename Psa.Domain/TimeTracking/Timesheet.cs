using Psa.Domain.Common;

namespace Psa.Domain.TimeTracking;

public enum TimesheetState
{
    Open = 0,
    Submitted = 1,
    Approved = 2,
    Rejected = 3,
}

/// <summary>
/// One engineer's week (Monday to Sunday). Submitting it submits its entries; approving it locks
/// them; rejecting it returns them to the engineer with the manager's comment.
/// </summary>
public sealed class Timesheet
{
    private Timesheet()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid EngineerId { get; private set; }

    public DateOnly WeekStart { get; private set; }

    public TimesheetState State { get; private set; } = TimesheetState.Open;

    public DateTimeOffset? SubmittedUtc { get; private set; }

    public string? DecidedByUserId { get; private set; }

    public string? DecidedByName { get; private set; }

    public DateTimeOffset? DecidedUtc { get; private set; }

    public string? Comment { get; private set; }

    public static Timesheet Open(Guid engineerId, DateOnly weekStart)
    {
        if (weekStart.DayOfWeek != DayOfWeek.Monday)
        {
            throw new DomainException("A timesheet week starts on a Monday.", "Week");
        }

        return new Timesheet { EngineerId = engineerId, WeekStart = weekStart };
    }

    /// <summary>
    /// Submits the week's draft and rejected entries. An approved week can be submitted again when
    /// late time was added to it: its approved entries stay locked, the new ones go for approval.
    /// </summary>
    public void Submit(IReadOnlyCollection<TimeEntry> entries, DateTimeOffset nowUtc)
    {
        if (State == TimesheetState.Submitted)
        {
            throw new DomainException("This week is already submitted.", "Week");
        }

        var pending = entries.Where(e => e.Approval is ApprovalState.Draft or ApprovalState.Rejected).ToList();
        if (pending.Count == 0)
        {
            throw new DomainException(entries.Count == 0 ? "There is no time in this week to submit." : "Every entry in this week is already approved.", "Week");
        }

        foreach (var entry in pending)
        {
            if (entry.Approval == ApprovalState.Rejected)
            {
                entry.Reopen();
            }

            entry.Submit();
        }

        State = TimesheetState.Submitted;
        SubmittedUtc = nowUtc;
    }

    public void Approve(IReadOnlyCollection<TimeEntry> entries, string userId, string userName, string? comment, DateTimeOffset nowUtc)
    {
        RequireSubmitted();
        foreach (var entry in entries.Where(e => e.Approval == ApprovalState.Submitted))
        {
            entry.Approve();
        }

        Decide(TimesheetState.Approved, userId, userName, comment, nowUtc);
    }

    public void Reject(IReadOnlyCollection<TimeEntry> entries, string userId, string userName, string? comment, DateTimeOffset nowUtc)
    {
        RequireSubmitted();
        if (string.IsNullOrWhiteSpace(comment))
        {
            throw new DomainException("Say why the week is rejected, so the engineer can fix it.", "Comment");
        }

        foreach (var entry in entries.Where(e => e.Approval == ApprovalState.Submitted))
        {
            entry.Reject();
        }

        Decide(TimesheetState.Rejected, userId, userName, comment, nowUtc);
    }

    private void RequireSubmitted()
    {
        if (State != TimesheetState.Submitted)
        {
            throw new DomainException($"Only a submitted week can be decided; this one is {State.ToString().ToLowerInvariant()}.", "Week");
        }
    }

    private void Decide(TimesheetState state, string userId, string userName, string? comment, DateTimeOffset nowUtc)
    {
        State = state;
        DecidedByUserId = userId;
        DecidedByName = userName;
        DecidedUtc = nowUtc;
        Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
    }
}

/// <summary>An audit record of a manager's correction to a locked entry.</summary>
public sealed class TimeAdjustment
{
    private TimeAdjustment()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid TimeEntryId { get; private set; }

    public string ByUserId { get; private set; } = string.Empty;

    public string ByName { get; private set; } = string.Empty;

    public DateTimeOffset AtUtc { get; private set; }

    public string Reason { get; private set; } = string.Empty;

    /// <summary>What changed, e.g. <c>Minutes 60 → 45</c>.</summary>
    public string Change { get; private set; } = string.Empty;

    /// <summary>Applies the correction to a locked entry no billing run has billed, and returns the record to save with it.</summary>
    public static TimeAdjustment Apply(TimeEntry entry, EntryBilling billing, DateTime start, int minutes, string workTypeCode, bool billable,
        string reason, string byUserId, string byName, DateTimeOffset nowUtc)
    {
        BusinessRuleViolationException.Check(new BilledTimeIsNotAdjusted(billing));
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("An adjustment needs a reason.", "Reason");
        }

        var before = Describe(entry.Start, entry.Minutes, entry.WorkTypeCode, entry.Billable);
        entry.Adjust(start, minutes, workTypeCode, billable);
        var after = Describe(entry.Start, entry.Minutes, entry.WorkTypeCode, entry.Billable);
        var change = string.Join("; ", before.Zip(after).Where(p => p.First != p.Second).Select(p => $"{p.First} → {p.Second.Split(' ', 2)[1]}"));
        if (change.Length == 0)
        {
            throw new DomainException("The adjustment changes nothing.", "Minutes");
        }

        return new TimeAdjustment
        {
            TimeEntryId = entry.Id,
            ByUserId = byUserId,
            ByName = byName,
            AtUtc = nowUtc,
            Reason = reason.Trim(),
            Change = change,
        };
    }

    private static string[] Describe(DateTime start, int minutes, string workType, bool billable) =>
        [$"Start {start:yyyy-MM-dd HH:mm}", $"Minutes {minutes}", $"Work-type {workType}", $"Billable {(billable ? "yes" : "no")}"];
}
