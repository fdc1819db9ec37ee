namespace Psa.Domain.TimeTracking;

/// <summary>
/// An engineer's timer. Its state lives in the database, so it survives reloads, reconnects and
/// restarts. At most one is running per engineer (a unique index enforces it). A timer that ran
/// past midnight or over ten hours is stopped but kept, awaiting the engineer's confirmation.
/// </summary>
public sealed class RunningTimer
{
    private RunningTimer()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid EngineerId { get; private set; }

    public Guid ClientId { get; private set; }

    public Guid? ProjectId { get; private set; }

    public Guid? TaskId { get; private set; }

    public Guid? AgreementId { get; private set; }

    public Guid? TicketId { get; private set; }

    public string WorkTypeCode { get; private set; } = string.Empty;

    public bool Billable { get; private set; }

    public string? Note { get; set; }

    /// <summary>What the timer is on, for the widget (task title or client name).</summary>
    public string Label { get; private set; } = string.Empty;

    public DateTimeOffset StartedUtc { get; private set; }

    /// <summary>Set when stopped but awaiting confirmation; null while running.</summary>
    public DateTimeOffset? StoppedUtc { get; private set; }

    public bool IsRunning => StoppedUtc is null;

    public static RunningTimer Start(Guid engineerId, Guid clientId, Guid? projectId, Guid? taskId, Guid? agreementId,
        string workTypeCode, bool billable, string label, DateTimeOffset nowUtc, Guid? ticketId = null)
    {
        // The same checks as the entry it will become, so a timer never fails when it stops.
        _ = TimeEntry.Create(engineerId, clientId, workTypeCode, new DateTime(2000, 1, 1), 1, billable, projectId, taskId, agreementId, ticketId: ticketId);
        return new RunningTimer
        {
            EngineerId = engineerId,
            ClientId = clientId,
            ProjectId = projectId,
            TaskId = taskId,
            AgreementId = agreementId,
            TicketId = ticketId,
            WorkTypeCode = workTypeCode.Trim(),
            Billable = billable,
            Label = label,
            StartedUtc = nowUtc,
        };
    }

    public void HoldForConfirmation(DateTimeOffset nowUtc)
    {
        if (StoppedUtc is null)
        {
            StoppedUtc = nowUtc;
        }
    }

    /// <summary>The entries this timer becomes, given the workspace's zone.</summary>
    public IReadOnlyList<TimeEntry> ToEntries(TimeZoneInfo zone, DateTimeOffset nowUtc)
    {
        var (start, _) = WallClock(zone, nowUtc);
        return TimerRules.Pieces(start, Elapsed(nowUtc))
            .Select(p =>
            {
                var entry = TimeEntry.Create(EngineerId, ClientId, WorkTypeCode, p.Start, p.Minutes, Billable, ProjectId, TaskId, AgreementId, ticketId: TicketId);
                entry.InternalNote = Note;
                return entry;
            })
            .ToList();
    }

    public bool NeedsConfirmation(TimeZoneInfo zone, DateTimeOffset nowUtc)
    {
        var (start, stop) = WallClock(zone, nowUtc);
        return TimerRules.NeedsConfirmation(start, stop, Elapsed(nowUtc));
    }

    public TimeSpan Elapsed(DateTimeOffset nowUtc) => (StoppedUtc ?? nowUtc) - StartedUtc;

    public (DateTime Start, DateTime Stop) WallClock(TimeZoneInfo zone, DateTimeOffset nowUtc) =>
        (Wall(StartedUtc, zone), Wall(StoppedUtc ?? nowUtc, zone));

    private static DateTime Wall(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, zone).DateTime, DateTimeKind.Unspecified);
}
