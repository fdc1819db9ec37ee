using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Psa.Infrastructure.ServiceDesk;

/// <summary>The workspace's service desk choices (one row).</summary>
public sealed class ServiceDeskSettings
{
    public int Id { get; set; } = 1;

    /// <summary>A resolved ticket can be reopened for this many days; later the client raises a new one.</summary>
    public int ReopenDays { get; set; } = 7;
}

internal sealed class ServiceDeskSettingsConfiguration : IEntityTypeConfiguration<ServiceDeskSettings>
{
    public void Configure(EntityTypeBuilder<ServiceDeskSettings> e) => e.Property(s => s.Id).ValueGeneratedNever();
}
