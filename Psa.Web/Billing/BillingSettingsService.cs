using Psa.Domain;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Psa.Domain.Billing.Ledger;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Billing;

/// <summary>The workspace's billing schedule and invoice defaults (Settings → Billing).</summary>
public sealed partial class BillingSettingsService(TenantDbContextFactory factory, TenantContext tenant, BillingScheduler scheduler, Psa.Web.Audit.AuditTrail audit)
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

        if (input.SellerLegalId is { Length: > 50 })
        {
            errors.Add(new FieldError("Company registration number", "Company registration number must be at most 50 characters."));
        }

        if (input.SellerCity is { Length: > 100 })
        {
            errors.Add(new FieldError("Seller city", "Seller city must be at most 100 characters."));
        }

        if (input.SellerPostalCode is { Length: > 20 })
        {
            errors.Add(new FieldError("Seller postal code", "Seller postal code must be at most 20 characters."));
        }

        try
        {
            ElectronicAddress.Normalize(input.SellerPeppolScheme, input.SellerPeppolId, "Seller Peppol ID");
        }
        catch (DomainException ex)
        {
            errors.Add(new FieldError(ex.Field ?? "Seller Peppol ID", ex.Message));
        }

        if (input.BankIban is { Length: > 0 } iban && !Iban().IsMatch(iban.Replace(" ", string.Empty, StringComparison.Ordinal)))
        {
            errors.Add(new FieldError("IBAN or account number", "IBAN or account number must be 5 to 34 letters and digits."));
        }

        if (input.BankBic is { Length: > 0 } bic && !Bic().IsMatch(bic.Trim()))
        {
            errors.Add(new FieldError("BIC / SWIFT", "BIC / SWIFT must be 8 or 11 letters and digits, for example INGBNL2A."));
        }

        if (input.BankAccountName is { Length: > 200 })
        {
            errors.Add(new FieldError("Account holder", "Account holder must be at most 200 characters."));
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
        stored.SellerLegalId = Clean(input.SellerLegalId);
        stored.SellerCity = Clean(input.SellerCity);
        stored.SellerPostalCode = Clean(input.SellerPostalCode)?.ToUpperInvariant();
        (stored.SellerPeppolScheme, stored.SellerPeppolId) = ElectronicAddress.Normalize(input.SellerPeppolScheme, input.SellerPeppolId, "Seller Peppol ID");
        stored.BankAccountName = Clean(input.BankAccountName);
        stored.BankIban = Clean(input.BankIban)?.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        stored.BankBic = Clean(input.BankBic)?.ToUpperInvariant();
        await audit.AddChangesAsync(db, stored, "settings.billing-changed", Psa.Infrastructure.Identity.AuditCategory.Settings, "Billing settings");
        await db.SaveChangesAsync(ct);
        await scheduler.ApplyAsync(tenant.Required.Slug.Value, stored, await BillingScheduler.ZoneAsync(db, tenant.Required, ct), ct);
        return [];
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[A-Za-z0-9]{5,34}$")]
    private static partial Regex Iban();

    [GeneratedRegex("^[A-Za-z0-9]{8}([A-Za-z0-9]{3})?$")]
    private static partial Regex Bic();

    [GeneratedRegex("^[A-Za-z0-9]{2,30}$")]
    private static partial Regex VatId();
}
