namespace Psa.Infrastructure.Settings;

/// <summary>The workspace's defaults and branding; one row per tenant database.</summary>
public sealed class TenantSettings
{
    public int Id { get; set; } = 1;

    public required string CompanyName { get; set; }

    public required string TimeZone { get; set; }

    public required string Currency { get; set; }

    /// <summary>Comma-separated ISO day numbers (Mon=1 … Sun=7).</summary>
    public string BusinessDays { get; set; } = "1,2,3,4,5";

    public TimeOnly BusinessStart { get; set; } = new(8, 0);

    public TimeOnly BusinessEnd { get; set; } = new(18, 0);

    public decimal NormalMultiplier { get; set; } = 1.0m;

    public decimal AfterHoursMultiplier { get; set; } = 1.4m;

    public decimal WeekendMultiplier { get; set; } = 1.5m;

    public decimal DefaultHourlyRate { get; set; } = 125m;

    public int TimeIncrementMinutes { get; set; } = 15;

    public string AccentColor { get; set; } = "#2563eb";

    public string? LogoContentType { get; set; }

    public byte[]? Logo { get; set; }

    public Guid? DefaultTaxRateId { get; set; }

    public Guid? DefaultGlAccountId { get; set; }

    /// <summary>Client contacts see budget progress (hours used of budget) on their project pages.</summary>
    public bool PortalShowsBudget { get; set; }

    /// <summary>A client's sign-off of a milestone phase raises a draft invoice at once instead of waiting for the next billing run.</summary>
    public bool InvoiceMilestoneOnSignOff { get; set; }
}

public sealed class WorkType
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string Code { get; set; }

    public required string Name { get; set; }

    public bool Taxable { get; set; }

    public bool IsActive { get; set; } = true;
}

public sealed class TaxRate
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string Name { get; set; }

    /// <summary>A fraction: 0.2 is 20 %.</summary>
    public decimal Rate { get; set; }
}

public sealed class GlAccount
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string Code { get; set; }

    public required string Name { get; set; }
}

/// <summary>An email the workspace sent; the Outbox page lists these.</summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public DateTimeOffset SentUtc { get; set; }

    public required string To { get; set; }

    public required string Subject { get; set; }

    public required string HtmlBody { get; set; }

    /// <summary>"Sent", "Written to pickup folder" or the failure.</summary>
    public required string Delivery { get; set; }

    /// <summary>File names of the attachments, comma separated (the files themselves are not kept).</summary>
    public string? Attachments { get; set; }
}
