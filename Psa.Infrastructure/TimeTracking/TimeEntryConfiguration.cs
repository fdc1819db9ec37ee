using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Psa.Domain.Clients;
using Psa.Domain.Engineers;
using Psa.Domain.Projects;
using Psa.Domain.TimeTracking;

namespace Psa.Infrastructure.TimeTracking;

internal sealed class TimeEntryConfiguration : IEntityTypeConfiguration<TimeEntry>
{
    public void Configure(EntityTypeBuilder<TimeEntry> e)
    {
        e.HasIndex(t => t.Code).IsUnique();
        e.HasIndex(t => new { t.ClientId, t.Start });
        e.HasIndex(t => new { t.EngineerId, t.Start });
        e.HasIndex(t => t.ProjectId);
        e.HasIndex(t => t.AgreementId);
        e.Property(t => t.Code).HasMaxLength(60);
        e.Property(t => t.WorkTypeCode).HasMaxLength(40);
        e.Property(t => t.InternalNote).HasMaxLength(4000);
        e.Property(t => t.ClientNote).HasMaxLength(4000);
        e.Ignore(t => t.IsLocked);
        // Covers the reports' grouped scan of a date range, so they read the index and never the rows (notes are large).
        e.HasIndex(t => new { t.Start, t.EngineerId, t.ClientId, t.ProjectId, t.Billable, t.Approval, t.Minutes }, "IX_TimeEntries_Reporting");
        e.HasOne<Engineer>().WithMany().HasForeignKey(t => t.EngineerId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Client>().WithMany().HasForeignKey(t => t.ClientId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Project>().WithMany().HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<ProjectTask>().WithMany().HasForeignKey(t => t.TaskId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RunningTimerConfiguration : IEntityTypeConfiguration<RunningTimer>
{
    public void Configure(EntityTypeBuilder<RunningTimer> e)
    {
        // One running timer per engineer; stopped timers awaiting confirmation do not count.
        e.HasIndex(t => t.EngineerId).IsUnique().HasFilter("StoppedUtc IS NULL");
        e.HasIndex(t => t.TaskId);
        e.Property(t => t.WorkTypeCode).HasMaxLength(40);
        e.Property(t => t.Label).HasMaxLength(300);
        e.Property(t => t.Note).HasMaxLength(4000);
        e.Ignore(t => t.IsRunning);
        e.HasOne<Engineer>().WithMany().HasForeignKey(t => t.EngineerId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Client>().WithMany().HasForeignKey(t => t.ClientId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TimesheetConfiguration : IEntityTypeConfiguration<Timesheet>
{
    public void Configure(EntityTypeBuilder<Timesheet> e)
    {
        e.HasIndex(t => new { t.EngineerId, t.WeekStart }).IsUnique();
        e.HasIndex(t => t.State);
        e.Property(t => t.DecidedByUserId).HasMaxLength(450);
        e.Property(t => t.DecidedByName).HasMaxLength(200);
        e.Property(t => t.Comment).HasMaxLength(2000);
        e.HasOne<Engineer>().WithMany().HasForeignKey(t => t.EngineerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TimeAdjustmentConfiguration : IEntityTypeConfiguration<TimeAdjustment>
{
    public void Configure(EntityTypeBuilder<TimeAdjustment> e)
    {
        e.HasIndex(a => a.TimeEntryId);
        e.Property(a => a.ByUserId).HasMaxLength(450);
        e.Property(a => a.ByName).HasMaxLength(200);
        e.Property(a => a.Reason).HasMaxLength(1000);
        e.Property(a => a.Change).HasMaxLength(1000);
        e.HasOne<TimeEntry>().WithMany().HasForeignKey(a => a.TimeEntryId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>The workspace's last sent timesheet reminder, so a reminder goes once per week even across restarts.</summary>
public sealed class TimesheetReminderRun
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>The week the reminder was about (last week when it was sent).</summary>
    public DateOnly WeekStart { get; set; }

    public DateTimeOffset SentUtc { get; set; }

    public int Recipients { get; set; }
}

internal sealed class TimesheetReminderRunConfiguration : IEntityTypeConfiguration<TimesheetReminderRun>
{
    public void Configure(EntityTypeBuilder<TimesheetReminderRun> e) => e.HasIndex(r => r.WeekStart).IsUnique();
}
