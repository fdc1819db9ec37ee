using System.Globalization;
using System.Text.Json;
using Psa.Domain.Billing;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Reconciliation;

namespace Psa.Web.Cli;

/// <summary><c>reconcile --tenant S [--as-of YYYY-MM-DD] [--json]</c> and <c>profitability --tenant S --from YYYY-MM --to YYYY-MM [--json]</c>.</summary>
internal static class ReconciliationCommands
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    public static async Task<int> ReconcileAsync(IServiceProvider services, string slug, string? asOfText, bool json, TextWriter output)
    {
        DateOnly? asOf = null;
        if (asOfText is not null)
        {
            if (!DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                throw new CommandLine.UsageException($"--as-of '{asOfText}' is not a date YYYY-MM-DD");
            }

            asOf = parsed;
        }

        var tenant = await BillingCommands.FindAsync(services, slug);
        await using var scope = services.GetRequiredService<TenantScopeFactory>().Open(tenant);
        var service = scope.ServiceProvider.GetRequiredService<ReconciliationService>();
        var day = asOf ?? service.Today();
        var findings = await service.EvaluateAsync(day);
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new
            {
                asOf = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                findings = findings.Select(f => new { code = f.Code, client = f.ClientCode, @ref = f.Ref, amount = f.Amount }),
            }, Json));
            return CommandLine.Ok;
        }

        await output.WriteLineAsync($"Reconciliation of '{slug}' as of {day:yyyy-MM-dd}: {findings.Count} finding(s)");
        await output.WriteLineAsync($"{"CODE",-24} {"CLIENT",-16} {"REF",-24} {"AMOUNT",12}  DETAIL");
        foreach (var f in findings)
        {
            await output.WriteLineAsync($"{f.Code,-24} {f.ClientCode,-16} {f.Ref,-24} {f.Amount.ToString("0.00", CultureInfo.InvariantCulture),12}  {f.Detail}");
        }

        return CommandLine.Ok;
    }

    public static async Task<int> ProfitabilityAsync(IServiceProvider services, string slug, string fromText, string toText, bool json, TextWriter output)
    {
        if (!BillingPeriod.TryParse(fromText, out var from))
        {
            throw new CommandLine.UsageException($"--from '{fromText}' is not a period YYYY-MM");
        }

        if (!BillingPeriod.TryParse(toText, out var to))
        {
            throw new CommandLine.UsageException($"--to '{toText}' is not a period YYYY-MM");
        }

        if (from.CompareTo(to) > 0)
        {
            throw new CommandLine.UsageException("--from must not be after --to");
        }

        var tenant = await BillingCommands.FindAsync(services, slug);
        await using var scope = services.GetRequiredService<TenantScopeFactory>().Open(tenant);
        var rows = await scope.ServiceProvider.GetRequiredService<ProfitabilityService>().TableAsync(from, to);
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new
            {
                rows = rows.Select(r => new { client = r.Client, serviceLine = r.ServiceLine, revenue = r.Revenue, cost = r.Cost, margin = r.Margin }),
            }, Json));
            return CommandLine.Ok;
        }

        await output.WriteLineAsync($"Profitability of '{slug}', {from} to {to}");
        await output.WriteLineAsync($"{"CLIENT",-16} {"SERVICE LINE",-20} {"REVENUE",12} {"COST",12} {"MARGIN",12} {"MARGIN %",9}");
        foreach (var r in rows)
        {
            await output.WriteLineAsync($"{r.Client,-16} {r.ServiceLine,-20} {r.Revenue.ToString("0.00", CultureInfo.InvariantCulture),12} {r.Cost.ToString("0.00", CultureInfo.InvariantCulture),12} "
                + $"{r.Margin.ToString("0.00", CultureInfo.InvariantCulture),12} {(r.MarginPercent is { } p ? p.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-"),9}");
        }

        return CommandLine.Ok;
    }
}
