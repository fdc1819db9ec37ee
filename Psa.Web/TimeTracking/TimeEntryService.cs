using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.TimeTracking;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Live;

namespace Psa.Web.TimeTracking;

/// <summary>What the engineer types for a manual entry; field names are the labels the user sees.</summary>
public sealed class TimeEntryInput
{
    public Guid? ClientId { get; set; }

    public Guid? TaskId { get; set; }

    public Guid? AgreementId { get; set; }

    public DateTime? Date { get; set; }

    public TimeOnly? StartTime { get; set; }

    public int? Minutes { get; set; }

    public string? WorkTypeCode { get; set; }

    public bool Billable { get; set; } = true;

    public string? InternalNote { get; set; }

    public string? ClientNote { get; set; }
}

/// <summary>
/// An entry as the pages and API show it, with its split into rate tiers. <see cref="Billed"/> and
/// <see cref="InvoiceLineId"/> come from the billing ledger (imported history is billed without a line).
/// </summary>
public sealed record TimeEntryView(
    Guid Id, Guid EngineerId, string EngineerName, Guid ClientId, string ClientName, Guid? ProjectId, Guid? TaskId, string? TaskTitle,
    Guid? AgreementId, DateTime Start, int Minutes, string WorkTypeCode, bool Billable, string? InternalNote, string? ClientNote,
    ApprovalState Approval, Guid? InvoiceLineId, TierBreakdown Tiers, bool Billed = false)
{
    public bool IsLocked => Approval == ApprovalState.Approved;

    /// <summary>A manager may correct it: locked, and no billing run has billed it (a credit note corrects billed time).</summary>
    public bool CanAdjust => IsLocked && !Billed;

    public bool CanEdit => Approval is ApprovalState.Draft or ApprovalState.Rejected;
}

public sealed record PickItem(Guid Id, string Name, Guid? ClientId = null, Guid? ProjectId = null, string? Short = null, Guid? AssigneeId = null);

public sealed record WorkTypeItem(string Code, string Name);

public sealed record AdjustmentView(Guid TimeEntryId, string ByName, DateTimeOffset AtUtc, string Reason, string Change);

/// <summary>Engineers' manual entries; managers' adjustments of locked ones.</summary>
public sealed class TimeEntryService(TenantDbContextFactory databases, WorkspaceLive notifier, TimeProvider time)
{


    public async Task<IReadOnlyList<TimeEntryView>> ListAsync(Guid? engineerId, DateOnly from, DateOnly toExclusive, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var calendar = await TimeCalendar.LoadAsync(db, cancellationToken);
        return await ListAsync(db, calendar, engineerId, from, toExclusive, cancellationToken);
    }

    internal static async Task<IReadOnlyList<TimeEntryView>> ListAsync(TenantDbContext db, TimeCalendar calendar, Guid? engineerId, DateOnly from, DateOnly toExclusive, CancellationToken cancellationToken)
    {
        var start = from.ToDateTime(TimeOnly.MinValue);
        var end = toExclusive.ToDateTime(TimeOnly.MinValue);
        var query = db.TimeEntries.AsNoTracking().Where(e => e.Start >= start && e.Start < end);
        if (engineerId is not null)
        {
            query = query.Where(e => e.EngineerId == engineerId);
        }

        var rows = await (from e in query
                          join c in db.Clients on e.ClientId equals c.Id
                          join g in db.Engineers on e.EngineerId equals g.Id
                          join t in db.ProjectTasks on e.TaskId equals t.Id into tasks
                          from t in tasks.DefaultIfEmpty()
                          join b in db.BilledSources on (Guid?)e.Id equals b.TimeEntryId into billed
                          from b in billed.DefaultIfEmpty()
                          orderby e.Start
                          select new { e, ClientName = c.Name, EngineerName = g.Name, TaskTitle = t == null ? null : t.Title, Billed = b != null, LineId = b == null ? null : b.InvoiceLineId })
            .ToListAsync(cancellationToken);
        return rows.Select(r => View(r.e, r.EngineerName, r.ClientName, r.TaskTitle, calendar, r.Billed, r.LineId)).ToList();
    }

