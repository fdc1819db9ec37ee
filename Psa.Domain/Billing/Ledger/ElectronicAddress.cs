namespace Psa.Domain.Billing.Ledger;

/// <summary>
/// A Peppol participant identifier: an EAS scheme code (ISO 6523 ICD, e.g. 0106 = Dutch KvK) and the
/// identifier within it. UBL carries it as <c>cbc:EndpointID schemeID="…"</c>; without one for seller and
/// buyer a document cannot travel over Peppol (PEPPOL-EN16931-R010 and R020).
/// </summary>
public static class ElectronicAddress
{
    /// <summary>The schemes people pick from, with the words they use for them.</summary>
    public static readonly IReadOnlyList<(string Code, string Label)> Schemes =
    [
        ("0106", "Netherlands: Chamber of Commerce (KvK) number"),
        ("0190", "Netherlands: government OIN"),
        ("9944", "Netherlands: VAT number"),
        ("0208", "Belgium: enterprise number"),
        ("9925", "Belgium: VAT number"),
        ("9930", "Germany: VAT number"),
        ("0204", "Germany: Leitweg-ID"),
        ("0009", "France: SIRET"),
        ("0192", "Norway: organisation number"),
        ("0007", "Sweden: organisation number"),
        ("0184", "Denmark: CVR number"),
        ("0037", "Finland: business ID (LY-tunnus)"),
        ("0151", "Australia: ABN"),
        ("0088", "GS1 Global Location Number (GLN)"),
        ("0060", "D-U-N-S number"),
    ];

    public static string Label(string? code) =>
        Schemes.FirstOrDefault(s => s.Code == code).Label is { } label ? $"{code} · {label}" : code ?? string.Empty;

    /// <summary>Checks a scheme and identifier given together; both empty is fine (no Peppol address).</summary>
    public static (string? Scheme, string? Id) Normalize(string? scheme, string? id, string field)
    {
        scheme = string.IsNullOrWhiteSpace(scheme) ? null : scheme.Trim();
        id = string.IsNullOrWhiteSpace(id) ? null : id.Trim();
        if (scheme is null && id is null)
        {
            return (null, null);
        }

        if (scheme is null || scheme.Length != 4 || !scheme.All(char.IsAsciiDigit))
        {
            throw new DomainException($"{field} scheme must be a four-digit Peppol (EAS) scheme code, for example 0106 for a Dutch KvK number.", field + " scheme");
        }

        if (id is null || id.Length > 50 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or ':' or '_'))
        {
            throw new DomainException($"{field} must be the identifier in that scheme (letters, digits, - . : _; at most 50).", field);
        }

        return (scheme, id);
    }
}
