using System.Text.Json;
using Microsoft.Extensions.Options;
using Psa.Domain;
using Psa.Infrastructure;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Hosting;

namespace Psa.Web.Cli;

/// <summary>
/// Command-line verbs on the Psa.Web executable. Each exits 0 on success and 2 with a one-line reason
/// on bad input. They use the same services as the web application.
/// </summary>
public static class CommandLine
{
    public const int Ok = 0;
    public const int BadInput = 2;

    private static readonly string[] Verbs = ["tenant", "admin", "migrate", "billing", "import", "sow", "reconcile", "profitability", "help", "--help"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    /// <summary>
    /// True when every argument is something the web host reads: <c>--key=value</c>, <c>--key value</c>
    /// (<c>--urls</c>, configuration overrides such as <c>--Psa:DataDirectory</c>) or <c>key=value</c>.
    /// Anything else — a mistyped verb above all — must not start the server.
    /// </summary>
    public static bool IsHostArguments(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                if (arg.Contains('=', StringComparison.Ordinal))
                {
                    continue;
                }

                if (i + 1 >= args.Length)
                {
                    return false;
                }

                i++;
                continue;
            }

            if (arg.IndexOf('=', StringComparison.Ordinal) <= 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Neither a verb nor host options: says so with the usage on stderr, and exits 2.</summary>
    public static async Task<int> RejectAsync(string[] args, TextWriter error)
    {
        await error.WriteLineAsync($"error: unknown command or option '{string.Join(' ', args.Take(2))}'");
        await error.WriteLineAsync(Usage);
        return BadInput;
    }

    /// <summary>
    /// The host for a verb: logs go to stderr, so stdout carries only the verb's own output (JSON, CSV)
    /// for the program that reads it.
    /// </summary>
    internal static HostApplicationBuilder CreateHostBuilder(Action<HostApplicationBuilder>? configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        configure?.Invoke(builder);
        return builder;
    }

    public static string Usage => """
        Usage: Psa.Web <command>
          tenant create --slug S --name N --admin-email E --admin-password P [--admin-name NAME] [--time-zone Z] [--currency C]
          tenant demo --slug S         a workspace holding the demo's company, team and data (sign in as owner@demo.psa.test / Demo-Password-1)
          tenant list [--json]
          tenant suspend S
          tenant resume S
          admin create --email E --password P
          migrate                      migrate the catalog and every workspace
          billing preview --scenario FILE              bill a psa-scenario/1 file in a throwaway workspace; §7 JSON on stdout
          billing preview --tenant S --period YYYY-MM  what a run would bill, without storing anything
          billing run --tenant S --period YYYY-MM      bill the period (idempotent) and store draft invoices
          import --tenant S --scenario FILE [--with-settings]   load a psa-scenario/1 file into a workspace (all or nothing)
          sow parse --file F [--tenant S] [--json]    propose a project from a statement of work (.docx, .pdf, .md, .txt), creating nothing
          reconcile --tenant S [--as-of YYYY-MM-DD] [--json]             reconciliation findings as of a day (docs/reconciliation.md), storing nothing
          profitability --tenant S --from YYYY-MM --to YYYY-MM [--json]  revenue, cost and margin per client and service line
        Every command takes --output FILE to write what it prints to FILE instead of stdout.
        With no command (or only host options such as --urls URL and --Psa:Setting=value), Psa.Web runs the web application.
        """;

    /// <param name="configure">Lets a test point the command at its own data folder.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Action<HostApplicationBuilder>? configure = null)
    {
        if (Array.IndexOf(args, "--output") is var o and >= 0)
        {
            if (o + 1 >= args.Length || args[o + 1].StartsWith("--", StringComparison.Ordinal))
            {
                return await FailAsync(error, "--output needs a file");
            }

            // Written only when the command succeeds, so a failed run never leaves a half file behind.
            using var buffer = new StringWriter();
            var code = await RunAsync([.. args[..o], .. args[(o + 2)..]], buffer, error, configure);
            if (code == Ok)
            {
                await File.WriteAllTextAsync(args[o + 1], buffer.ToString(), new System.Text.UTF8Encoding(false));
            }

            return code;
        }

        if (args is ["billing", "preview", ..] && Array.IndexOf(args, "--scenario") is var at and >= 0)
        {
            if (at + 1 >= args.Length)
            {
                return await FailAsync(error, "--scenario needs a file");
            }

            return await BillingCommands.ScenarioPreviewAsync(args[at + 1], output, error, configure);
        }

        var builder = CreateHostBuilder(configure);
        PsaWebApp.AddServices(builder.Services, builder.Configuration);
        using var host = builder.Build();
        var services = host.Services;
        try
        {
            if (args[0] is "help" or "--help")
            {
                await output.WriteLineAsync(Usage);
                return Ok;
            }

            var migrator = services.GetRequiredService<DatabaseMigrator>();
            if (args[0] == "migrate")
            {
                var count = await migrator.MigrateAllAsync();
                await output.WriteLineAsync($"Migrated the catalog and {count} workspace(s).");
                return Ok;
            }

            await migrator.MigrateCatalogAsync();
            return (args[0], args.ElementAtOrDefault(1)) switch
            {
                ("tenant", "create") => await TenantCreateAsync(services, Options.Parse(args[2..]), output),
                ("tenant", "demo") => await TenantDemoAsync(services, Options.Parse(args[2..]), output),
                ("tenant", "list") => await TenantListAsync(services, Options.Parse(args[2..]), output),
                ("tenant", "suspend") => await TenantChangeAsync(services, args, output, suspend: true),
                ("tenant", "resume") => await TenantChangeAsync(services, args, output, suspend: false),
                ("admin", "create") => await AdminCreateAsync(services, Options.Parse(args[2..]), output),
                ("import", _) => await ImportAsync(services, Options.Parse(args[1..]), output),
                ("billing", "preview") => await BillingRunAsync(services, Options.Parse(args[2..]), output, preview: true),
                ("billing", "run") => await BillingRunAsync(services, Options.Parse(args[2..]), output, preview: false),
                ("sow", "parse") => await SowParseAsync(services, Options.Parse(args[2..]), output),
                ("reconcile", _) => await ReconcileAsync(services, Options.Parse(args[1..]), output),
                ("profitability", _) => await ProfitabilityAsync(services, Options.Parse(args[1..]), output),
                _ => await FailAsync(error, $"unknown command '{string.Join(' ', args.Take(2))}'; run 'Psa.Web help'"),
            };
        }
        catch (ValidationFailedException ex)
        {
            return await FailAsync(error, string.Join("; ", ex.Errors.Select(e => $"{e.Field}: {e.Message}")));
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateException ex)
        {
            return await FailAsync(error, "the change conflicts with stored data: " + (ex.InnerException?.Message ?? ex.Message));
        }
        catch (DomainException ex)
        {
            return await FailAsync(error, ex.Message);
        }
        catch (UsageException ex)
        {
            return await FailAsync(error, ex.Message);
        }
    }

    private static async Task<int> FailAsync(TextWriter error, string reason)
    {
        await error.WriteLineAsync("error: " + reason);
        return BadInput;
    }

    private static async Task<int> TenantCreateAsync(IServiceProvider services, Options o, TextWriter output)
    {
        var result = await services.GetRequiredService<TenantProvisioner>().ProvisionAsync(new ProvisionRequest(
            o.Required("--name"),
            o.Required("--slug"),
            o.Value("--admin-name") ?? "Owner",
            o.Required("--admin-email"),
            o.Required("--admin-password"),
            o.Value("--time-zone") ?? "UTC",
            o.Value("--currency") ?? "USD"));
        await services.GetRequiredService<PlatformAdministration>().RecordAsync("command line", "create", result.Tenant.Slug.Value, o.Value("--admin-email"));
        await output.WriteLineAsync($"Created workspace '{result.Tenant.Slug}' ({result.Tenant.Name}).");
        return Ok;
    }

    private static async Task<int> TenantDemoAsync(IServiceProvider services, Options o, TextWriter output)
    {
        var tenant = await services.GetRequiredService<DemoSeeder>().CreateAsync(o.Required("--slug"));
        await services.GetRequiredService<PlatformAdministration>().RecordAsync("command line", "create", tenant.Slug.Value, DemoSeeder.OwnerEmail);
        await output.WriteLineAsync($"Created workspace '{tenant.Slug}' ({tenant.Name}) with the demo's team and data; sign in as {DemoSeeder.OwnerEmail} / {DemoSeeder.Password}.");
        return Ok;
    }

    private static async Task<int> TenantListAsync(IServiceProvider services, Options o, TextWriter output)
    {
        var tenants = await services.GetRequiredService<PlatformAdministration>().ListAsync();
        if (o.Flag("--json"))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(tenants.Select(t => new
            {
                slug = t.Slug,
                name = t.Name,
                status = t.Status.ToString().ToLowerInvariant(),
                created = t.CreatedUtc,
                timeZone = t.TimeZone,
                currency = t.Currency,
                users = t.Users,
                databaseBytes = t.DatabaseBytes,
                lastActivity = t.LastActivityUtc,
            }), new JsonSerializerOptions { WriteIndented = true }));
            return Ok;
        }

        await output.WriteLineAsync($"{"SLUG",-24} {"STATUS",-10} {"CREATED",-10} {"USERS",5}  NAME");
        foreach (var t in tenants)
        {
            await output.WriteLineAsync($"{t.Slug,-24} {t.Status.ToString().ToLowerInvariant(),-10} {t.CreatedUtc:yyyy-MM-dd} {t.Users?.ToString() ?? "-",5}  {t.Name}");
        }

        return Ok;
    }

