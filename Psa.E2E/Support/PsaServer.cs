using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Psa.E2E.Support;

/// <summary>
/// The real Psa.Web executable, started on a free loopback port with its own data folder, exactly as
/// a user runs it. Workspaces answer at <c>http://&lt;slug&gt;.localhost:PORT</c>, which Chromium
/// resolves to loopback with no DNS set-up.
/// </summary>
public sealed class PsaServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly IDictionary<string, string> _settings;

    private PsaServer(Process process, int port, string dataDirectory, IDictionary<string, string> settings)
    {
        _process = process;
        Port = port;
        DataDirectory = dataDirectory;
        _settings = settings;
    }

    public int Port { get; }

    /// <summary>The server process (benchmarks read its memory).</summary>
    public int ProcessId => _process.Id;

    public string DataDirectory { get; }

    public string PublicUrl => $"http://localhost:{Port}";

    public string WorkspaceUrl(string slug) => $"http://{slug}.localhost:{Port}";

    /// <summary>The first link of the newest mail written to the workspace's pickup folder (the recipient's copy).</summary>
    public string LastMailLink(string slug)
    {
        var file = new DirectoryInfo(Path.Combine(DataDirectory, "mail", slug)).GetFiles("*.eml").OrderByDescending(f => f.LastWriteTimeUtc).First();
        var raw = File.ReadAllText(file.FullName);
        var body = raw[(raw.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        if (raw.Contains("Content-Transfer-Encoding: base64", StringComparison.OrdinalIgnoreCase))
        {
            body = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(body.Replace("\r\n", string.Empty, StringComparison.Ordinal).Trim()));
        }
        else if (raw.Contains("Content-Transfer-Encoding: quoted-printable", StringComparison.OrdinalIgnoreCase))
        {
            body = System.Text.RegularExpressions.Regex.Replace(body.Replace("=\r\n", string.Empty, StringComparison.Ordinal), "=([0-9A-F]{2})",
                m => ((char)Convert.ToByte(m.Groups[1].Value, 16)).ToString());
        }

        return System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(body, "href=\"([^\"]+)\"").Groups[1].Value);
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>One line at a time in the host-starts file: servers may start side by side (a cluster's two nodes).</summary>
    private static readonly SemaphoreSlim Counted = new(1, 1);

    /// <summary>
    /// Starts a server with no workspace in it (no demo: a journey that wants the demo's data gets a copy of its own,
    /// <see cref="SharedServer.WithDemoAsync"/>).
    /// </summary>
    public static async Task<PsaServer> StartAsync(IDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var data = Path.Combine(Path.GetTempPath(), "psa-e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var start = new ProcessStartInfo(WebExecutable())
        {
            WorkingDirectory = Path.GetDirectoryName(WebExecutable())!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://localhost:{port}";
        start.Environment["Urls"] = $"http://localhost:{port}";
        start.Environment["Psa__DataDirectory"] = data;
        start.Environment["Psa__SeedDemo"] = "false";
        // Journeys sign many people in from one address; the sign-in limiter is proved by Psa.Tests.
        start.Environment["Psa__SignInLimit__AttemptsPerMinute"] = "1000";
        start.Environment["Psa__SignInLimit__AttemptsPerAccountPerMinute"] = "1000";
        // The journeys' SSO provider (oidc-provider) listens on 127.0.0.1 over http.
        start.Environment["Psa__Sso__AllowPrivateAuthorities"] = "true";
        settings ??= new Dictionary<string, string>();
        Apply(settings, start);

        if (Environment.GetEnvironmentVariable("PSA_HOST_STARTS_FILE") is { Length: > 0 } counted)
        {
            await Counted.WaitAsync();
            try
            {
                await File.AppendAllTextAsync(counted, "Psa.Web process" + Environment.NewLine);
            }
            finally
            {
                Counted.Release();
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Psa.Web did not start.");
        var server = new PsaServer(process, port, data, settings);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilHealthyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Runs a command-line verb of the same executable against the same data folder.</summary>
    public Task<(int ExitCode, string Output)> RunCommandAsync(params string[] args) => RunCommandAsync(DataDirectory, _settings, args);

    /// <summary>Runs a command-line verb against a data folder and settings with no server running (set-up before a start).</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(string dataDirectory, IDictionary<string, string> settings, params string[] args)
    {
        var start = new ProcessStartInfo(WebExecutable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Psa__DataDirectory"] = dataDirectory;
        Apply(settings, start);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + error);
    }

    /// <summary>Ends the process at once, as a crash or <c>kill -9</c> would (fault tests).</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    private static void Apply(IDictionary<string, string> settings, ProcessStartInfo start)
    {
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        // Generous: a fresh CI machine migrates and seeds the demo workspace on a cold, busy disk.
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("Psa.Web exited during start:\n" + Log);
            }

            try
            {
                var response = await http.GetAsync($"{PublicUrl}/healthz");
                if (response.StatusCode == HttpStatusCode.OK && Log.Contains("Application started", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("Psa.Web did not become healthy in 180 s:\n" + Log);
    }

    /// <summary>
    /// Keeps the server's console output as a test artifact (<c>artifacts/server-logs</c>), so a journey that
    /// failed on CI can be read afterwards; the test command prints its errors when a project fails.
    /// </summary>
    private void SaveLog()
    {
        try
        {
            var directory = Path.Combine(Path.GetDirectoryName(PageExtensions.ScreenshotDirectory)!, "server-logs");
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, $"psa-web-{DateTime.UtcNow:HHmmss}-{Port}.log"), Log);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A loopback port nothing listens on now (the servers, nginx and Redis of the tests take one each).</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The Psa.Web build of the same configuration and runtime as this build (E2E or benchmarks).</summary>
    public static string WebExecutable()
    {
        // …/<Project>/bin/<Configuration>/<tfm>/<rid>/ → …/Psa.Web/bin/<Configuration>/<tfm>/<rid>/Psa.Web
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var parts = new Stack<string>();
        while (here is not null && here.Name != "bin")
        {
            parts.Push(here.Name);
            here = here.Parent;
        }

        var repository = here?.Parent?.Parent ?? throw new InvalidOperationException("Not running from a bin folder: " + AppContext.BaseDirectory);
        var exe = Path.Combine([repository.FullName, "Psa.Web", "bin", .. parts, OperatingSystem.IsWindows() ? "Psa.Web.exe" : "Psa.Web"]);
        return File.Exists(exe) ? exe : throw new FileNotFoundException("Build Psa.Web first; not found: " + exe);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        SaveLog();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
