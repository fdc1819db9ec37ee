namespace Psa.Infrastructure;

/// <summary>The <c>Psa</c> configuration section.</summary>
public sealed class PsaOptions
{
    public const string Section = "Psa";

    /// <summary>Folder for the catalog and per-tenant SQLite files, backups and mail pickup.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Workspaces live at <c>&lt;slug&gt;.&lt;BaseDomain&gt;</c>; the bare domain serves sign-up and platform admin.</summary>
    public string BaseDomain { get; set; } = "localhost";

    /// <summary><c>Sqlite</c> (default), <c>Postgres</c> or <c>SqlServer</c>.</summary>
    public string DatabaseProvider { get; set; } = "Sqlite";

    /// <summary>Server databases only: the catalog connection string.</summary>
    public string? CatalogConnectionString { get; set; }

    /// <summary>Server databases only: a connection string containing <c>{tenant}</c>, replaced by the slug.</summary>
    public string? TenantConnectionStringTemplate { get; set; }

    /// <summary>Scheme used to build links to workspaces (http in development).</summary>
    public string PublicScheme { get; set; } = "http";

    /// <summary>Port appended to workspace links; null means the default port for the scheme.</summary>
    public int? PublicPort { get; set; }

    /// <summary>
    /// The public site's address (<c>https://psa.example.com</c>): every link in an email is built from it
    /// (<c>https://&lt;slug&gt;.psa.example.com/…</c>), never from a request's Host header. Unset: scheme, base
    /// domain and port come from <see cref="PublicScheme"/>, <see cref="BaseDomain"/> and <see cref="PublicPort"/>.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>Create the <c>demo</c> workspace with sample data on first start.</summary>
    public bool SeedDemo { get; set; } = true;

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>This process's name among several nodes, in <c>/healthz</c> and telemetry; the machine name and process id when unset.</summary>
    public string? NodeName { get; set; }

    public string Node => string.IsNullOrWhiteSpace(NodeName) ? $"{Environment.MachineName}:{Environment.ProcessId}" : NodeName;

    public SchedulerOptions Scheduler { get; set; } = new();

    /// <summary>
    /// Addresses of the load balancers in front of the nodes: their <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c> are believed (client address for rate limits and sign-off records, https links).
    /// Empty: the headers are ignored, as with no proxy.
    /// </summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>
    /// Serve <c>/healthz/memory</c> to loopback callers: a full, compacting GC and then the managed heap and
    /// working set, and the Blazor circuits open on this node. For benchmarks only (memory per circuit); off by default.
    /// </summary>
    public bool MemoryDiagnostics { get; set; }

    public bool UsesSqlServer => string.Equals(DatabaseProvider, "SqlServer", StringComparison.OrdinalIgnoreCase);

    public bool UsesPostgres => string.Equals(DatabaseProvider, "Postgres", StringComparison.OrdinalIgnoreCase)
        || string.Equals(DatabaseProvider, "PostgreSQL", StringComparison.OrdinalIgnoreCase);

    /// <summary>A database server (PostgreSQL or SQL Server) rather than SQLite files in the data folder.</summary>
    public bool UsesServerDatabase => UsesSqlServer || UsesPostgres;

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
}

public sealed class SchedulerOptions
{
    /// <summary>
    /// Several nodes share one Quartz schedule in the PostgreSQL catalog (clustered, schema created when
    /// missing), so each job fires on one node and a dead node's triggers are taken over. PostgreSQL only.
    /// </summary>
    public bool Clustered { get; set; }

    /// <summary>How long after start the billing tick first fires (then every ten minutes).</summary>
    public TimeSpan FirstTickAfter { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class SmtpOptions
{
    /// <summary>When set, mail is written as .eml files below this folder instead of being sent.</summary>
    public string? PickupDirectory { get; set; }

    /// <summary>The folder .eml files go to without an SMTP host: the setting, else <c>mail</c> in the data folder.</summary>
    public string PickupFolder(string dataDirectory) =>
        string.IsNullOrWhiteSpace(PickupDirectory) ? Path.Combine(dataDirectory, "mail") : Path.GetFullPath(PickupDirectory);

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public bool EnableSsl { get; set; } = true;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "psa@localhost";
}
