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
        e.Property(x => x.CostRate).HasPrecision(19, 4);
        e.Property(x => x.WeeklyCapacityHours).HasPrecision(9, 2);
    }
}
