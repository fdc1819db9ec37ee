using System.Diagnostics;

namespace Psa.E2E.Support;

/// <summary>
/// A PostgreSQL cluster of a test's own (scripts/postgres-cluster.sh in a temp folder), which the test may halt
/// (immediate shutdown, as a crash looks to its clients) and start again on the same port — an outage that touches
/// no other test's database.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _directory;

    private PrivatePostgres(string directory, string connectionString)
    {
        _directory = directory;
        ConnectionString = connectionString;
    }

    /// <summary>A connection string without a database, as <c>PSA_TEST_POSTGRES</c>.</summary>
    public string ConnectionString { get; }

    public static async Task<PrivatePostgres> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "psa-pg-" + Guid.NewGuid().ToString("N")[..12]);
        // Commits wait for the WAL: an immediate shutdown is a crash, and must not lose what was acknowledged.
        return new PrivatePostgres(directory, (await RunAsync("start", directory, "-c synchronous_commit=on")).Trim());
    }

    public Task HaltAsync() => RunAsync("halt", _directory);

    public Task StartAgainAsync() => RunAsync("resume", _directory);

    private static async Task<string> RunAsync(string command, string directory, string options = "")
    {
        var start = new ProcessStartInfo(Path.Combine(NginxProxy.RepositoryRoot(), "scripts", "postgres-cluster.sh"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PSA_POSTGRES_OPTIONS"] = options;
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(directory);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("scripts/postgres-cluster.sh did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"scripts/postgres-cluster.sh {command} failed ({process.ExitCode}): {await error}");
    }

    public async ValueTask DisposeAsync() => await RunAsync("stop", _directory);
}
