using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Psa.Domain.Clients;

namespace Psa.Infrastructure.Clients;

internal sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> e)
    {
        e.HasIndex(c => c.Code).IsUnique();
        e.Property(c => c.Code).HasMaxLength(40);
        e.Property(c => c.Name).HasMaxLength(200);
        e.Property(c => c.HourlyRate).HasPrecision(19, 4);
        e.Property(c => c.TaxRate).HasPrecision(9, 6);
        e.Property(c => c.AddressLine).HasMaxLength(200);
        e.Property(c => c.City).HasMaxLength(100);
        e.Property(c => c.PostalCode).HasMaxLength(20);
        e.Property(c => c.CountryCode).HasMaxLength(2);
        e.Property(c => c.TaxId).HasMaxLength(30);
        e.Property(c => c.LegalId).HasMaxLength(50);
        e.Property(c => c.PeppolScheme).HasMaxLength(4);
        e.Property(c => c.PeppolId).HasMaxLength(50);
        e.HasMany(c => c.Contacts).WithOne().HasForeignKey(c => c.ClientId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(c => c.Sites).WithOne().HasForeignKey(s => s.ClientId).OnDelete(DeleteBehavior.Cascade);
        e.Navigation(c => c.Contacts).UsePropertyAccessMode(PropertyAccessMode.Field);
        e.Navigation(c => c.Sites).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> e)
    {
        e.Property(c => c.Name).HasMaxLength(200);
        e.Property(c => c.Email).HasMaxLength(256);
        e.Property(c => c.Phone).HasMaxLength(50);
        e.HasIndex(c => new { c.ClientId, c.Email }).IsUnique();
        e.HasIndex(c => c.Email);
    }
}

internal sealed class SiteConfiguration : IEntityTypeConfiguration<Site>
{
    public void Configure(EntityTypeBuilder<Site> e)
    {
        e.Property(s => s.Name).HasMaxLength(200);
        e.Property(s => s.Address).HasMaxLength(500);
    }
}
