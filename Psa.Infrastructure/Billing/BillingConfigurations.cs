using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Psa.Domain.Billing.Ledger;
using Psa.Domain.Clients;
using Psa.Domain.Contracts;
using Psa.Domain.Projects;
using Psa.Domain.Settings;

namespace Psa.Infrastructure.Billing;

internal sealed class ServiceAgreementConfiguration : IEntityTypeConfiguration<ServiceAgreement>
{
    public void Configure(EntityTypeBuilder<ServiceAgreement> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.ToTable("Agreements");
        e.HasIndex(a => a.Code).IsUnique();
        e.HasIndex(a => a.ClientId);
        e.Property(a => a.Code).HasMaxLength(60);
        e.Property(a => a.Name).HasMaxLength(200);
        e.Property(a => a.InvoiceGroup).HasMaxLength(60);
        e.Property(a => a.CoveredWorkTypes).HasMaxLength(1000);
        e.Property(a => a.Type).HasConversion<string>().HasMaxLength(30);
        e.Property(a => a.Refresh).HasConversion<string>().HasMaxLength(20);
        e.Property(a => a.Overage).HasConversion<string>().HasMaxLength(20);
        foreach (var money in new[] { nameof(ServiceAgreement.HourlyRate), nameof(ServiceAgreement.BlockSize), nameof(ServiceAgreement.BlockPrice),
                     nameof(ServiceAgreement.OpeningBalance), nameof(ServiceAgreement.CarryoverMax), nameof(ServiceAgreement.NormalMultiplier),
                     nameof(ServiceAgreement.AfterHoursMultiplier), nameof(ServiceAgreement.WeekendMultiplier) })
        {
            e.Property(money).HasPrecision(19, 6);
        }

        e.Ignore(a => a.CoveredWorkTypeSet);
        e.Ignore(a => a.IsBlock);
        e.HasOne<Client>().WithMany().HasForeignKey(a => a.ClientId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<ServiceAgreement>().WithMany().HasForeignKey(a => a.ParentId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(a => a.Lines).WithOne().HasForeignKey(l => l.AgreementId).OnDelete(DeleteBehavior.Cascade);
        e.Navigation(a => a.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class AgreementLineConfiguration : IEntityTypeConfiguration<AgreementLine>
{
    public void Configure(EntityTypeBuilder<AgreementLine> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(l => l.ProductCode).HasMaxLength(60);
        e.Property(l => l.UnitPrice).HasPrecision(19, 6);
        e.HasMany(l => l.Quantities).WithOne().HasForeignKey(q => q.LineId).OnDelete(DeleteBehavior.Cascade);
        e.Navigation(l => l.Quantities).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class AgreementLineQuantityConfiguration : IEntityTypeConfiguration<AgreementLineQuantity>
{
    public void Configure(EntityTypeBuilder<AgreementLineQuantity> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(q => q.Quantity).HasPrecision(19, 6);
    }
}

internal sealed class ServiceProductConfiguration : IEntityTypeConfiguration<ServiceProduct>
{
    public void Configure(EntityTypeBuilder<ServiceProduct> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.ToTable("Products");
        e.HasIndex(p => p.Code).IsUnique();
        e.Property(p => p.Code).HasMaxLength(60);
        e.Property(p => p.Name).HasMaxLength(200);
        e.Property(p => p.DefaultUnitPrice).HasPrecision(19, 6);
        e.Property(p => p.UnitCost).HasPrecision(19, 6);
        e.Property(p => p.ServiceLine).HasMaxLength(60);
    }
}

internal sealed class GlMappingRuleConfiguration : IEntityTypeConfiguration<GlMappingRule>
{
    public void Configure(EntityTypeBuilder<GlMappingRule> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(r => r.AgreementType).HasMaxLength(30);
        e.Property(r => r.Item).HasMaxLength(60);
        e.Property(r => r.Account).HasMaxLength(40);
        e.HasOne<Client>().WithMany().HasForeignKey(r => r.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProjectBillingProfileConfiguration : IEntityTypeConfiguration<ProjectBillingProfile>
{
    public void Configure(EntityTypeBuilder<ProjectBillingProfile> e)
    {
        e.HasKey(p => p.ProjectId);
        e.Property(p => p.BilledHoursBefore).HasPrecision(19, 6);
        e.HasOne<Project>().WithOne().HasForeignKey<ProjectBillingProfile>(p => p.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CustomerInvoiceConfiguration : IEntityTypeConfiguration<CustomerInvoice>
{
    public void Configure(EntityTypeBuilder<CustomerInvoice> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.ToTable("Invoices");
        // Gapless numbering is enforced by giving max + 1 inside the issuing transaction; the index refuses a duplicate.
        e.HasIndex(i => i.Number).IsUnique();
        e.HasIndex(i => new { i.Period, i.ClientId });
        e.HasIndex(i => i.Status);
        e.Property(i => i.Group).HasMaxLength(100);
        e.Property(i => i.Period).HasMaxLength(7);
        e.Property(i => i.Currency).HasMaxLength(3);
        e.Property(i => i.VoidReason).HasMaxLength(500);
        e.Property(i => i.Subtotal).HasPrecision(19, 4);
        e.Property(i => i.Tax).HasPrecision(19, 4);
        e.Property(i => i.Total).HasPrecision(19, 4);
        e.Ignore(i => i.DisplayNumber);
        e.Ignore(i => i.IsImmutable);
        e.HasOne<Client>().WithMany().HasForeignKey(i => i.ClientId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<CustomerInvoice>().WithMany().HasForeignKey(i => i.CreditsInvoiceId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(i => i.Lines).WithOne().HasForeignKey(l => l.InvoiceId).OnDelete(DeleteBehavior.Cascade);
        e.Navigation(i => i.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class CustomerInvoiceLineConfiguration : IEntityTypeConfiguration<CustomerInvoiceLine>
{
    public void Configure(EntityTypeBuilder<CustomerInvoiceLine> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.ToTable("InvoiceLines");
        e.Property(l => l.Kind).HasMaxLength(30);
        e.Property(l => l.Item).HasMaxLength(60);
        e.Property(l => l.Description).HasMaxLength(300);
        e.Property(l => l.Section).HasMaxLength(100);
        e.Property(l => l.GlAccount).HasMaxLength(40);
        e.Property(l => l.Detail).HasMaxLength(1000);
        e.Property(l => l.Quantity).HasPrecision(19, 6);
        e.Property(l => l.UnitPrice).HasPrecision(19, 6);
        e.Property(l => l.Amount).HasPrecision(19, 4);
        e.Property(l => l.TaxAmount).HasPrecision(19, 4);
        e.Ignore(l => l.SourceList);
        e.HasIndex(l => l.CreditsLineId);
    }
}

internal sealed class BilledSourceConfiguration : IEntityTypeConfiguration<BilledSource>
{
    public void Configure(EntityTypeBuilder<BilledSource> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.HasIndex(b => b.Key).IsUnique();
        e.HasIndex(b => b.TimeEntryId).IsUnique();
        e.HasIndex(b => b.InvoiceId);
        e.Property(b => b.Key).HasMaxLength(120);
        e.Property(b => b.Origin).HasMaxLength(20);
        e.HasIndex(b => b.BlockAgreementId);
        e.Property(b => b.BlockDeducted).HasPrecision(19, 6);
        e.Property(b => b.BlockBalanceAfter).HasPrecision(19, 6);
    }
}

internal sealed class BlockBalanceSnapshotConfiguration : IEntityTypeConfiguration<BlockBalanceSnapshot>
{
    public void Configure(EntityTypeBuilder<BlockBalanceSnapshot> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.HasIndex(b => new { b.AgreementId, b.Period }).IsUnique();
        e.Property(b => b.Period).HasMaxLength(7);
        e.Property(b => b.Remaining).HasPrecision(19, 6);
        e.Property(b => b.Expired).HasPrecision(19, 6);
        e.HasOne<ServiceAgreement>().WithMany().HasForeignKey(b => b.AgreementId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BillingRunRecordConfiguration : IEntityTypeConfiguration<BillingRunRecord>
{
    public void Configure(EntityTypeBuilder<BillingRunRecord> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.ToTable("BillingRuns");
        e.HasIndex(r => r.Period);
        e.Property(r => r.Period).HasMaxLength(7);
        e.Property(r => r.Trigger).HasMaxLength(100);
        e.Property(r => r.Failure).HasMaxLength(2000);
        e.Property(r => r.Total).HasPrecision(19, 4);
        e.HasMany(r => r.Warnings).WithOne().HasForeignKey(w => w.BillingRunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BillingRunWarningConfiguration : IEntityTypeConfiguration<BillingRunWarning>
{
    public void Configure(EntityTypeBuilder<BillingRunWarning> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(w => w.Code).HasMaxLength(40);
    }
}

internal sealed class BillingPreferencesConfiguration : IEntityTypeConfiguration<BillingPreferences>
{
    public void Configure(EntityTypeBuilder<BillingPreferences> e)
    {
        e.Property(p => p.Id).ValueGeneratedNever();
        e.Property(p => p.SellerVatId).HasMaxLength(40);
        e.Property(p => p.SellerAddress).HasMaxLength(500);
        e.Property(p => p.SellerCountryCode).HasMaxLength(2);
        e.Property(p => p.SellerLegalId).HasMaxLength(50);
        e.Property(p => p.SellerCity).HasMaxLength(100);
        e.Property(p => p.SellerPostalCode).HasMaxLength(20);
        e.Property(p => p.SellerPeppolScheme).HasMaxLength(4);
        e.Property(p => p.SellerPeppolId).HasMaxLength(50);
        e.Property(p => p.BankAccountName).HasMaxLength(200);
        e.Property(p => p.BankIban).HasMaxLength(34);
        e.Property(p => p.BankBic).HasMaxLength(11);
    }
}

internal sealed class MilestoneReferenceConfiguration : IEntityTypeConfiguration<MilestoneReference>
{
    public void Configure(EntityTypeBuilder<MilestoneReference> e)
    {
        e.HasKey(m => m.PhaseId);
        e.HasIndex(m => new { m.ProjectId, m.Code }).IsUnique();
        e.Property(m => m.Code).HasMaxLength(60);
        e.HasOne<ProjectPhase>().WithOne().HasForeignKey<MilestoneReference>(m => m.PhaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
