using System.Globalization;
using Psa.Domain.Sow;
using Psa.Infrastructure.Sow;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Sow;

namespace Psa.Web.Cli;

/// <summary><c>sow parse --file F [--tenant S] [--json]</c>: the proposal a statement of work yields, creating nothing.</summary>
public static class SowCommands
{
    public static async Task<int> ParseAsync(IServiceProvider services, string file, string? tenantSlug, bool json, TextWriter output)
    {
        var document = await SowFileReader.ReadFileAsync(file);
        var proposal = SowExtractor.Extract(document);
        if (tenantSlug is not null)
        {
            var tenant = await BillingCommands.FindAsync(services, tenantSlug);
            await using var scope = services.GetRequiredService<TenantScopeFactory>().Open(tenant);
            await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
            SowHistory.Seed(proposal, await SowHistory.LoadAsync(db));
        }

        if (json)
        {
            await output.WriteLineAsync(SowProposalJson.From(proposal).ToJson());
            return CommandLine.Ok;
        }

        foreach (var phase in proposal.Phases)
        {
            var after = phase.DependsOn.Count > 0 ? $" (after {string.Join(", ", phase.DependsOn)})" : string.Empty;
            var milestone = phase.Milestone is { } m ? $"; milestone {m.Name}: {(m.Percent is { } p ? (p * 100m).ToString("0.##", CultureInfo.InvariantCulture) + " %" : m.Amount?.ToString("0.00", CultureInfo.InvariantCulture))}" : string.Empty;
            await output.WriteLineAsync($"{phase.Name}{after}{(phase.SignOff ? "; client sign-off" : string.Empty)}{milestone}");
            foreach (var task in phase.Tasks)
            {
                var hours = task.EstimateHours is { } h ? h.ToString("0.##", CultureInfo.InvariantCulture) + " h" : "no estimate";
                var origin = task.Origin == SowOrigin.PastProjects ? " [from past projects]" : string.Empty;
                await output.WriteLineAsync($"  - {task.Title} ({hours}){origin}{(task.EstimateNote is { } note ? $" — {note}" : string.Empty)}");
            }
        }

        foreach (var (label, notes) in new[] { ("Assumptions", proposal.Assumptions), ("Exclusions", proposal.Exclusions) })
        {
            if (notes.Count > 0)
            {
                await output.WriteLineAsync($"{label}: {string.Join("; ", notes.Select(n => n.Text))}");
            }
        }

        foreach (var similar in proposal.SimilarProjects)
        {
            await output.WriteLineAsync($"Similar past project: {similar.Code} ({similar.Score.ToString("0.000", CultureInfo.InvariantCulture)})");
        }

        return CommandLine.Ok;
    }
}
