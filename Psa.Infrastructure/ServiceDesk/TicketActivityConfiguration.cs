using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Psa.Domain.ServiceDesk;

namespace Psa.Infrastructure.ServiceDesk;

internal sealed class TicketActivityConfiguration : IEntityTypeConfiguration<TicketActivity>
{
    public void Configure(EntityTypeBuilder<TicketActivity> e)
    {
        e.HasIndex(a => new { a.TicketId, a.AtUtc });
        e.Property(a => a.Actor).HasMaxLength(200);
        e.Property(a => a.Text).HasMaxLength(1000);
    }
}
