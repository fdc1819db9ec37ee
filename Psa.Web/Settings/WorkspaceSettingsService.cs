using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Billing.Ledger;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Settings;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Billing;
using Psa.Web.Live;

namespace Psa.Web.Settings;

public sealed record Branding(string CompanyName, string AccentColor, bool HasLogo, long LogoVersion);

/// <summary>Reads and changes the workspace's defaults and branding.</summary>
public sealed class WorkspaceSettingsService(
    TenantDbContextFactory databases, TenantContext tenant, WorkspaceLive notifier, TenantDirectory directory, BillingScheduler billingSchedule,
    Psa.Web.Audit.AuditTrail audit)
{
    public const int MaxLogoBytes = 512 * 1024;
    private static readonly string[] LogoTypes = ["image/png", "image/jpeg", "image/svg+xml", "image/webp"];

    public async Task<Branding> GetBrandingAsync(CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var s = await db.Settings.AsNoTracking()
            .Select(x => new { x.CompanyName, x.AccentColor, HasLogo = x.Logo != null, LogoLength = x.Logo == null ? 0 : x.Logo.Length })
            .SingleAsync(cancellationToken);
        return new Branding(s.CompanyName, s.AccentColor, s.HasLogo, s.LogoLength);
    }

    public async Task<TenantSettings> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        return await db.Settings.AsNoTracking().SingleAsync(cancellationToken);
    }

    public async Task<(IReadOnlyList<TaxRate> TaxRates, IReadOnlyList<GlAccount> GlAccounts, IReadOnlyList<WorkType> WorkTypes)> ListsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        return (await db.TaxRates.AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken),
            await db.GlAccounts.AsNoTracking().OrderBy(g => g.Code).ToListAsync(cancellationToken),
            await db.WorkTypes.AsNoTracking().OrderBy(w => w.Name).ToListAsync(cancellationToken));
    }

    /// <summary>Validates and saves the defaults; returns the problems by field, empty when saved.</summary>
    public async Task<IReadOnlyList<FieldError>> SaveAsync(TenantSettings input, CancellationToken cancellationToken = default)
    {
        var errors = Validate(input);
        if (errors.Count > 0)
        {
            return errors;
        }

        await using var db = databases.Create();
        var s = await db.Settings.SingleAsync(cancellationToken);
        s.CompanyName = input.CompanyName.Trim();
        s.TimeZone = input.TimeZone;
        s.Currency = input.Currency;
        s.BusinessDays = input.BusinessDays;
        s.BusinessStart = input.BusinessStart;
        s.BusinessEnd = input.BusinessEnd;
        s.NormalMultiplier = input.NormalMultiplier;
        s.AfterHoursMultiplier = input.AfterHoursMultiplier;
        s.WeekendMultiplier = input.WeekendMultiplier;
        s.DefaultHourlyRate = input.DefaultHourlyRate;
        s.TimeIncrementMinutes = input.TimeIncrementMinutes;
        s.AccentColor = input.AccentColor;
        s.DefaultTaxRateId = input.DefaultTaxRateId;
        s.DefaultGlAccountId = input.DefaultGlAccountId;
        await audit.AddChangesAsync(db, s, "settings.workspace-changed", Psa.Infrastructure.Identity.AuditCategory.Settings, "Workspace settings");
        await db.SaveChangesAsync(cancellationToken);

        // The catalog's copy (used to fix each request's clock and invoice dates) follows, and the
        // scheduled billing run keeps its wall-clock time in the new zone.
        var slug = tenant.Required.Slug;
        await directory.UpdateProfileAsync(slug, s.CompanyName, s.TimeZone, s.Currency, cancellationToken);
        var preferences = await db.BillingPreferences.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? new BillingPreferences();
        await billingSchedule.ApplyAsync(slug.Value, preferences, Psa.Web.Projects.WorkspaceClock.ZoneOf(s.TimeZone), cancellationToken);

        notifier.Publish(LiveTopics.Settings);
        return [];
    }

    public async Task SetLogoAsync(byte[]? content, string? contentType, CancellationToken cancellationToken = default)
    {
        if (content is not null)
        {
            if (content.Length > MaxLogoBytes)
            {
                throw new DomainException($"Logo must be at most {MaxLogoBytes / 1024} KB.", "Logo");
            }

            if (contentType is null || !LogoTypes.Contains(contentType))
            {
                throw new DomainException("Logo must be a PNG, JPEG, SVG or WebP image.", "Logo");
            }
        }

        await using var db = databases.Create();
        var s = await db.Settings.SingleAsync(cancellationToken);
        s.Logo = content;
        s.LogoContentType = content is null ? null : contentType;
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(LiveTopics.Settings);
    }

    public static IReadOnlyList<FieldError> Validate(TenantSettings s)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(s.CompanyName))
        {
            errors.Add(new("Company name", "Company name is required."));
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(s.TimeZone ?? string.Empty, out _))
        {
            errors.Add(new("Time zone", $"Time zone '{s.TimeZone}' is not known."));
        }

        if (!Psa.Domain.Settings.WorkspaceDefaults.Currencies.Contains(s.Currency))
        {
            errors.Add(new("Currency", "Currency is not supported."));
        }

        var days = (s.BusinessDays ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (days.Length == 0 || days.Any(d => !int.TryParse(d, out var n) || n is < 1 or > 7))
        {
            errors.Add(new("Business days", "Choose at least one business day."));
        }

        if (s.BusinessEnd <= s.BusinessStart)
        {
            errors.Add(new("Business hours", "Business hours must end after they start."));
        }

        foreach (var (field, value) in new[] { ("Normal multiplier", s.NormalMultiplier), ("After-hours multiplier", s.AfterHoursMultiplier), ("Weekend multiplier", s.WeekendMultiplier) })
        {
            if (value <= 0 || value > 10)
            {
                errors.Add(new(field, $"{field} must be greater than 0 and at most 10."));
            }
        }

        if (s.DefaultHourlyRate < 0)
        {
            errors.Add(new("Default hourly rate", "Default hourly rate cannot be negative."));
        }

        if (s.TimeIncrementMinutes is < 1 or > 60)
        {
            errors.Add(new("Time increment", "Time increment must be between 1 and 60 minutes."));
        }

        if (string.IsNullOrEmpty(s.AccentColor) || !System.Text.RegularExpressions.Regex.IsMatch(s.AccentColor, "^#[0-9a-fA-F]{6}$"))
        {
            errors.Add(new("Accent colour", "Accent colour must be a hex colour like #2563eb."));
        }

        return errors;
    }
}
