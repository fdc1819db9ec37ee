using Psa.Domain.Billing.Ledger;

namespace Psa.Web.Billing;

/// <summary>One thing the UBL lacks: the published rule it breaks, what to do, and where.</summary>
public sealed record EInvoiceFinding(string Rule, string Message, string FixAt, string FixLabel);

/// <summary>
/// What an invoice's UBL still lacks for EN 16931 and for sending over Peppol (BIS Billing 3.0 with the
/// seller country's rules that apply to data Psa holds). The UBL claims Peppol only when nothing is missing,
/// and the pages say what is missing instead.
/// </summary>
public static class EInvoiceReadiness
{
    public const string SettingsPage = "/settings/billing";

    public static IReadOnlyList<EInvoiceFinding> Check(InvoiceDocument d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var p = d.Preferences;
        var client = d.Client;
        var clientPage = $"/clients/{client.Id}";
        var findings = new List<EInvoiceFinding>();
        void Add(string rule, string message, string at, string label) => findings.Add(new EInvoiceFinding(rule, message, at, label));

        if (!p.HasSellerIdentifier)
        {
            Add("BR-CO-26", "The seller has no tax ID or company registration number, so the buyer cannot identify you.", SettingsPage, "Billing settings");
        }
        else if (d.Invoice.Tax != 0 && string.IsNullOrWhiteSpace(p.SellerVatId))
        {
            Add("BR-S-02", "The invoice charges tax but the seller has no tax (VAT) ID.", SettingsPage, "Billing settings");
        }

        if (string.IsNullOrWhiteSpace(p.SellerPeppolId))
        {
            Add("PEPPOL-EN16931-R020", "The seller has no Peppol participant ID (electronic address).", SettingsPage, "Billing settings");
        }

        if (string.IsNullOrWhiteSpace(client.PeppolId))
        {
            Add("PEPPOL-EN16931-R010", $"{client.Name} has no Peppol participant ID (electronic address).", clientPage, client.Name);
        }

        if (string.Equals(p.SellerCountryCode, "NL", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(p.SellerAddress) || string.IsNullOrWhiteSpace(p.SellerCity) || string.IsNullOrWhiteSpace(p.SellerPostalCode))
            {
                Add("NL-R-002", "A Dutch seller must give street, city and postal code.", SettingsPage, "Billing settings");
            }

            if (LegalScheme(p.SellerLegalId) is null)
            {
                Add("NL-R-003", "A Dutch seller must give its KvK number (8 digits) or OIN (20 digits) as company registration number.", SettingsPage, "Billing settings");
            }

            if (string.Equals(BuyerCountry(d), "NL", StringComparison.OrdinalIgnoreCase))
            {
                if (string.IsNullOrWhiteSpace(client.AddressLine) || string.IsNullOrWhiteSpace(client.City) || string.IsNullOrWhiteSpace(client.PostalCode))
                {
                    Add("NL-R-004", $"{client.Name} is in the Netherlands: give its street, city and postal code.", clientPage, client.Name);
                }

                if (LegalScheme(client.LegalId) is null)
                {
                    Add("NL-R-005", $"{client.Name} is in the Netherlands: give its KvK number or OIN as registration number.", clientPage, client.Name);
                }
            }

            if (!d.Invoice.IsCreditNote && string.IsNullOrWhiteSpace(p.BankIban))
            {
                Add("NL-R-007", "A Dutch seller must give a means of payment: add your bank account.", SettingsPage, "Billing settings");
            }
        }

        return findings;
    }

    /// <summary>The buyer's country: the client's own, else the seller's.</summary>
    public static string BuyerCountry(InvoiceDocument d) => d.Client.CountryCode ?? d.Preferences.SellerCountryCode ?? "US";

    /// <summary>Dutch registration numbers carry their scheme: KvK (0106, 8 digits) or OIN (0190, 20 digits).</summary>
    public static string? LegalScheme(string? legalId)
    {
        var digits = legalId?.Trim();
        return digits switch
        {
            { Length: 8 } when digits.All(char.IsAsciiDigit) => "0106",
            { Length: 20 } when digits.All(char.IsAsciiDigit) => "0190",
            _ => null,
        };
    }
}
