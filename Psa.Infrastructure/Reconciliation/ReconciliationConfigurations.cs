using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Psa.Domain.Reconciliation;

namespace Psa.Infrastructure.Reconciliation;

internal sealed class ReconciliationFindingConfiguration : IEntityTypeConfiguration<ReconciliationFinding>
{
    public void Configure(EntityTypeBuilder<ReconciliationFinding> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        // The same problem found again is the same finding.
        e.HasIndex(x => x.Key).IsUnique();
        e.HasIndex(x => new { x.Status, x.Code });
        e.Property(x => x.Key).HasMaxLength(300);
        e.Property(x => x.Code).HasMaxLength(40);
        e.Property(x => x.ClientCode).HasMaxLength(60);
        e.Property(x => x.Ref).HasMaxLength(160);
        e.Property(x => x.Amount).HasPrecision(19, 4);
        e.Property(x => x.Detail).HasMaxLength(500);
        e.Property(x => x.Link).HasMaxLength(300);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Reason).HasMaxLength(500);
        e.Property(x => x.DecidedBy).HasMaxLength(200);
    }
}

internal sealed class ReconciliationSettingsConfiguration : IEntityTypeConfiguration<ReconciliationSettings>
{
    public void Configure(EntityTypeBuilder<ReconciliationSettings> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.OverheadPercent).HasPrecision(9, 4);
        e.Property(x => x.UtilisationTargetPercent).HasPrecision(9, 4);
    }
}

internal sealed class ServiceLineDefinitionConfiguration : IEntityTypeConfiguration<ServiceLineDefinition>
{
    public void Configure(EntityTypeBuilder<ServiceLineDefinition> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Name).HasMaxLength(ServiceLineDefinition.MaxName);
        e.HasIndex(x => x.Name).IsUnique();
    }
}

internal sealed class ServiceLineMappingConfiguration : IEntityTypeConfiguration<ServiceLineMapping>
{
    public void Configure(EntityTypeBuilder<ServiceLineMapping> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Source).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Key).HasMaxLength(60);
        e.Property(x => x.ServiceLine).HasMaxLength(ServiceLineDefinition.MaxName);
        // One mapping per agreement type, project or work type.
        e.HasIndex(x => new { x.Source, x.Key }).IsUnique();
    }
}
