using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Psa.E2E.Support;

/// <summary>
/// A private nginx running the repository's <c>deploy/nginx.conf</c> (sticky route cookie, WebSocket upgrade)
/// in front of the given nodes, on a free loopback port, with its logs and temp files in a folder of its own.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    private readonly Process _process;

    private NginxProxy(Process process, int port, string directory)
    {
        _process = process;
        Port = port;
        Directory = directory;
    }

    public int Port { get; }

    public string Directory { get; }

    public string WorkspaceUrl(string slug) => $"http://{slug}.localhost:{Port}";

    public static string Executable =>
        Environment.GetEnvironmentVariable("PSA_NGINX") is { Length: > 0 } path ? path : "/usr/sbin/nginx";

    public static async Task<NginxProxy> StartAsync(IReadOnlyList<int> nodePorts)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"nginx not found at {Executable} (apt-get install nginx; scripts/test.sh installs it).");
        }

        var port = PsaServer.FreePort();
        var directory = Path.Combine(Path.GetTempPath(), "psa-nginx", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var template = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "deploy", "nginx.conf"));
        var nodes = string.Join("\n", nodePorts.Select(p => $"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;"));
        var config = Replace(template, "error_log /var/log/nginx/psa-error.log warn;", $"error_log {directory}/error.log warn;");
        config = Replace(config, "pid /run/nginx-psa.pid;", $"pid {directory}/nginx.pid;");
        config = Replace(config, "access_log /var/log/nginx/psa-access.log;", $"access_log {directory}/access.log;");
        config = Replace(config, "        server app1:8080 max_fails=1 fail_timeout=10s;\n        server app2:8080 max_fails=1 fail_timeout=10s;", nodes);
        config = Replace(config, "listen 80;", $"listen 127.0.0.1:{port};");
        var file = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(file, config);

        var start = new ProcessStartInfo(Executable) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-p", directory, "-c", file, "-e", Path.Combine(directory, "error.log"), "-g", "daemon off;" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
        var proxy = new NginxProxy(process, port, directory);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                var log = File.Exists(Path.Combine(directory, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(directory, "error.log")) : string.Empty;
                throw new InvalidOperationException($"nginx exited: {await process.StandardError.ReadToEndAsync()}\n{log}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return proxy;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        await proxy.DisposeAsync();
        throw new TimeoutException("nginx did not listen within 20 s.");
    }

    /// <summary>nginx's error log: a node that refused a request shows here.</summary>
    public string ErrorLog => File.Exists(Path.Combine(Directory, "error.log")) ? File.ReadAllText(Path.Combine(Directory, "error.log")) : string.Empty;

    private static string Replace(string text, string what, string with) =>
        text.Contains(what, StringComparison.Ordinal)
            ? text.Replace(what, with, StringComparison.Ordinal)
            : throw new InvalidOperationException($"deploy/nginx.conf no longer contains '{what}'; update NginxProxy.");

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Psa.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root (Psa.sln) not found from " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
