using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Psa.Domain.Clients;
using Psa.Domain.Projects;
using Psa.Infrastructure.Persistence;

namespace Psa.Infrastructure.Projects;

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> e)
    {
        e.HasIndex(p => p.Code).IsUnique();
        e.HasIndex(p => p.ClientId);
        e.Property(p => p.Code).HasMaxLength(60);
        e.Property(p => p.Name).HasMaxLength(200);
        e.Property(p => p.InvoiceGroup).HasMaxLength(60);
        e.Property(p => p.BudgetHours).HasPrecision(19, 4);
        e.Property(p => p.BudgetAmount).HasPrecision(19, 4);
        e.Property(p => p.Value).HasPrecision(19, 4);
        e.Property(p => p.DepositPercent).HasPrecision(9, 6);
        e.Property(p => p.ProjectType).HasMaxLength(100);
        e.Property(p => p.Description).HasMaxLength(4000);
        e.HasIndex(p => p.QuoteId);
        e.HasOne<Client>().WithMany().HasForeignKey(p => p.ClientId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProjectPhaseConfiguration : IEntityTypeConfiguration<ProjectPhase>
{
    public void Configure(EntityTypeBuilder<ProjectPhase> e)
    {
        e.HasIndex(p => new { p.ProjectId, p.Order });
        e.HasIndex(p => p.Code).IsUnique();
        e.Property(p => p.Code).HasMaxLength(60);
        e.Property(p => p.Name).HasMaxLength(200);
        e.Property(p => p.MilestoneAmount).HasPrecision(19, 4);
        e.Property(p => p.MilestonePercent).HasPrecision(9, 6);
        e.Property(p => p.SignedOffBy).HasMaxLength(200);
        e.Property(p => p.SignOffNote).HasMaxLength(1000);
        e.Property(p => p.SignedOffFromIp).HasMaxLength(64);
        e.HasOne<Project>().WithMany().HasForeignKey(p => p.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProjectTaskConfiguration : IEntityTypeConfiguration<ProjectTask>
{
    public void Configure(EntityTypeBuilder<ProjectTask> e)
    {
        e.HasIndex(t => new { t.PhaseId, t.Order });
        e.HasIndex(t => t.ProjectId);
        e.HasIndex(t => t.AssigneeEngineerId);
        e.Property(t => t.Title).HasMaxLength(300);
        e.Property(t => t.AssignmentReason).HasMaxLength(300);
        e.HasOne<Project>().WithMany().HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<ProjectPhase>().WithMany().HasForeignKey(t => t.PhaseId).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class ChecklistItemConfiguration : IEntityTypeConfiguration<ChecklistItem>
{
    public void Configure(EntityTypeBuilder<ChecklistItem> e)
    {
        e.ToTable("ChecklistItems");
        e.HasIndex(c => c.ProjectId);
        e.Property(c => c.Text).HasMaxLength(500);
        e.Property(c => c.DoneBy).HasMaxLength(200);
        e.HasOne<Project>().WithMany().HasForeignKey(c => c.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProjectTemplateConfiguration : IEntityTypeConfiguration<ProjectTemplate>
{
    public void Configure(EntityTypeBuilder<ProjectTemplate> e)
    {
        e.HasIndex(t => t.Name).IsUnique();
        e.Property(t => t.Name).HasMaxLength(200);
        e.Property(t => t.ProjectType).HasMaxLength(100);
        e.Property(t => t.Description).HasMaxLength(2000);
        e.Property(t => t.Phases).HasJsonDocument();
    }
}
