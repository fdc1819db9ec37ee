using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Psa.Infrastructure.Tenancy;

namespace Psa.Tests.Support;

/// <summary>
/// The real application over real SQLite files in a fresh temporary folder. Hosts are
/// <c>&lt;slug&gt;.localhost</c>, exactly as in production. With <c>PSA_TEST_POSTGRES</c> set to a
/// PostgreSQL connection string without a database (scripts/test.sh starts a private cluster), the
/// same application runs on PostgreSQL instead: a catalog and a database per workspace, named with a
/// prefix of this host's own and dropped when it is disposed.
/// </summary>
public class PsaAppFactory : WebApplicationFactory<Program>
{
    public const string PostgresVariable = "PSA_TEST_POSTGRES";

    private readonly string _databasePrefix;
    private bool _keepData;
    private int _slugs;

    public PsaAppFactory()
        : this(Path.Combine(Path.GetTempPath(), "psa-tests", Guid.NewGuid().ToString("N")), "t" + Guid.NewGuid().ToString("N")[..12])
    {
    }

    private PsaAppFactory(string dataDirectory, string databasePrefix)
    {
        DataDirectory = dataDirectory;
        _databasePrefix = databasePrefix;
    }

    public string DataDirectory { get; }

    /// <summary>Stops this host and starts a new one on the same databases and files, as a restart of the server does.</summary>
    public PsaAppFactory Restart()
    {
        var next = new PsaAppFactory(DataDirectory, _databasePrefix);
        foreach (var (key, value) in Settings)
        {
            next.Settings[key] = value;
        }

        _keepData = true;
        Dispose();
        return next;
    }

    /// <summary>The server connection string when the suite runs on PostgreSQL, else null.</summary>
    public static string? Postgres => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs ? cs : null;

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Psa:SeedDemo"] = "false",
        ["Psa:Api:RequestsPerMinute"] = "1000",
        ["Psa:SignInLimit:AttemptsPerMinute"] = "1000",
        ["Psa:SignInLimit:AttemptsPerAccountPerMinute"] = "1000",
        // The test server speaks http; the token endpoint asks for https outside Development.
        ["Psa:OAuth:AllowHttp"] = "true",
    };

    public Action<IServiceCollection>? ConfigureTestServices { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Psa:DataDirectory", DataDirectory);
        if (Postgres is { } server)
        {
            builder.UseSetting("Psa:DatabaseProvider", "Postgres");
            builder.UseSetting("Psa:CatalogConnectionString", $"{server};Database={_databasePrefix}_catalog");
            builder.UseSetting("Psa:TenantConnectionStringTemplate", $"{server};Database={_databasePrefix}_{{tenant}}");
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => ConfigureTestServices?.Invoke(services));
        // Last: what the host is built from, so bUnit contexts can be made from the same registrations.
        builder.ConfigureTestServices(services => Registrations = [.. services]);
    }

    /// <summary>The app's own service registrations, as this host was built from them (<c>ComponentTestContext</c> copies them).</summary>
    public IReadOnlyList<ServiceDescriptor> Registrations { get; private set; } = [];

    /// <summary>Each host this factory builds (the test command counts them: <c>PSA_HOST_STARTS_FILE</c>).</summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        if (Environment.GetEnvironmentVariable("PSA_HOST_STARTS_FILE") is { Length: > 0 } file)
        {
            File.AppendAllText(file, GetType().Name + Environment.NewLine);
        }

        return base.CreateHost(builder);
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>
    /// A workspace address no other test of this host has used. A test class shares one host
    /// (<c>IClassFixture&lt;PsaAppFactory&gt;</c>) and each test works in workspaces of its own: tenancy keeps them apart.
    /// </summary>
    public string NewSlug(string stem) => $"{stem}-{Interlocked.Increment(ref _slugs)}";

    /// <summary>Creates a workspace the way sign-up does.</summary>
    public async Task<ProvisionResult> CreateTenantAsync(string slug, string ownerEmail = "owner@example.com", string password = TestData.Password)
    {
        _ = Server; // start the host (migrations run on start)
        return await Service<TenantProvisioner>().ProvisionAsync(new ProvisionRequest(
            $"{slug} IT", slug, "Owner " + slug, ownerEmail, password, "Europe/London", "GBP"));
    }

    public HttpClient ClientFor(string? slug, bool followRedirects = false) => CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri(slug is null ? "http://localhost" : $"http://{slug}.localhost"),
        AllowAutoRedirect = followRedirects,
        HandleCookies = true,
    });

    /// <summary>Signs in through the real sign-in form and returns the client holding the cookie.</summary>
    public async Task<HttpClient> SignedInClientAsync(string slug, string email, string password = TestData.Password)
    {
        var client = ClientFor(slug);
        var response = await FormPostAsync(client, "/signin", "signin", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in failed: {response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
        }

        return client;
    }

    /// <summary>Posts a static server-rendered Blazor form, with its antiforgery token.</summary>
    public static async Task<HttpResponseMessage> FormPostAsync(HttpClient client, string path, string formName, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(path);
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        if (token.Length == 0)
        {
            token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        }

        var form = new Dictionary<string, string>(fields) { ["_handler"] = formName, ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) };
        using var content = new FormUrlEncodedContent(form);
        return await client.PostAsync(path, content);
    }

    /// <summary>The newest message of the workspace's pickup folder (no SMTP in tests), with its attachments.</summary>
    public DeliveredMail LastDeliveredMessage(string slug) => PickupMail.Newest(Path.Combine(DataDirectory, "mail", slug));

    /// <summary>
    /// The newest message's HTML, decoded: the recipient's copy, the only place a live reset or invitation link exists.
    /// </summary>
    public string LastDeliveredMail(string slug) => LastDeliveredMessage(slug).Html;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (_keepData)
        {
            return;
        }

        if (Postgres is { } server)
        {
            PostgresTestDatabases.Drop(server, _databasePrefix);
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on some platforms; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>Whether the workspace's database exists: its SQLite file, or its PostgreSQL database.</summary>
    public bool TenantDatabaseExists(string slug)
    {
        if (Postgres is not { } server)
        {
            return File.Exists(Path.Combine(DataDirectory, "tenants", slug + ".db"));
        }

        using var connection = new NpgsqlConnection($"{server};Database=postgres;Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", $"{_databasePrefix}_{slug}");
        return (long)command.ExecuteScalar()! == 1;
    }
}

public static class TestData
{
    public const string Password = "Correct-Horse-9";
}
