using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Psa.Domain.Tenancy;

/// <summary>
/// A workspace address: 3–40 characters of a–z, 0–9 and inner hyphens, not a reserved word.
/// The only way to turn text into a slug is <see cref="TryParse"/>, so a slug that reaches a file
/// path or a connection string has always been validated.
/// </summary>
public sealed partial record TenantSlug
{
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "www", "admin", "api", "app", "portal", "mail", "static", "assets", "cdn", "help", "support",
        "status", "signup", "login", "signin", "auth", "account", "accounts", "billing", "docs", "blog",
        "dashboard", "root", "system", "platform", "catalog", "test", "smtp", "imap", "pop", "ftp",
        "ns1", "ns2", "localhost", "hubs", "healthz", "openapi", "internal", "public", "psa",
    };

    private TenantSlug(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    /// <summary>Checks a proposed address and says what is wrong with it, in words a user understands.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out TenantSlug? slug, [NotNullWhen(false)] out string? problem)
    {
        slug = null;
        var value = (text ?? string.Empty).Trim();
        if (value.Length < 3 || value.Length > 40)
        {
            problem = "Workspace address must be 3 to 40 characters long.";
            return false;
        }

        if (!Shape().IsMatch(value))
        {
            problem = "Workspace address may use only lowercase letters, digits and hyphens, and cannot start or end with a hyphen.";
            return false;
        }

        if (value.Contains("--", StringComparison.Ordinal))
        {
            problem = "Workspace address cannot contain two hyphens in a row.";
            return false;
        }

        if (Reserved.Contains(value))
        {
            problem = $"Workspace address '{value}' is reserved.";
            return false;
        }

        slug = new TenantSlug(value);
        problem = null;
        return true;
    }

    public static TenantSlug Parse(string text) =>
        TryParse(text, out var slug, out var problem) ? slug : throw new DomainException(problem);
}