    private static async Task<int> TenantChangeAsync(IServiceProvider services, string[] args, TextWriter output, bool suspend)
    {
        var slug = args.ElementAtOrDefault(2) ?? throw new UsageException($"tenant {(suspend ? "suspend" : "resume")} needs a workspace slug");
        var admin = services.GetRequiredService<PlatformAdministration>();
        if (suspend)
        {
            await admin.SuspendAsync(slug, "command line");
        }
        else
        {
            await admin.ResumeAsync(slug, "command line");
        }

        await output.WriteLineAsync($"Workspace '{slug}' {(suspend ? "suspended" : "resumed")}.");
        return Ok;
    }

    private static async Task<int> AdminCreateAsync(IServiceProvider services, Options o, TextWriter output)
    {
        await services.GetRequiredService<PlatformAdmins>().CreateAsync(o.Required("--email"), o.Required("--password"));
        await output.WriteLineAsync($"Platform administrator '{o.Value("--email")!.Trim().ToLowerInvariant()}' created.");
        return Ok;
    }

    private static Task<int> ImportAsync(IServiceProvider services, Options o, TextWriter output) =>
        BillingCommands.ImportAsync(services, o.Required("--tenant"), o.Required("--scenario"), o.Flag("--with-settings"), output);

    private static Task<int> BillingRunAsync(IServiceProvider services, Options o, TextWriter output, bool preview) =>
        BillingCommands.TenantRunAsync(services, o.Required("--tenant"), o.Required("--period"), preview, output);

