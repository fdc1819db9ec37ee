using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Psa.Domain.Engineers;

namespace Psa.Infrastructure.Engineers;

internal sealed class EngineerConfiguration : IEntityTypeConfiguration<Engineer>
{
    public void Configure(EntityTypeBuilder<Engineer> e)
    {
        e.HasIndex(x => x.Code).IsUnique();
        e.HasIndex(x => x.UserId);
        e.Property(x => x.Code).HasMaxLength(40);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.Title).HasMaxLength(100);
        e.Property(x => x.Email).HasMaxLength(256);
        e.Property(x => x.CostRate).HasPrecision(19, 4);
        e.Property(x => x.WeeklyCapacityHours).HasPrecision(9, 2);
        e.HasMany(x => x.Skills).WithOne().HasForeignKey(s => s.EngineerId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.TimeOff).WithOne().HasForeignKey(t => t.EngineerId).OnDelete(DeleteBehavior.Cascade);
        e.Navigation(x => x.Skills).UsePropertyAccessMode(PropertyAccessMode.Field);
        e.Navigation(x => x.TimeOff).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class EngineerSkillConfiguration : IEntityTypeConfiguration<EngineerSkill>
{
    public void Configure(EntityTypeBuilder<EngineerSkill> e)
    {
        e.ToTable("EngineerSkills");
        e.Property(x => x.Name).HasMaxLength(100);
        e.HasIndex(x => new { x.EngineerId, x.Name }).IsUnique();
    }
}

internal sealed class TimeOffConfiguration : IEntityTypeConfiguration<TimeOff>
{
    public void Configure(EntityTypeBuilder<TimeOff> e)
    {
        e.ToTable("TimeOff");
        e.Property(x => x.Reason).HasMaxLength(200);
        e.HasIndex(x => new { x.EngineerId, x.From });
    }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> e)
    {
        e.Property(x => x.Name).HasMaxLength(100);
        e.HasIndex(x => x.Name).IsUnique();
    }
}
