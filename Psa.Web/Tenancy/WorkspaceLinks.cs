using Microsoft.Extensions.Options;
using Psa.Infrastructure;

namespace Psa.Web.Tenancy;

/// <summary>Builds absolute links to a workspace host and to the public site: the one place emailed links come from.</summary>
public sealed class WorkspaceLinks(IOptions<PsaOptions> options)
{
    /// <summary>
    /// The base URL of a workspace: from <c>Psa:PublicUrl</c> when set. Otherwise the host is always
    /// <c>&lt;slug&gt;.&lt;BaseDomain&gt;</c> and the port comes from <c>Psa:PublicPort</c> or, failing that
    /// (development), from the request the link is made for.
    /// </summary>
    public string Workspace(string slug, Uri? current = null) =>
        Configured() is { } site ? Base(site.Scheme, slug + "." + site.Host, site.Port) : Base(slug + "." + options.Value.BaseDomain, current);

    /// <summary>An absolute link to a path of the workspace (<c>/reset-password?…</c>).</summary>
    public Uri WorkspaceLink(string slug, string pathAndQuery, Uri? current = null) => new(new Uri(Workspace(slug, current)), pathAndQuery);

    private Uri? Configured() =>
        options.Value.PublicUrl is { Length: > 0 } url && Uri.TryCreate(url, UriKind.Absolute, out var site) ? site : null;

    private static string Base(string scheme, string host, int port) =>
        port == (scheme == "https" ? 443 : 80) ? $"{scheme}://{host}" : $"{scheme}://{host}:{port}";

    private string Base(string host, Uri? current)
    {
        var o = options.Value;
        var scheme = current?.Scheme ?? o.PublicScheme;
        var port = o.PublicPort ?? current?.Port;
        var defaultPort = scheme == "https" ? 443 : 80;
        return port is null || port == defaultPort ? $"{scheme}://{host}" : $"{scheme}://{host}:{port}";
    }
}
