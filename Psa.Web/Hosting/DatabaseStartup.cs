using Microsoft.Extensions.Options;
using Psa.Infrastructure;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Hosting;

/// <summary>
/// Runs before the server takes requests and before the scheduler starts: migrates the catalog and
/// every workspace, and creates the demo workspace on first start.
/// </summary>
public sealed class DatabaseStartup(DatabaseMigrator migrator, DemoSeeder demo, IOptions<PsaOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAllAsync(cancellationToken);
        if (options.Value.SeedDemo)
        {
            await demo.EnsureDemoAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
