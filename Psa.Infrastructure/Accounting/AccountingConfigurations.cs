using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Psa.Domain.Accounting;
using Psa.Domain.Clients;

namespace Psa.Infrastructure.Accounting;

internal sealed class XeroConnectionConfiguration : IEntityTypeConfiguration<XeroConnection>
{
    public void Configure(EntityTypeBuilder<XeroConnection> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(30);
        e.Property(x => x.OrganisationName).HasMaxLength(300);
        e.Property(x => x.OrganisationChoices).HasMaxLength(4000);
        e.Property(x => x.ProtectedAccessToken).HasMaxLength(8000);
        e.Property(x => x.ProtectedRefreshToken).HasMaxLength(4000);
        e.Property(x => x.ConnectedBy).HasMaxLength(200);
        e.Property(x => x.LastError).HasMaxLength(1000);
        e.Property(x => x.TrackingCategoryName).HasMaxLength(100);
        e.Ignore(x => x.IsUsable);
    }
}

internal sealed class XeroContactLinkConfiguration : IEntityTypeConfiguration<XeroContactLink>
{
    public void Configure(EntityTypeBuilder<XeroContactLink> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.HasIndex(x => x.ClientId).IsUnique();
        e.HasIndex(x => x.ContactId).IsUnique();
        e.Property(x => x.ContactName).HasMaxLength(300);
        e.Property(x => x.MatchedBy).HasMaxLength(20);
        e.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class XeroDocumentConfiguration : IEntityTypeConfiguration<XeroDocument>
{
    public void Configure(EntityTypeBuilder<XeroDocument> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        // One Xero copy per Psa document, and one row per Xero document: the push happens once.
        e.HasIndex(x => x.PsaDocumentId).IsUnique();
        e.HasIndex(x => x.XeroId).IsUnique();
        e.HasIndex(x => x.ClientId);
        e.Property(x => x.PushKey).HasMaxLength(100);
        e.Property(x => x.PushError).HasMaxLength(2000);
        e.Property(x => x.Number).HasMaxLength(100);
        e.Property(x => x.Reference).HasMaxLength(300);
        e.Property(x => x.Status).HasMaxLength(20);
        e.Property(x => x.Currency).HasMaxLength(3);
        foreach (var money in new[] { nameof(XeroDocument.SubTotal), nameof(XeroDocument.Total), nameof(XeroDocument.AmountDue), nameof(XeroDocument.AmountPaid) })
        {
            e.Property(money).HasPrecision(19, 4);
        }

        e.Ignore(x => x.IsFromXero);
    }
}

internal sealed class XeroPaymentRecordConfiguration : IEntityTypeConfiguration<XeroPaymentRecord>
{
    public void Configure(EntityTypeBuilder<XeroPaymentRecord> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.HasIndex(x => x.PaymentId).IsUnique();
        e.HasIndex(x => x.XeroInvoiceId);
        e.Property(x => x.Amount).HasPrecision(19, 4);
        e.Property(x => x.Status).HasMaxLength(20);
    }
}

internal sealed class XeroSyncRunConfiguration : IEntityTypeConfiguration<XeroSyncRun>
{
    public void Configure(EntityTypeBuilder<XeroSyncRun> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.HasIndex(x => x.StartedUtc);
        e.Property(x => x.Trigger).HasMaxLength(200);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(30);
        e.Property(x => x.Failure).HasMaxLength(2000);
        e.HasMany(x => x.Errors).WithOne().HasForeignKey(x => x.SyncRunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class XeroSyncErrorConfiguration : IEntityTypeConfiguration<XeroSyncError>
{
    public void Configure(EntityTypeBuilder<XeroSyncError> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Document).HasMaxLength(100);
        e.Property(x => x.Message).HasMaxLength(2000);
    }
}
