using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Psa.Domain.Engineers;
using Psa.Domain.ServiceDesk;

namespace Psa.Infrastructure.ServiceDesk;

internal sealed class ServiceBoardConfiguration : IEntityTypeConfiguration<ServiceBoard>
{
    public void Configure(EntityTypeBuilder<ServiceBoard> e)
    {
        e.HasIndex(b => b.Name).IsUnique();
        e.Property(b => b.Name).HasMaxLength(80);
        e.Property(b => b.DefaultWorkTypeCode).HasMaxLength(40);
        e.HasOne<Engineer>().WithMany().HasForeignKey(b => b.LeadEngineerId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<Team>().WithMany().HasForeignKey(b => b.TeamId).OnDelete(DeleteBehavior.SetNull);
    }
}