    private static Task<int> SowParseAsync(IServiceProvider services, Options o, TextWriter output) =>
        SowCommands.ParseAsync(services, o.Required("--file"), o.Value("--tenant"), o.Flag("--json"), output);

    private static Task<int> ReconcileAsync(IServiceProvider services, Options o, TextWriter output) =>
        ReconciliationCommands.ReconcileAsync(services, o.Required("--tenant"), o.Value("--as-of"), o.Flag("--json"), output);

    private static Task<int> ProfitabilityAsync(IServiceProvider services, Options o, TextWriter output) =>
        ReconciliationCommands.ProfitabilityAsync(services, o.Required("--tenant"), o.Required("--from"), o.Required("--to"), o.Flag("--json"), output);

    internal sealed class UsageException(string message) : Exception(message);

    /// <summary>Parses <c>--name value</c> pairs and bare <c>--flag</c>s.</summary>
    private sealed class Options
    {
        private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

        public static Options Parse(string[] args)
        {
            var o = new Options();
            for (var i = 0; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new UsageException($"unexpected argument '{args[i]}'");
                }

                var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
                o._values[args[i]] = hasValue ? args[++i] : null;
            }

            return o;
        }

        public string? Value(string name) => _values.GetValueOrDefault(name);

        public bool Flag(string name) => _values.ContainsKey(name);

        public string Required(string name) =>
            _values.GetValueOrDefault(name) is { Length: > 0 } value ? value : throw new UsageException($"{name} is required");
    }
}
