using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Settings;

namespace Psa.Infrastructure.Settings;

internal sealed class StaffUserConfiguration : IEntityTypeConfiguration<StaffUser>
{
    public void Configure(EntityTypeBuilder<StaffUser> e) => e.Property(u => u.DisplayName).HasMaxLength(200);
}

internal sealed class TenantSettingsConfiguration : IEntityTypeConfiguration<TenantSettings>
{
    public void Configure(EntityTypeBuilder<TenantSettings> e)
    {
        e.Property(s => s.CompanyName).HasMaxLength(200);
        e.Property(s => s.TimeZone).HasMaxLength(64);
        e.Property(s => s.Currency).HasMaxLength(3);
        e.Property(s => s.BusinessDays).HasMaxLength(20);
        e.Property(s => s.AccentColor).HasMaxLength(9);
        e.Property(s => s.NormalMultiplier).HasPrecision(9, 4);
        e.Property(s => s.AfterHoursMultiplier).HasPrecision(9, 4);
        e.Property(s => s.WeekendMultiplier).HasPrecision(9, 4);
        e.Property(s => s.DefaultHourlyRate).HasPrecision(19, 4);
    }
}

internal sealed class WorkTypeConfiguration : IEntityTypeConfiguration<WorkType>
{
    public void Configure(EntityTypeBuilder<WorkType> e)
    {
        e.HasIndex(w => w.Code).IsUnique();
        e.Property(w => w.Code).HasMaxLength(40);
        e.Property(w => w.Name).HasMaxLength(100);
    }
}

internal sealed class TaxRateConfiguration : IEntityTypeConfiguration<TaxRate>
{
    public void Configure(EntityTypeBuilder<TaxRate> e)
    {
        e.Property(t => t.Name).HasMaxLength(100);
        e.Property(t => t.Rate).HasPrecision(9, 6);
    }
}

internal sealed class GlAccountConfiguration : IEntityTypeConfiguration<GlAccount>
{
    public void Configure(EntityTypeBuilder<GlAccount> e)
    {
        e.HasIndex(g => g.Code).IsUnique();
        e.Property(g => g.Code).HasMaxLength(40);
        e.Property(g => g.Name).HasMaxLength(100);
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> e)
    {
        e.HasIndex(i => i.TokenHash).IsUnique();
        e.Property(i => i.TokenHash).HasMaxLength(64);
        e.Property(i => i.Email).HasMaxLength(256);
        e.Property(i => i.Role).HasMaxLength(40);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> e)
    {
        e.HasIndex(t => t.TokenHash).IsUnique();
        e.Property(t => t.TokenHash).HasMaxLength(64);
        e.Property(t => t.Prefix).HasMaxLength(16);
        e.Property(t => t.Name).HasMaxLength(100);
        e.Property(t => t.Scopes).HasMaxLength(500);
    }
}

internal sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> e)
    {
        e.HasIndex(c => c.ClientId).IsUnique();
        e.Property(c => c.ClientId).HasMaxLength(64);
        e.Property(c => c.SecretHash).HasMaxLength(64);
        e.Property(c => c.Name).HasMaxLength(100);
        e.Property(c => c.Scopes).HasMaxLength(500);
        e.Property(c => c.CreatedBy).HasMaxLength(200);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.HasIndex(a => a.AtUtc);
        e.HasIndex(a => new { a.Category, a.AtUtc });
        e.Property(a => a.ActorId).HasMaxLength(200);
        e.Property(a => a.ActorName).HasMaxLength(200);
        e.Property(a => a.Action).HasMaxLength(60);
        e.Property(a => a.Category).HasMaxLength(40);
        e.Property(a => a.Subject).HasMaxLength(300);
        e.Property(a => a.Before).HasMaxLength(4000);
        e.Property(a => a.After).HasMaxLength(4000);
        e.Property(a => a.Address).HasMaxLength(64);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> e)
    {
        e.HasIndex(m => m.SentUtc);
        e.Property(m => m.To).HasMaxLength(256);
        e.Property(m => m.Subject).HasMaxLength(300);
        e.Property(m => m.Attachments).HasMaxLength(1000);
    }
}

internal sealed class HolidayConfiguration : IEntityTypeConfiguration<Psa.Domain.Settings.Holiday>
{
    public void Configure(EntityTypeBuilder<Psa.Domain.Settings.Holiday> e)
    {
        e.HasIndex(h => h.Date).IsUnique();
        e.Property(h => h.Name).HasMaxLength(100);
    }
}
