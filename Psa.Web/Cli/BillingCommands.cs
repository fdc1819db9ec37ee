using Psa.Domain;
using Microsoft.Data.Sqlite;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Scenarios;
using Psa.Domain.Tenancy;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Billing;
using Psa.Web.Hosting;

namespace Psa.Web.Cli;

/// <summary>
/// <c>billing preview --scenario FILE</c>, <c>billing preview|run --tenant S --period P</c> and
/// <c>import --tenant S --scenario FILE</c>. The scenario preview imports the file into a throwaway
/// workspace (its own temporary data folder, deleted afterwards) and runs the product's billing run on it.
/// </summary>
internal static class BillingCommands
{
    public const string PreviewSlug = "preview";

    public static async Task<int> ScenarioPreviewAsync(string scenarioFile, TextWriter output, TextWriter error, Action<HostApplicationBuilder>? configure)
    {
        if (!File.Exists(scenarioFile))
        {
            await error.WriteLineAsync($"error: no scenario file '{scenarioFile}'");
            return CommandLine.BadInput;
        }

        var read = ScenarioReader.Read(await File.ReadAllTextAsync(scenarioFile));
        if (!read.IsValid)
        {
            foreach (var problem in read.Problems)
            {
                await error.WriteLineAsync($"error: {problem.Path}: {problem.Message}");
            }

            return CommandLine.BadInput;
        }

        var folder = Path.Combine(Path.GetTempPath(), "psa-preview-" + Guid.NewGuid().ToString("N"));
        try
        {
            var builder = CommandLine.CreateHostBuilder(configure);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Psa:DataDirectory"] = folder,
                ["Psa:DatabaseProvider"] = "Sqlite",
                ["Psa:SeedDemo"] = "false",
            });
            PsaWebApp.AddServices(builder.Services, builder.Configuration);
            using var host = builder.Build();
            var input = read.Input!;
            var tenant = new TenantInfo(TenantSlug.Parse(PreviewSlug), "Preview", TenantStatus.Active,
                input.Tenant.TimeZone.Length > 0 ? input.Tenant.TimeZone : "UTC", input.Tenant.Currency.Length > 0 ? input.Tenant.Currency : "USD");
            await using var scope = host.Services.GetRequiredService<TenantScopeFactory>().Open(tenant);
            await using (var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create())
            {
                await TenantProvisioner.MigrateAsync(db);
            }

            try
            {
                await scope.ServiceProvider.GetRequiredService<ScenarioImportService>().ImportAsync(input, includeSettings: true);
            }
            catch (ValidationFailedException ex)
            {
                foreach (var e in ex.Errors)
                {
                    await error.WriteLineAsync($"error: {e.Field}: {e.Message}");
                }

                return CommandLine.BadInput;
            }

            var outcome = await scope.ServiceProvider.GetRequiredService<BillingRunService>().PreviewAsync(input.Period);
            await output.WriteLineAsync(BillingResultJson.Serialize(outcome.Result));
            return CommandLine.Ok;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean up with the temp folder.
            }
        }
    }

    public static async Task<int> ImportAsync(IServiceProvider services, string slug, string scenarioFile, bool withSettings, TextWriter output)
    {
        var tenant = await FindAsync(services, slug);
        if (!File.Exists(scenarioFile))
        {
            throw new CommandLine.UsageException($"no scenario file '{scenarioFile}'");
        }

        await using var scope = services.GetRequiredService<TenantScopeFactory>().Open(tenant);
        var summary = await scope.ServiceProvider.GetRequiredService<ScenarioImportService>()
            .ImportJsonAsync(await File.ReadAllTextAsync(scenarioFile), withSettings);
        await output.WriteLineAsync($"Imported into '{slug}': {summary.Clients} client(s), {summary.Products} product(s), {summary.Agreements} agreement(s), "
            + $"{summary.GlRules} GL rule(s), {summary.TimeEntries} time entr(ies), {summary.Projects} project(s).");
        return CommandLine.Ok;
    }

    public static async Task<int> TenantRunAsync(IServiceProvider services, string slug, string periodText, bool preview, TextWriter output)
    {
        var tenant = await FindAsync(services, slug);
        if (!BillingPeriod.TryParse(periodText, out var period))
        {
            throw new CommandLine.UsageException($"--period '{periodText}' is not a period YYYY-MM");
        }

        await using var scope = services.GetRequiredService<TenantScopeFactory>().Open(tenant);
        var runs = scope.ServiceProvider.GetRequiredService<BillingRunService>();
        var outcome = preview ? await runs.PreviewAsync(period) : await runs.RunAsync(period, "cli");
        await output.WriteLineAsync(BillingResultJson.Serialize(outcome.Result));
        return CommandLine.Ok;
    }

    internal static async Task<TenantInfo> FindAsync(IServiceProvider services, string slug)
    {
        if (!TenantSlug.TryParse(slug, out var parsed, out var problem))
        {
            throw new CommandLine.UsageException(problem);
        }

        var tenant = await services.GetRequiredService<TenantDirectory>().FindAsync(parsed!)
            ?? throw new CommandLine.UsageException($"no workspace '{slug}'");
        await using (var scope = services.GetRequiredService<TenantScopeFactory>().Open(tenant))
        await using (var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create())
        {
            await TenantProvisioner.MigrateAsync(db);
        }

        return tenant;
    }
}
