using Psa.Tests.Support;
using Shouldly;

namespace Psa.E2E.Support;

/// <summary>
/// Two real Psa.Web processes on one PostgreSQL catalog and one Redis, behind the repository's nginx
/// configuration, with an <c>acme</c> workspace made by the command line. PostgreSQL is the private server
/// scripts/test.sh starts (<c>PSA_TEST_POSTGRES</c>: a connection string without a database), in databases of this
/// cluster's own (dropped when it is disposed). Redis is a <see cref="PrivateRedis"/> of the cluster's own unless the
/// test gives <c>Psa:Redis</c>: clusters run side by side, and one deployment's live updates must not reach another's.
/// </summary>
public sealed class TwoNodeCluster : IAsyncDisposable
{
    public const string Slug = "acme";
    public const string OwnerEmail = "owner@acme.test";
    public const string Password = "Two-Nodes-Pass-42";

    private readonly string _postgres;
    private readonly string _databasePrefix;

    private readonly PrivateRedis? _redis;

    private TwoNodeCluster(string postgres, string databasePrefix, PrivateRedis? redis, PsaServer a, PsaServer b, NginxProxy proxy)
    {
        _postgres = postgres;
        _redis = redis;
        _databasePrefix = databasePrefix;
        A = a;
        B = b;
        Proxy = proxy;
    }

    public PsaServer A { get; }

    public PsaServer B { get; }

    public NginxProxy Proxy { get; }

    /// <param name="postgres">A PostgreSQL of the test's own (<see cref="PrivatePostgres"/>) instead of <c>PSA_TEST_POSTGRES</c>.</param>
    /// <param name="beforeNodes">
    /// Set-up done after the workspace is made and before either node starts (the command line and the catalog, as an
    /// operator would): a test whose scheduler must not tick before it is ready loads its data here.
    /// </param>
    public static async Task<TwoNodeCluster> StartAsync(IDictionary<string, string>? extraSettings = null, string? postgres = null, Func<ClusterSetup, Task>? beforeNodes = null)
    {
        postgres ??= Required("PSA_TEST_POSTGRES");
        var prefix = "n" + Guid.NewGuid().ToString("N")[..12];
        var settings = new Dictionary<string, string>
        {
            ["Psa:DatabaseProvider"] = "Postgres",
            ["Psa:CatalogConnectionString"] = $"{postgres};Database={prefix}_catalog",
            ["Psa:TenantConnectionStringTemplate"] = $"{postgres};Database={prefix}_{{tenant}}",
            ["Psa:KnownProxies:0"] = "127.0.0.1",
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        // Each node its own home folder, as on its own machine: the framework's default key folder is not shared.
        Dictionary<string, string> Node(string name) => new(settings) { ["HOME"] = Path.Combine(Path.GetTempPath(), "psa-nodes", prefix, name) };
        PrivateRedis? redis = null;
        Task<PsaServer>? a = null;
        Task<PsaServer>? b = null;
        try
        {
            if (!settings.ContainsKey("Psa:Redis"))
            {
                redis = await PrivateRedis.StartAsync();
                settings["Psa:Redis"] = redis.Address;
            }

            // The workspace is made by the command line before the nodes start (it migrates the catalog itself).
            var setup = new ClusterSetup(Path.Combine(Path.GetTempPath(), "psa-nodes", prefix, "setup"), Node("setup"), $"{postgres};Database={prefix}_catalog;Pooling=false");
            Directory.CreateDirectory(setup.DataDirectory);
            var (code, output) = await setup.RunCommandAsync("tenant", "create", "--slug", Slug, "--name", "Acme IT", "--admin-email", OwnerEmail,
                "--admin-password", Password, "--admin-name", "Olive Owner");
            code.ShouldBe(0, output);
            if (beforeNodes is not null)
            {
                await beforeNodes(setup);
            }

            // Both nodes start together, as an orchestrator starts them. The cluster owns them and the proxy from
            // here (a failure before disposes whatever started, below).
#pragma warning disable CA2000
            a = PsaServer.StartAsync(settings: Node("a"));
            b = PsaServer.StartAsync(settings: Node("b"));
            var nodes = await Task.WhenAll(a, b);
            var proxy = await NginxProxy.StartAsync([nodes[0].Port, nodes[1].Port]);
#pragma warning restore CA2000
            return new TwoNodeCluster(postgres, prefix, redis, nodes[0], nodes[1], proxy);
        }
        catch
        {
            foreach (var node in new[] { a, b })
            {
                if (node is not null)
                {
                    try
                    {
                        await (await node).DisposeAsync();
                    }
                    catch (Exception) when (!node.IsCompletedSuccessfully)
                    {
                        // That node never started (its own failure disposed it).
                    }
                }
            }

            if (redis is not null)
            {
                await redis.DisposeAsync();
            }

            PostgresTestDatabases.Drop(postgres, prefix);
            throw;
        }
    }

    /// <summary>One value from the cluster's catalog database.</summary>
    public async Task<long> CatalogCountAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection($"{_postgres};Database={_databasePrefix}_catalog;Pooling=false");
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>One value from the workspace's database (<see cref="Slug"/>).</summary>
    public async Task<object?> WorkspaceScalarAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection($"{_postgres};Database={_databasePrefix}_{Slug};Pooling=false");
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    /// <summary>The name of the workspace's database (what <c>pg_stat_activity.datname</c> shows).</summary>
    public string WorkspaceDatabase => $"{_databasePrefix}_{Slug}";

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set: the two-node tests run from scripts/test.sh, which installs PostgreSQL, Redis and nginx and starts PostgreSQL.");

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await A.DisposeAsync();
        await B.DisposeAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        PostgresTestDatabases.Drop(_postgres, _databasePrefix);
        try
        {
            Directory.Delete(Path.Combine(Path.GetTempPath(), "psa-nodes", _databasePrefix), recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}

/// <summary>What a two-node test may do before the nodes start: the command line on the cluster's settings, and the catalog.</summary>
public sealed class ClusterSetup(string dataDirectory, IDictionary<string, string> settings, string catalog)
{
    public string DataDirectory { get; } = dataDirectory;

    public Task<(int ExitCode, string Output)> RunCommandAsync(params string[] args) => PsaServer.RunCommandAsync(DataDirectory, settings, args);

    /// <summary>Changes the catalog as an operator would.</summary>
    public async Task CatalogExecuteAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(catalog);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
