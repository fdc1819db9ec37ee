using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Psa.E2E.Support;

/// <summary>
/// A Redis server of a test's own (Debian's <c>redis-server</c>, installed by scripts/test.sh), on a free loopback
/// port and keeping nothing on disk, which the test may stop and start again on the same port — an outage that
/// touches no other test's Redis.
/// </summary>
public sealed class PrivateRedis : IAsyncDisposable
{
    private Process? _process;

    private PrivateRedis(int port) => Port = port;

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public static string Executable =>
        Environment.GetEnvironmentVariable("PSA_REDIS_SERVER") is { Length: > 0 } path ? path : "/usr/bin/redis-server";

    public static async Task<PrivateRedis> StartAsync()
    {
        var redis = new PrivateRedis(PsaServer.FreePort());
        await redis.StartAgainAsync();
        return redis;
    }

    /// <summary>Starts the server (again) on its port and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"redis-server not found at {Executable} (apt-get install redis-server; scripts/test.sh installs it).");
        }

        var start = new ProcessStartInfo(Executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", Path.GetTempPath() })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"redis-server did not accept connections on port {Port} within 20 s.");
    }

    /// <summary>Kills the server, as a crash or a network cut would look to its clients.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