    internal static TimeEntryView View(TimeEntry e, string engineerName, string clientName, string? taskTitle, TimeCalendar calendar, bool billed, Guid? invoiceLineId) => new(
        e.Id, e.EngineerId, engineerName, e.ClientId, clientName, e.ProjectId, e.TaskId, taskTitle, e.AgreementId, e.Start, e.Minutes,
        e.WorkTypeCode, e.Billable, e.InternalNote, e.ClientNote, e.Approval, invoiceLineId, calendar.Split(e), billed);

    public async Task<(IReadOnlyList<PickItem> Clients, IReadOnlyList<PickItem> Tasks, IReadOnlyList<WorkTypeItem> WorkTypes)> PicklistsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var clients = await db.Clients.AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.Name).Select(c => new PickItem(c.Id, c.Name, c.Id, null)).ToListAsync(cancellationToken);
        var tasks = await (from t in db.ProjectTasks.AsNoTracking()
                           join p in db.Projects on t.ProjectId equals p.Id
                           where t.Status != Psa.Domain.Projects.ProjectTaskStatus.Done
                           orderby p.Name, t.Order
                           select new PickItem(t.Id, p.Name + " › " + t.Title, p.ClientId, p.Id, t.Title, t.AssigneeEngineerId)).ToListAsync(cancellationToken);
        var workTypes = await db.WorkTypes.AsNoTracking().Where(w => w.IsActive).OrderBy(w => w.Name)
            .Select(w => new WorkTypeItem(w.Code, w.Name)).ToListAsync(cancellationToken);
        return (clients, tasks, workTypes);
    }

    public async Task<Guid> CreateAsync(Guid engineerId, TimeEntryInput input, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var (clientId, projectId, start, minutes, workType) = await ValidateAsync(db, input, cancellationToken);
        var entry = TimeEntry.Create(engineerId, clientId, workType, start, minutes, input.Billable, projectId, input.TaskId, input.AgreementId);
        entry.InternalNote = Clean(input.InternalNote);
        entry.ClientNote = Clean(input.ClientNote);
        db.TimeEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        Publish(engineerId);
        return entry.Id;
    }

    public async Task UpdateAsync(Guid engineerId, Guid entryId, TimeEntryInput input, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var entry = await db.TimeEntries.SingleOrDefaultAsync(e => e.Id == entryId && e.EngineerId == engineerId, cancellationToken)
            ?? throw new DomainException("That time entry does not exist.");
        entry.EnsureEditable();
        var (clientId, projectId, start, minutes, workType) = await ValidateAsync(db, input, cancellationToken);
        entry.Edit(clientId, workType, start, minutes, input.Billable, projectId, input.TaskId, input.AgreementId);
        entry.InternalNote = Clean(input.InternalNote);
        entry.ClientNote = Clean(input.ClientNote);
        await db.SaveChangesAsync(cancellationToken);
        Publish(engineerId);
    }

    public async Task DeleteAsync(Guid engineerId, Guid entryId, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var entry = await db.TimeEntries.SingleOrDefaultAsync(e => e.Id == entryId && e.EngineerId == engineerId, cancellationToken)
            ?? throw new DomainException("That time entry does not exist.");
        entry.EnsureEditable();
        db.TimeEntries.Remove(entry);
        await db.SaveChangesAsync(cancellationToken);
        Publish(engineerId);
    }

    /// <summary>A manager corrects a locked entry; the change and its reason are recorded in the same transaction.</summary>
    public async Task AdjustAsync(Guid entryId, DateTime start, int minutes, string workTypeCode, bool billable, string reason,
        string managerUserId, string managerName, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var entry = await db.TimeEntries.SingleOrDefaultAsync(e => e.Id == entryId, cancellationToken)
            ?? throw new DomainException("That time entry does not exist.");
        if (!await db.WorkTypes.AnyAsync(w => w.Code == workTypeCode, cancellationToken))
        {
            throw new DomainException($"Work type '{workTypeCode}' does not exist.", "Work type");
        }

        var billedOn = await BilledOnAsync(db, entryId, cancellationToken);
        var adjustment = TimeAdjustment.Apply(entry, billedOn, start, minutes, workTypeCode, billable, reason, managerUserId, managerName, time.GetUtcNow());
        db.TimeAdjustments.Add(adjustment);
        await db.SaveChangesAsync(cancellationToken);
        Publish(entry.EngineerId);
    }

    /// <summary>What the billing ledger says billed the entry: not billed, or billed on an invoice (its number once it has one).</summary>
    private static async Task<EntryBilling> BilledOnAsync(TenantDbContext db, Guid entryId, CancellationToken cancellationToken)
    {
        var row = await (from b in db.BilledSources
                         where b.TimeEntryId == entryId
                         join i in db.Invoices on b.InvoiceId equals i.Id into invoices
                         from i in invoices.DefaultIfEmpty()
                         select new { Invoice = i }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? EntryBilling.NotBilled : EntryBilling.On(row.Invoice?.DisplayNumber);
    }

    public async Task<IReadOnlyList<AdjustmentView>> AdjustmentsAsync(IReadOnlyCollection<Guid> entryIds, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var rows = await db.TimeAdjustments.AsNoTracking().Where(a => entryIds.Contains(a.TimeEntryId)).ToListAsync(cancellationToken);
        return rows.OrderBy(a => a.AtUtc).Select(a => new AdjustmentView(a.TimeEntryId, a.ByName, a.AtUtc, a.Reason, a.Change)).ToList();
    }

    private async Task<(Guid ClientId, Guid? ProjectId, DateTime Start, int Minutes, string WorkType)> ValidateAsync(
        TenantDbContext db, TimeEntryInput input, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        Guid? clientId = input.ClientId;
        Guid? projectId = null;
        if (input.TaskId is { } taskId)
        {
            var task = await (from t in db.ProjectTasks join p in db.Projects on t.ProjectId equals p.Id where t.Id == taskId select new { t.ProjectId, p.ClientId })
                .SingleOrDefaultAsync(cancellationToken);
            if (task is null)
            {
                errors.Add(new("Task", "That task does not exist."));
            }
            else
            {
                projectId = task.ProjectId;
                if (clientId is not null && clientId != task.ClientId)
                {
                    errors.Add(new("Task", "The task belongs to another client's project."));
                }

                clientId = task.ClientId;
            }

            if (input.AgreementId is not null)
            {
                errors.Add(new("Agreement", "An entry is for a project task or an agreement, not both."));
            }
        }

        if (clientId is null)
        {
            errors.Add(new("Client", "Client is required."));
        }
        else if (!await db.Clients.AnyAsync(c => c.Id == clientId, cancellationToken))
        {
            errors.Add(new("Client", "That client does not exist."));
        }

        if (input.Date is null)
        {
            errors.Add(new("Date", "Date is required."));
        }

        if (input.StartTime is null)
        {
            errors.Add(new("Start time", "Start time is required."));
        }

        if (input.Minutes is null or <= 0 or > TimeEntry.MaxMinutes)
        {
            errors.Add(new("Minutes", $"Minutes must be between 1 and {TimeEntry.MaxMinutes}."));
        }

        if (string.IsNullOrWhiteSpace(input.WorkTypeCode))
        {
            errors.Add(new("Work type", "Work type is required."));
        }
        else if (!await db.WorkTypes.AnyAsync(w => w.Code == input.WorkTypeCode, cancellationToken))
        {
            errors.Add(new("Work type", $"Work type '{input.WorkTypeCode}' does not exist."));
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var start = DateOnly.FromDateTime(input.Date!.Value).ToDateTime(input.StartTime!.Value);
        return (clientId!.Value, projectId, start, input.Minutes!.Value, input.WorkTypeCode!.Trim());
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private void Publish(Guid engineerId)
    {
        notifier.Publish(LiveTopics.Time(engineerId), LiveTopics.Timesheets);
    }
}
