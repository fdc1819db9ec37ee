using Psa.Domain;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Psa.Domain.Billing.Ledger;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Billing;

/// <summary>The workspace's billing schedule and invoice defaults (Settings → Billing).</summary>
public sealed partial class BillingSettingsService(TenantDbContextFactory factory, TenantContext tenant, BillingScheduler scheduler)
{
    public async Task<BillingPreferences> GetAsync(CancellationToken ct = default)
    {
        await using var db = factory.Create();
        return await db.BillingPreferences.AsNoTracking().SingleOrDefaultAsync(ct) ?? new BillingPreferences();
    }

    /// <summary>The workspace's zone, in which the run day and time are read.</summary>
    public async Task<string> TimeZoneAsync(CancellationToken ct = default)
    {
        await using var db = factory.Create();
        return (await BillingScheduler.ZoneAsync(db, tenant.Required, ct)).Id;
    }

    public static IReadOnlyList<FieldError> Validate(BillingPreferences input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();
        if (input.RunDayOfMonth is < 1 or > 28)
        {
            errors.Add(new FieldError("Run day of month", "Run day of month must be between 1 and 28 (every month has those days)."));
        }

        if (input.PaymentTermsDays is < 0 or > 365)
        {
            errors.Add(new FieldError("Payment terms (days)", "Payment terms (days) must be between 0 and 365."));
        }

        if (input.SellerVatId is { Length: > 0 } vat && !VatId().IsMatch(vat.Trim()))
        {
            errors.Add(new FieldError("Seller tax ID", "Seller tax ID must be 2 to 30 letters and digits (for example DE123456789), without spaces."));
        }

        if (input.SellerCountryCode is not { Length: 2 } country || !country.All(char.IsAsciiLetter))
        {
            errors.Add(new FieldError("Seller country", "Seller country must be a two-letter ISO 3166 code such as US, DE or NL."));
        }

        if (input.SellerAddress is { Length: > 300 })
        {
            errors.Add(new FieldError("Seller address", "Seller address must be at most 300 characters."));
        }

        return errors;
    }

    /// <summary>Validates and saves; reschedules the workspace's billing trigger. Returns the problems by field, empty when saved.</summary>
    public async Task<IReadOnlyList<FieldError>> SaveAsync(BillingPreferences input, CancellationToken ct = default)
    {
        var errors = Validate(input);
        if (errors.Count > 0)
        {
            return errors;
        }

        await using var db = factory.Create();
        var stored = await db.BillingPreferences.SingleOrDefaultAsync(ct);
        if (stored is null)
        {
            stored = new BillingPreferences();
            db.BillingPreferences.Add(stored);
        }

        stored.RunDayOfMonth = input.RunDayOfMonth;
        stored.RunTime = new TimeOnly(input.RunTime.Hour, input.RunTime.Minute);
        stored.ScheduleEnabled = input.ScheduleEnabled;
        stored.PaymentTermsDays = input.PaymentTermsDays;
        stored.SellerVatId = string.IsNullOrWhiteSpace(input.SellerVatId) ? null : input.SellerVatId.Trim().ToUpperInvariant();
        stored.SellerAddress = string.IsNullOrWhiteSpace(input.SellerAddress) ? null : input.SellerAddress.Trim();
        stored.SellerCountryCode = input.SellerCountryCode!.ToUpperInvariant();
        await db.SaveChangesAsync(ct);
        await scheduler.ApplyAsync(tenant.Required.Slug.Value, stored, await BillingScheduler.ZoneAsync(db, tenant.Required, ct), ct);
        return [];
    }

    [GeneratedRegex("^[A-Za-z0-9]{2,30}$")]
    private static partial Regex VatId();
}
