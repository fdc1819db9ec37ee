using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Psa.Domain.Clients;
using Psa.Domain.Contracts;
using Psa.Domain.Engineers;
using Psa.Domain.ServiceDesk;
using Psa.Domain.TimeTracking;

namespace Psa.Infrastructure.ServiceDesk;

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> e)
    {
        e.HasIndex(t => t.Number).IsUnique();
        // The board reads open tickets by queue and status; the watcher reads due instants of open tickets.
        e.HasIndex(t => new { t.Status, t.BoardId, t.Priority });
        // A board column is one status read in priority and number order: this index hands over its first rows without sorting the rest.
        e.HasIndex(t => new { t.Status, t.Priority, t.Number });
        e.HasIndex(t => new { t.AssigneeEngineerId, t.Status });
        e.HasIndex(t => new { t.ClientId, t.Status });
        e.HasIndex(t => t.ResponseWarnUtc);
        e.HasIndex(t => t.ResolutionWarnUtc);
        e.HasIndex(t => t.ParentTicketId);
        e.Property(t => t.Title).HasMaxLength(Ticket.MaxTitle);
        e.Property(t => t.Description).HasMaxLength(Ticket.MaxDescription);
        e.Property(t => t.Tags).HasMaxLength(900);
        e.Property(t => t.WorkTypeCode).HasMaxLength(40);
        e.Property(t => t.AssignmentReason).HasMaxLength(300);
        e.Property(t => t.Resolution).HasMaxLength(4000);
        e.Ignore(t => t.Reference);
        e.Ignore(t => t.IsSlaPaused);
        e.Ignore(t => t.TagList);
        e.HasMany(t => t.Messages).WithOne().HasForeignKey(m => m.TicketId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(t => t.Activity).WithOne().HasForeignKey(a => a.TicketId).OnDelete(DeleteBehavior.Cascade);
        e.Navigation(t => t.Messages).UsePropertyAccessMode(PropertyAccessMode.Field);
        e.Navigation(t => t.Activity).UsePropertyAccessMode(PropertyAccessMode.Field);
        e.HasOne<Client>().WithMany().HasForeignKey(t => t.ClientId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Contact>().WithMany().HasForeignKey(t => t.ContactId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<Site>().WithMany().HasForeignKey(t => t.SiteId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<ServiceAgreement>().WithMany().HasForeignKey(t => t.AgreementId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<ServiceBoard>().WithMany().HasForeignKey(t => t.BoardId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<Engineer>().WithMany().HasForeignKey(t => t.AssigneeEngineerId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<Ticket>().WithMany().HasForeignKey(t => t.ParentTicketId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Ticket>().WithMany().HasForeignKey(t => t.MergedIntoTicketId).OnDelete(DeleteBehavior.Restrict);
        // Time and timers point at their ticket from the time-tracking side; the link is declared here, with the ticket.
        e.HasMany<TimeEntry>().WithOne().HasForeignKey(t => t.TicketId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany<RunningTimer>().WithOne().HasForeignKey(t => t.TicketId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<SlaPolicy>().WithMany().HasForeignKey(t => t.SlaPolicyId).OnDelete(DeleteBehavior.SetNull);
    }
}
