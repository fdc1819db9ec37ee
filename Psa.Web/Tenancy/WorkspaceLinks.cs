using Microsoft.Extensions.Options;
using Psa.Infrastructure;

namespace Psa.Web.Tenancy;

/// <summary>Builds absolute links to a workspace host and to the public site.</summary>
public sealed class WorkspaceLinks(IOptions<PsaOptions> options)
{
    /// <summary>
    /// The base URL of a workspace. The port comes from <c>Psa:PublicPort</c> or, failing that, from
    /// the request the link is made for, so links work on whatever port the server listens.
    /// </summary>
    public string Workspace(string slug, Uri? current = null) => Base(slug + "." + options.Value.BaseDomain, current);

    private string Base(string host, Uri? current)
    {
        var o = options.Value;
        var scheme = current?.Scheme ?? o.PublicScheme;
        var port = o.PublicPort ?? current?.Port;
        var defaultPort = scheme == "https" ? 443 : 80;
        return port is null || port == defaultPort ? $"{scheme}://{host}" : $"{scheme}://{host}:{port}";
    }
}
