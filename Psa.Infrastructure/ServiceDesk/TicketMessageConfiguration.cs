using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Psa.Domain.ServiceDesk;
using Psa.Domain.TimeTracking;

namespace Psa.Infrastructure.ServiceDesk;

internal sealed class TicketMessageConfiguration : IEntityTypeConfiguration<TicketMessage>
{
    public void Configure(EntityTypeBuilder<TicketMessage> e)
    {
        e.HasIndex(m => new { m.TicketId, m.CreatedUtc });
        e.Property(m => m.AuthorName).HasMaxLength(200);
        e.Property(m => m.AuthorUserId).HasMaxLength(450);
        e.Property(m => m.Body).HasMaxLength(TicketMessage.MaxBody);
        e.Ignore(m => m.IsPublic);
        e.HasOne<TimeEntry>().WithMany().HasForeignKey(m => m.TimeEntryId).OnDelete(DeleteBehavior.SetNull);
    }
}
