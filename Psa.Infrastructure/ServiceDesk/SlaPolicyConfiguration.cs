using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Psa.Domain.Contracts;
using Psa.Domain.ServiceDesk;

namespace Psa.Infrastructure.ServiceDesk;

internal sealed class SlaPolicyConfiguration : IEntityTypeConfiguration<SlaPolicy>
{
    public void Configure(EntityTypeBuilder<SlaPolicy> e)
    {
        e.Property(p => p.Name).HasMaxLength(100);
        // One policy per agreement, one workspace default.
        e.HasIndex(p => p.AgreementId).IsUnique().HasFilter("AgreementId IS NOT NULL");
        e.HasIndex(p => p.IsDefault).IsUnique().HasFilter("IsDefault = 1");
        e.HasOne<ServiceAgreement>().WithMany().HasForeignKey(p => p.AgreementId).OnDelete(DeleteBehavior.Cascade);
    }
}
