using Microsoft.EntityFrameworkCore;
using Psa.Domain.Reconciliation;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Auth;
using Psa.Web.Projects;
using Quartz;

namespace Psa.Web.Reconciliation;

/// <summary>
/// Nightly reconciliation in each workspace's own zone: a tick every ten minutes runs it for every
/// workspace whose local time has passed <see cref="RunAt"/> and that has not run it that local day
/// (so a restart or a missed tick catches up, and a run happens once a day).
/// </summary>
[DisallowConcurrentExecution]
public sealed class ReconciliationJob(TenantDirectory directory, TenantScopeFactory scopes, TimeProvider time, ILogger<ReconciliationJob> logger) : IJob
{
    public static readonly JobKey Key = new("reconciliation-nightly", "reconciliation");

    /// <summary>Local time of day the nightly run is due.</summary>
    public static readonly TimeOnly RunAt = new(2, 0);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        foreach (var tenant in await directory.ListActiveAsync(cancellationToken))
        {
            try
            {
                await RunIfDueAsync(tenant, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Nightly reconciliation failed for {Tenant}", tenant.Slug);
            }
        }
    }

    public async Task<bool> RunIfDueAsync(TenantInfo tenant, CancellationToken ct)
    {
        await using var scope = scopes.Open(tenant);
        var local = TimeZoneInfo.ConvertTime(time.GetUtcNow(), WorkspaceClock.ZoneOf(tenant.TimeZone)).DateTime;
        var today = DateOnly.FromDateTime(local);
        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        var settings = await db.ReconciliationSettings.SingleOrDefaultAsync(ct);
        if (TimeOnly.FromDateTime(local) < RunAt || settings?.LastNightlyRunOn == today)
        {
            return false;
        }

        await scope.ServiceProvider.GetRequiredService<ReconciliationService>().RunAsync(ct);
        if (settings is null)
        {
            settings = new ReconciliationSettings();
            db.ReconciliationSettings.Add(settings);
        }

        settings.LastNightlyRunOn = today;
        await db.SaveChangesAsync(ct);
        return true;
    }

    public static void Schedule(IQuartzBuilder quartz)
    {
        quartz.AddJob<ReconciliationJob>(j => j.WithIdentity(Key).StoreDurably());
        quartz.AddTrigger<ReconciliationJob>((_, t) => t.WithIdentity("reconciliation-tick", "reconciliation").ForJob(Key)
            .StartAt(TimeProvider.System.GetUtcNow().AddMinutes(3))
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(10)).RepeatForever()));
    }
}

public static class ReconciliationServices
{
    /// <summary>Reconciliation findings, their nightly run, and profitability.</summary>
    public static IServiceCollection AddReconciliation(this IServiceCollection services)
    {
        services.AddScoped<ReconciliationService>();
        services.AddScoped<ProfitabilityService>();
        services.AddScoped<MorningViewService>();
        services.AddScoped<ServiceLineService>();
        services.AddQuartz(ReconciliationJob.Schedule);
        return services;
    }
}

/// <summary><c>/profitability/csv?from=&amp;to=</c> for signed-in staff: the table as the page shows it.</summary>
public static class ProfitabilityEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/profitability/csv", async (string? from, string? to, ProfitabilityService service) =>
            {
                if (!Psa.Domain.Billing.BillingPeriod.TryParse(from, out var first) || !Psa.Domain.Billing.BillingPeriod.TryParse(to, out var last))
                {
                    return Results.BadRequest("from and to must be periods YYYY-MM");
                }

                var rows = await service.TableAsync(first, last);
                using var csv = new CsvText("Client", "Client name", "Service line", "Revenue", "Cost", "Margin", "Margin %");
                foreach (var r in rows)
                {
                    csv.Text(r.Client).Text(r.ClientName).Text(r.ServiceLine).Number(r.Revenue, "0.00").Number(r.Cost, "0.00").Number(r.Margin, "0.00");
                    (r.MarginPercent is { } p ? csv.Number(p, "0.00") : csv.Text(null)).EndRow();
                }

                return Results.File(System.Text.Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", $"profitability-{first}-{last}.csv");
            })
            .RequirePermission(Permission.Profitability).ExcludeFromDescription();
}
