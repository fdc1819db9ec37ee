using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Psa.Tests.Support;

/// <summary>
/// A real OpenID Connect provider: the npm package <c>oidc-provider</c> (tests/idp/server.js) run
/// under Node on 127.0.0.1 and stopped with the test. It can be told to hand out wrongly made tokens
/// (<see cref="TamperAsync"/>) to prove each validation.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "psa-portal";
    public const string ClientSecret = "test-secret-that-is-long-enough";
    private readonly Process _process;

    private TestIdentityProvider(Process process, string issuer)
    {
        _process = process;
        Issuer = issuer;
    }

    public string Issuer { get; }

    public static async Task<TestIdentityProvider> StartAsync(params string[] redirectUris)
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "idp");
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
        {
            using var install = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund --loglevel=error") { WorkingDirectory = folder })!;
            await install.WaitForExitAsync();
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "server.js", "--port", "0", "--client-id", ClientId, "--client-secret", ClientSecret, "--redirect-uri", string.Join(',', redirectUris) })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException("The test identity provider exited before it was ready.");
            if (line.StartsWith("READY ", StringComparison.Ordinal))
            {
                return new TestIdentityProvider(process, line["READY ".Length..].Trim());
            }
        }
    }

    public async Task TamperAsync(string mode)
    {
        using var http = new HttpClient();
        using var body = new StringContent($"{{\"mode\":\"{mode}\"}}");
        var response = await http.PostAsync(Issuer + "/__test/tamper", body);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Plays the person at the provider: opens the authorize URL, signs in as <paramref name="login"/>
    /// in the provider's own form, and returns the URL the provider sends the browser back to.
    /// </summary>
    public static async Task<Uri> SignInAtProviderAsync(Uri authorizeUrl, string login)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var http = new HttpClient(handler);
        var url = authorizeUrl;
        for (var hop = 0; hop < 12; hop++)
        {
            var response = await http.GetAsync(url);
            if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.RedirectKeepVerb)
            {
                var next = new Uri(url, response.Headers.Location!);
                if (next.Host != url.Host || next.Port != url.Port)
                {
                    return next; // back to the relying party
                }

                url = next;
                continue;
            }

            var html = await response.Content.ReadAsStringAsync();
            var action = Regex.Match(html, "<form[^>]*action=\"([^\"]+)\"").Groups[1].Value;
            if (action.Length == 0)
            {
                throw new InvalidOperationException("Unexpected page at the provider:\n" + html);
            }

            var fields = Regex.Matches(html, "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")
                .ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
            fields["login"] = login;
            fields["password"] = "any";
            using var form = new FormUrlEncodedContent(fields);
            var post = await http.PostAsync(new Uri(url, WebUtility.HtmlDecode(action)), form);
            if (post.Headers.Location is null)
            {
                throw new InvalidOperationException("The provider did not accept the sign-in:\n" + await post.Content.ReadAsStringAsync());
            }

            url = new Uri(url, post.Headers.Location);
            if (url.Host != authorizeUrl.Host || url.Port != authorizeUrl.Port)
            {
                return url;
            }
        }

        throw new InvalidOperationException("Too many redirects at the provider.");
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Psa.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
