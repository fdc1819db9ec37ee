using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Psa.Domain.Clients;
using Psa.Domain.Engineers;
using Psa.Domain.ServiceDesk;

namespace Psa.Infrastructure.ServiceDesk;

internal sealed class SavedBoardViewConfiguration : IEntityTypeConfiguration<SavedBoardView>
{
    public void Configure(EntityTypeBuilder<SavedBoardView> e)
    {
        e.HasIndex(v => new { v.OwnerUserId, v.Name }).IsUnique();
        e.HasIndex(v => v.Shared);
        e.Property(v => v.Name).HasMaxLength(SavedBoardView.MaxName);
        e.Property(v => v.OwnerUserId).HasMaxLength(450);
        e.Property(v => v.OwnerName).HasMaxLength(200);
        e.Property(v => v.Text).HasMaxLength(SavedBoardView.MaxText);
        e.Ignore(v => v.Filters);
        // A view outlives the queue, engineer or client it named: that filter is simply dropped.
        e.HasOne<ServiceBoard>().WithMany().HasForeignKey(v => v.BoardId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<Engineer>().WithMany().HasForeignKey(v => v.AssigneeEngineerId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<Client>().WithMany().HasForeignKey(v => v.ClientId).OnDelete(DeleteBehavior.SetNull);
    }
}
