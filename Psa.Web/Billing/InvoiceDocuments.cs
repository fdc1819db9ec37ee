using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Psa.Domain.Billing.Ledger;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Billing;

/// <summary>Everything a printed, exported or e-invoiced document shows.</summary>
public sealed record InvoiceDocument(
    CustomerInvoice Invoice,
    string ClientCode,
    string ClientName,
    decimal ClientTaxRate,
    string SellerName,
    string AccentColor,
    string? LogoDataUri,
    BillingPreferences Preferences,
    IReadOnlyDictionary<string, string> SectionTitles,
    IReadOnlyList<(string Agreement, string Unit, decimal Remaining)> Balances,
    string? CreditsNumber,
    Psa.Domain.Clients.Client Client);

/// <summary>Renders invoices as printable HTML (browser print to PDF), CSV and UBL 2.1 (Peppol BIS Billing 3.0).</summary>
public sealed class InvoiceDocuments(TenantDbContextFactory factory, IServiceProvider services, ILoggerFactory loggers)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public async Task<InvoiceDocument?> LoadAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var invoice = await db.Invoices.AsNoTracking().Include(i => i.Lines).SingleOrDefaultAsync(i => i.Id == id, ct);
        if (invoice is null)
        {
            return null;
        }

        var client = await db.Clients.AsNoTracking().Include(c => c.Contacts).SingleAsync(c => c.Id == invoice.ClientId, ct);
        var settings = await db.Settings.AsNoTracking().SingleAsync(ct);
        var preferences = await db.BillingPreferences.AsNoTracking().SingleOrDefaultAsync(ct) ?? new BillingPreferences();
        var sections = invoice.Lines.Select(l => l.Section).Distinct().ToList();
        var titles = new Dictionary<string, string>(StringComparer.Ordinal) { ["time"] = "Time and materials" };
        foreach (var a in await db.Agreements.AsNoTracking().Where(a => sections.Contains(a.Code)).ToListAsync(ct))
        {
            titles[a.Code] = BillingText.AgreementTitle(a.Code, a.Name, a.Type);
        }

        foreach (var p in await db.Projects.AsNoTracking().Where(p => sections.Contains(p.Code)).ToListAsync(ct))
        {
            titles[p.Code] = $"Project: {p.Name}";
        }

        var balances = await db.BlockBalances.AsNoTracking().Where(b => b.Period == invoice.Period)
            .Join(db.Agreements.Where(a => sections.Contains(a.Code)), b => b.AgreementId, a => a.Id, (b, a) => new { a.Code, a.Type, b.Remaining })
            .ToListAsync(ct);
        var credits = invoice.CreditsInvoiceId is { } c
            ? (await db.Invoices.AsNoTracking().SingleAsync(i => i.Id == c, ct)).DisplayNumber
            : null;
        var logo = settings.Logo is { Length: > 0 } bytes ? $"data:{settings.LogoContentType};base64,{Convert.ToBase64String(bytes)}" : null;
        return new InvoiceDocument(invoice, client.Code, client.Name, client.TaxRate, settings.CompanyName, settings.AccentColor, logo, preferences, titles,
            balances.Select(b => (b.Code, b.Type == Psa.Domain.Billing.AgreementType.PrepaidHours ? "hours" : settings.Currency,
                b.Type == Psa.Domain.Billing.AgreementType.PrepaidHours ? b.Remaining / 60m : b.Remaining)).ToList(), credits, client);
    }

    /// <summary>The printable HTML page of the document: the <see cref="InvoicePrint"/> component rendered to a string.</summary>
    public async Task<string> HtmlAsync(InvoiceDocument document)
    {
        await using var renderer = new HtmlRenderer(services, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<InvoicePrint>(ParameterView.FromDictionary(
                new Dictionary<string, object?> { [nameof(InvoicePrint.Document)] = document }));
            return output.ToHtmlString();
        });
    }

    /// <summary>The seller's address, tax and registration IDs and Peppol address, one printed line each.</summary>
    public static IReadOnlyList<string> SellerLines(InvoiceDocument d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var p = d.Preferences;
        return Lines(p.SellerAddress, Join(p.SellerPostalCode, p.SellerCity), p.SellerCountryCode,
            p.SellerVatId is { Length: > 0 } vat ? $"Tax ID {vat}" : null,
            p.SellerLegalId is { Length: > 0 } legal ? $"Registration {legal}" : null,
            p.SellerPeppolId is { Length: > 0 } peppol ? $"Peppol {p.SellerPeppolScheme}:{peppol}" : null);
    }

    /// <summary>The client's address, tax and registration IDs and Peppol address.</summary>
    public static IReadOnlyList<string> BillToLines(InvoiceDocument d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var c = d.Client;
        return Lines(c.AddressLine, Join(c.PostalCode, c.City), c.CountryCode,
            c.TaxId is { Length: > 0 } vat ? $"Tax ID {vat}" : null,
            c.LegalId is { Length: > 0 } legal ? $"Registration {legal}" : null,
            c.PeppolId is { Length: > 0 } peppol ? $"Peppol {c.PeppolScheme}:{peppol}" : null);
    }

    /// <summary>"Pay to Acme Ltd · IBAN NL91… · BIC INGBNL2A", or null without bank details.</summary>
    public static string? PaymentLine(BillingPreferences p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.BankIban is not { Length: > 0 } iban ? null
            : string.Join(" · ", Lines(p.BankAccountName is { Length: > 0 } n ? $"Pay to {n}" : null, $"Account {iban}", p.BankBic is { Length: > 0 } bic ? $"BIC {bic}" : null));
    }

    private static string? Join(string? postal, string? city) =>
        string.Join(' ', new[] { postal, city }.Where(x => !string.IsNullOrWhiteSpace(x))) is { Length: > 0 } s ? s : null;

    private static List<string> Lines(params string?[] lines) => lines.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l!).ToList();

    public static string Csv(InvoiceDocument d)
    {
        using var csv = new CsvText("invoice", "client", "period", "section", "kind", "item", "description", "quantity", "unit_price", "amount", "tax", "gl_account", "sources");
        foreach (var l in d.Invoice.Lines.OrderBy(l => l.Order))
        {
            csv.Text(d.Invoice.DisplayNumber).Text(d.ClientCode).Text(d.Invoice.Period).Text(l.Section).Text(l.Kind).Text(l.Item).Text(l.Description)
                .Number(l.Quantity).Number(l.UnitPrice, "0.00##").Number(l.Amount, "0.00").Number(l.TaxAmount, "0.00").Text(l.GlAccount).Text(l.Sources.Replace(',', ' '))
                .EndRow();
        }

        return csv.ToString();
    }

    /// <summary>UBL 2.1 Invoice (or CreditNote) following EN 16931, and Peppol BIS Billing 3.0 when <see cref="EInvoiceReadiness"/> finds nothing missing.</summary>
    public static XDocument Ubl(InvoiceDocument d)
    {
        XNamespace root = d.Invoice.IsCreditNote ? "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2" : "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
        XNamespace cac = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
        XNamespace cbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
        var i = d.Invoice;
        var sign = i.IsCreditNote ? -1m : 1m;
        var currency = i.Currency;
        var period = DateOnly.ParseExact(i.Period + "-01", "yyyy-MM-dd", Inv);
        XElement Amount(string name, decimal value) => new(cbc + name, new XAttribute("currencyID", currency), (value * sign).ToString("0.00", Inv));
        var percent = (d.ClientTaxRate * 100m).ToString("0.##", Inv);
        string Category(CustomerInvoiceLine l) => l.TaxAmount != 0 ? "S" : "Z";
        XElement TaxCategory(string name, string id) => new(cac + name,
            new XElement(cbc + "ID", id),
            new XElement(cbc + "Percent", id == "S" ? percent : "0"),
            new XElement(cac + "TaxScheme", new XElement(cbc + "ID", "VAT")));
        XElement? Text(string name, string? value) => string.IsNullOrWhiteSpace(value) ? null : new XElement(cbc + name, value);
        XElement Party(string name, string? vat, string? legalId, string country, string? street, string? city, string? postal, string? scheme, string? endpoint) => new(cac + "Party",
            endpoint is { Length: > 0 } ? new XElement(cbc + "EndpointID", new XAttribute("schemeID", scheme ?? string.Empty), endpoint) : null,
            new XElement(cac + "PartyName", new XElement(cbc + "Name", name)),
            new XElement(cac + "PostalAddress",
                Text("StreetName", street),
                Text("CityName", city),
                Text("PostalZone", postal),
                new XElement(cac + "Country", new XElement(cbc + "IdentificationCode", country))),
            vat is { Length: > 0 } ? new XElement(cac + "PartyTaxScheme", new XElement(cbc + "CompanyID", vat), new XElement(cac + "TaxScheme", new XElement(cbc + "ID", "VAT"))) : null,
            new XElement(cac + "PartyLegalEntity", new XElement(cbc + "RegistrationName", name),
                legalId is { Length: > 0 }
                    ? new XElement(cbc + "CompanyID", EInvoiceReadiness.LegalScheme(legalId) is { } legalScheme && country == "NL" ? new XAttribute("schemeID", legalScheme) : null, legalId)
                    : null));

        var p = d.Preferences;
        var client = d.Client;
        var country = p.SellerCountryCode ?? "US";
        var peppol = EInvoiceReadiness.Check(d).Count == 0;
        var lineName = i.IsCreditNote ? "CreditNoteLine" : "InvoiceLine";
        var quantityName = i.IsCreditNote ? "CreditedQuantity" : "InvoicedQuantity";
        var doc = new XElement(root + (i.IsCreditNote ? "CreditNote" : "Invoice"),
            new XAttribute(XNamespace.Xmlns + "cac", cac),
            new XAttribute(XNamespace.Xmlns + "cbc", cbc),
            // Claims Peppol BIS Billing 3.0 only when the document meets it; otherwise plain EN 16931 (the pages say what is missing).
            new XElement(cbc + "CustomizationID", peppol ? PeppolCustomization : En16931Customization),
            peppol ? new XElement(cbc + "ProfileID", "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0") : null,
            new XElement(cbc + "ID", i.DisplayNumber),
            new XElement(cbc + "IssueDate", (i.IssuedOn ?? DateOnly.FromDateTime(i.CreatedUtc.UtcDateTime)).ToString("yyyy-MM-dd", Inv)),
            i.IsCreditNote ? null : new XElement(cbc + "DueDate", (i.DueOn ?? DateOnly.FromDateTime(i.CreatedUtc.UtcDateTime).AddDays(i.PaymentTermsDays)).ToString("yyyy-MM-dd", Inv)),
            new XElement(cbc + (i.IsCreditNote ? "CreditNoteTypeCode" : "InvoiceTypeCode"), i.IsCreditNote ? "381" : "380"),
            new XElement(cbc + "DocumentCurrencyCode", currency),
            new XElement(cbc + "BuyerReference", d.ClientCode),
            new XElement(cac + "InvoicePeriod",
                new XElement(cbc + "StartDate", period.ToString("yyyy-MM-dd", Inv)),
                new XElement(cbc + "EndDate", period.AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd", Inv))),
            d.CreditsNumber is null ? null : new XElement(cac + "BillingReference", new XElement(cac + "InvoiceDocumentReference", new XElement(cbc + "ID", d.CreditsNumber))),
            new XElement(cac + "AccountingSupplierParty", Party(d.SellerName, p.SellerVatId, p.SellerLegalId, country, p.SellerAddress, p.SellerCity, p.SellerPostalCode, p.SellerPeppolScheme, p.SellerPeppolId)),
            new XElement(cac + "AccountingCustomerParty", Party(d.ClientName, client.TaxId, client.LegalId, EInvoiceReadiness.BuyerCountry(d), client.AddressLine, client.City, client.PostalCode, client.PeppolScheme, client.PeppolId)),
            i.IsCreditNote || p.BankIban is not { Length: > 0 } ? null : new XElement(cac + "PaymentMeans",
                new XElement(cbc + "PaymentMeansCode", "30"),
                new XElement(cbc + "PaymentID", i.DisplayNumber),
                new XElement(cac + "PayeeFinancialAccount",
                    new XElement(cbc + "ID", p.BankIban),
                    Text("Name", p.BankAccountName),
                    p.BankBic is { Length: > 0 } ? new XElement(cac + "FinancialInstitutionBranch", new XElement(cbc + "ID", p.BankBic)) : null)),
            i.IsCreditNote ? null : new XElement(cac + "PaymentTerms", new XElement(cbc + "Note", $"Net {i.PaymentTermsDays} days")),
            new XElement(cac + "TaxTotal",
                Amount("TaxAmount", i.Tax),
                i.Lines.GroupBy(Category).Select(g => new XElement(cac + "TaxSubtotal",
                    Amount("TaxableAmount", g.Sum(l => l.Amount)),
                    Amount("TaxAmount", g.Sum(l => l.TaxAmount)),
                    TaxCategory("TaxCategory", g.Key)))),
            new XElement(cac + "LegalMonetaryTotal",
                Amount("LineExtensionAmount", i.Subtotal),
                Amount("TaxExclusiveAmount", i.Subtotal),
                Amount("TaxInclusiveAmount", i.Total),
                Amount("PayableAmount", i.Total)),
            i.Lines.OrderBy(l => l.Order).Select((l, n) => new XElement(cac + lineName,
                new XElement(cbc + "ID", (n + 1).ToString(Inv)),
                new XElement(cbc + quantityName, new XAttribute("unitCode", l.Kind is "time" or "overage" ? "HUR" : "C62"), "1"),
                Amount("LineExtensionAmount", l.Amount),
                new XElement(cbc + "AccountingCost", l.GlAccount),
                new XElement(cac + "Item",
                    new XElement(cbc + "Description", l.Detail is { Length: > 0 } ? $"{l.Description} ({l.Detail})" : l.Description),
                    new XElement(cbc + "Name", l.Item),
                    TaxCategory("ClassifiedTaxCategory", Category(l))),
                // Quantity 1 at the line amount: tiered time has no single unit price, and EN 16931 requires quantity × price = line amount.
                new XElement(cac + "Price", Amount("PriceAmount", l.Amount)))));
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), doc);
    }

    public const string PeppolCustomization = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";

    public const string En16931Customization = "urn:cen.eu:en16931:2017";

    internal const string PrintCss = """
        *{box-sizing:border-box}body{margin:0;background:#eef1f5;font:14px/1.45 "Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2937}
        .doc{max-width:820px;margin:24px auto;background:#fff;padding:48px 56px;box-shadow:0 1px 4px rgba(0,0,0,.12);border-top:6px solid var(--accent)}
        .top{display:flex;justify-content:space-between;align-items:flex-start;gap:24px}.logo{max-height:56px;display:block;margin-bottom:8px}
        .seller-name{font-size:20px;font-weight:700;color:var(--accent)}.doc-title{text-align:right}.doc-title h1{margin:0;font-size:28px;letter-spacing:.04em;text-transform:uppercase;color:#111827}
        .number{font-size:16px;font-weight:600;color:#374151}.stamp{display:inline-block;margin-top:6px;padding:2px 10px;border:2px solid #b91c1c;color:#b91c1c;font-weight:700;letter-spacing:.1em;font-size:12px}
        .meta{display:flex;justify-content:space-between;margin:32px 0 8px;padding:16px 0;border-top:1px solid #e5e7eb;border-bottom:1px solid #e5e7eb}
        .label{font-size:11px;text-transform:uppercase;letter-spacing:.08em;color:#6b7280}.strong{font-weight:600;font-size:16px}.muted{color:#6b7280}
        dl{display:grid;grid-template-columns:auto auto;gap:2px 16px;margin:0}dt{color:#6b7280}dd{margin:0;text-align:right;font-weight:500}
        .section h2{font-size:15px;margin:28px 0 8px;color:var(--accent)}table{width:100%;border-collapse:collapse}
        th{text-align:left;font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:#6b7280;border-bottom:1px solid #d1d5db;padding:6px 8px}
        td{padding:8px;border-bottom:1px solid #f0f1f3;vertical-align:top}.num{text-align:right;white-space:nowrap}.detail{font-size:12px;color:#6b7280}
        tfoot td{font-weight:600;border-bottom:none}.balance{margin:6px 8px;font-size:13px;color:#374151;background:#f8fafc;padding:6px 10px;border-left:3px solid var(--accent)}
        .totals{display:flex;justify-content:flex-end;margin-top:24px}.totals table{width:320px}.grand td{font-size:17px;font-weight:700;border-top:2px solid #111827}
        footer{margin-top:40px;font-size:12px;color:#6b7280;border-top:1px solid #e5e7eb;padding-top:12px}.bank{margin:4px 0;color:#374151;font-weight:600}
        @media print{body{background:#fff}.doc{box-shadow:none;margin:0;max-width:none;padding:0}}
        """;
}
