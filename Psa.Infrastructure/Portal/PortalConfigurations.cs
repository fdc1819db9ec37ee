using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Psa.Domain.Clients;
using Psa.Domain.Portal;
using Psa.Domain.Projects;

namespace Psa.Infrastructure.Portal;

internal sealed class ClientSsoConfiguration : IEntityTypeConfiguration<ClientSso>
{
    public void Configure(EntityTypeBuilder<ClientSso> e)
    {
        e.HasIndex(s => s.ClientId).IsUnique();
        e.Property(s => s.Authority).HasMaxLength(500);
        e.Property(s => s.OidcClientId).HasMaxLength(200);
        e.Property(s => s.ProtectedClientSecret).HasMaxLength(2000);
        e.Property(s => s.AllowedEmailDomains).HasMaxLength(500);
        e.Property(s => s.EmailClaim).HasMaxLength(100);
        e.Property(s => s.NameClaim).HasMaxLength(100);
        e.Property(s => s.EmailVerifiedClaim).HasMaxLength(100);
        e.Ignore(s => s.Domains);
        e.HasOne<Client>().WithMany().HasForeignKey(s => s.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PortalAccountConfiguration : IEntityTypeConfiguration<PortalAccount>
{
    public void Configure(EntityTypeBuilder<PortalAccount> e)
    {
        e.HasIndex(a => a.ContactId).IsUnique();
        e.HasIndex(a => a.Email).IsUnique();
        e.HasIndex(a => a.InvitationTokenHash).IsUnique();
        e.HasIndex(a => new { a.ExternalIssuer, a.ExternalSubject });
        e.Property(a => a.Email).HasMaxLength(256);
        e.Property(a => a.InvitationTokenHash).HasMaxLength(64);
        e.Property(a => a.ExternalIssuer).HasMaxLength(500);
        e.Property(a => a.ExternalSubject).HasMaxLength(200);
        e.HasOne<Contact>().WithMany().HasForeignKey(a => a.ContactId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Client>().WithMany().HasForeignKey(a => a.ClientId).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class TaskCommentConfiguration : IEntityTypeConfiguration<TaskComment>
{
    public void Configure(EntityTypeBuilder<TaskComment> e)
    {
        e.HasIndex(c => new { c.TaskId, c.CreatedUtc });
        e.Property(c => c.AuthorName).HasMaxLength(200);
        e.Property(c => c.Text).HasMaxLength(TaskComment.MaxLength);
        e.HasOne<ProjectTask>().WithMany().HasForeignKey(c => c.TaskId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TaskAttachmentConfiguration : IEntityTypeConfiguration<TaskAttachment>
{
    public void Configure(EntityTypeBuilder<TaskAttachment> e)
    {
        e.HasIndex(a => a.TaskId);
        e.Property(a => a.FileName).HasMaxLength(200);
        e.Property(a => a.ContentType).HasMaxLength(200);
        e.Property(a => a.StoredName).HasMaxLength(64);
        e.Property(a => a.UploadedBy).HasMaxLength(200);
        e.HasOne<ProjectTask>().WithMany().HasForeignKey(a => a.TaskId).OnDelete(DeleteBehavior.Cascade);
    }
}
