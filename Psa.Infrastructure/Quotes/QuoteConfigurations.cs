using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Psa.Domain.Clients;
using Psa.Domain.Quotes;
using Psa.Infrastructure.Persistence;

namespace Psa.Infrastructure.Quotes;

internal sealed class QuoteConfiguration : IEntityTypeConfiguration<Quote>
{
    public void Configure(EntityTypeBuilder<Quote> e)
    {
        e.HasIndex(q => q.Number).IsUnique();
        e.HasIndex(q => q.ClientId);
        e.HasIndex(q => q.RenewsAgreementId);
        e.Property(q => q.Number).HasMaxLength(30);
        e.Property(q => q.Title).HasMaxLength(200);
        e.Property(q => q.AcceptedBy).HasMaxLength(200);
        e.Property(q => q.AcceptedSignature).HasMaxLength(200);
        e.Property(q => q.AcceptedFromIp).HasMaxLength(64);
        e.Property(q => q.DepositPercent).HasPrecision(9, 6);
        e.HasOne<Client>().WithMany().HasForeignKey(q => q.ClientId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(q => q.Lines).WithOne().HasForeignKey(l => l.QuoteId).OnDelete(DeleteBehavior.Cascade);
        e.Navigation(q => q.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class QuoteLineConfiguration : IEntityTypeConfiguration<QuoteLine>
{
    public void Configure(EntityTypeBuilder<QuoteLine> e)
    {
        e.Property(l => l.Description).HasMaxLength(500);
        e.Property(l => l.Bundle).HasMaxLength(200);
        e.Property(l => l.Quantity).HasPrecision(19, 4);
        e.Property(l => l.UnitPrice).HasPrecision(19, 4);
        e.Property(l => l.Hours).HasPrecision(19, 4);
    }
}

internal sealed class ProductBundleConfiguration : IEntityTypeConfiguration<ProductBundle>
{
    public void Configure(EntityTypeBuilder<ProductBundle> e)
    {
        e.HasIndex(b => b.Name).IsUnique();
        e.Property(b => b.Name).HasMaxLength(200);
        e.Property(b => b.Lines).HasJsonDocument();
    }
}

internal sealed class SalesOrderConfiguration : IEntityTypeConfiguration<SalesOrder>
{
    public void Configure(EntityTypeBuilder<SalesOrder> e)
    {
        e.HasIndex(o => o.Number).IsUnique();
        e.HasIndex(o => o.QuoteId).IsUnique();
        e.Property(o => o.Number).HasMaxLength(30);
        e.Property(o => o.Total).HasPrecision(19, 4);
    }
}
