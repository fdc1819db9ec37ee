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
        e.HasOne<Engineer>().WithMany().HasForeignKey(t => t.EngineerId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Client>().WithMany().HasForeignKey(t => t.ClientId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Project>().WithMany().HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<ProjectTask>().WithMany().HasForeignKey(t => t.TaskId).OnDelete(DeleteBehavior.Restrict);
    }
}
