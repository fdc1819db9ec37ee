using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Psa.Domain.Sow;
using Psa.Infrastructure.Sow;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Sow;

/// <summary>
/// Reads an uploaded statement of work into a proposal and, inside a workspace, seeds it from the
/// workspace's history (<see cref="SowHistory"/>). Creates nothing.
/// </summary>
public sealed class SowProposalService(TenantDbContextFactory databases, LanguageModelSowExtractor? languageModel = null)
{
    public async Task<SowProposal> ProposeAsync(string fileName, byte[] content, bool seedFromHistory = true, CancellationToken cancellationToken = default)
    {
        var document = SowFileReader.Read(fileName, content);
        var proposal = languageModel is null ? SowExtractor.Extract(document) : await languageModel.ExtractAsync(document, cancellationToken);
        if (seedFromHistory)
        {
            await using var db = databases.Create();
            SowHistory.Seed(proposal, await SowHistory.LoadAsync(db, cancellationToken));
        }

        return proposal;
    }
}

public static class SowModule
{
    public const string ChatClientKey = "sow";

    /// <summary>Statement of work → project proposal; with <c>Psa:Sow:LanguageModel:Enabled</c>, read by a chat model first.</summary>
    public static IServiceCollection AddSow(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<SowProposalService>();
        services.AddScoped<SowProjectService>();
        var options = configuration.GetSection(SowLanguageModelOptions.Section).Get<SowLanguageModelOptions>() ?? new SowLanguageModelOptions();
        if (!options.Enabled)
        {
            return services;
        }

        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || string.IsNullOrWhiteSpace(options.ApiKey))
        {
            throw new InvalidOperationException($"{SowLanguageModelOptions.Section}:Enabled is true, so {SowLanguageModelOptions.Section}:Endpoint (an absolute URL) and :ApiKey must be set.");
        }

        services.AddSingleton(options);
        services.AddKeyedSingleton<IChatClient>(ChatClientKey, (_, _) =>
            new OpenAI.Chat.ChatClient(options.Model, new System.ClientModel.ApiKeyCredential(options.ApiKey!), new OpenAI.OpenAIClientOptions { Endpoint = endpoint }).AsIChatClient());
        services.AddSingleton(provider => new LanguageModelSowExtractor(provider.GetRequiredKeyedService<IChatClient>(ChatClientKey), options, provider.GetRequiredService<ILogger<LanguageModelSowExtractor>>()));
        return services;
    }
}

/// <summary>A delivered (or running) project as history sees it: its words, and per task what was estimated and what was spent.</summary>
public sealed record PastProject(Guid Id, string Code, string Name, string? ProjectType, string Text, IReadOnlyList<PastTask> Tasks);

public sealed record PastTask(string Phase, int PhaseIndex, int PhaseCount, string Title, decimal? EstimateHours, decimal ActualHours);

/// <summary>
/// Seeding from history: ranks past projects by TF-IDF cosine between their phase and task names and
/// descriptions and the SOW's text, keeps the best ones of the best one's type, fills gaps with the tasks
/// most of them had ("from past projects"), and replaces SOW estimates with what similar tasks actually took.
/// </summary>
public static class SowHistory
{
    public const int MaxSimilar = 3;
    public const decimal MinScore = 0.05m;
    public const double TaskMatch = 0.5;

    public static async Task<IReadOnlyList<PastProject>> LoadAsync(TenantDbContext db, CancellationToken cancellationToken = default)
    {
        var projects = await db.Projects.AsNoTracking().ToListAsync(cancellationToken);
        var phases = await db.ProjectPhases.AsNoTracking().ToListAsync(cancellationToken);
        var tasks = await db.ProjectTasks.AsNoTracking().ToListAsync(cancellationToken);
        var actual = await db.TimeEntries.AsNoTracking().Where(e => e.TaskId != null)
            .GroupBy(e => e.TaskId!.Value).Select(g => new { g.Key, Minutes = g.Sum(e => e.Minutes) }).ToDictionaryAsync(x => x.Key, x => x.Minutes, cancellationToken);
        return projects.Select(p =>
        {
            var projectPhases = phases.Where(f => f.ProjectId == p.Id).OrderBy(f => f.Order).ToList();
            var projectTasks = tasks.Where(t => t.ProjectId == p.Id).OrderBy(t => t.Order).ToList();
            var past = projectTasks.Select(t =>
            {
                var index = projectPhases.FindIndex(f => f.Id == t.PhaseId);
                return new PastTask(index >= 0 ? projectPhases[index].Name : string.Empty, Math.Max(0, index), Math.Max(1, projectPhases.Count), t.Title,
                    t.EstimateMinutes / 60m, actual.GetValueOrDefault(t.Id) / 60m);
            }).ToList();
            var text = string.Join(' ', new[] { p.Name, p.ProjectType, p.Description }.Concat(projectPhases.Select(f => f.Name)).Concat(projectTasks.SelectMany(t => new[] { t.Title, t.Description })).Where(s => !string.IsNullOrWhiteSpace(s)));
            return new PastProject(p.Id, p.Code, p.Name, p.ProjectType, text, past);
        }).Where(p => p.Tasks.Count > 0).ToList();
    }

    public static void Seed(SowProposal proposal, IReadOnlyList<PastProject> history)
    {
        var similar = Rank(proposal, history);
        proposal.SimilarProjects = similar.Select(s => new SimilarProject(s.Project.Id, s.Project.Code, s.Project.Name, s.Project.ProjectType, s.Score)).ToList();
        proposal.ProjectType = similar.FirstOrDefault().Project?.ProjectType;
        if (similar.Count == 0 || proposal.Phases.Count == 0)
        {
            return;
        }

        var projects = similar.Select(s => s.Project).ToList();
        AdjustEstimates(proposal, projects);
        FillGaps(proposal, projects);
    }

    /// <summary>Past projects by cosine similarity of TF-IDF vectors; the best ones of the same type as the best.</summary>
    public static List<(PastProject Project, decimal Score)> Rank(SowProposal proposal, IReadOnlyList<PastProject> history)
    {
        if (history.Count == 0)
        {
            return [];
        }

        var documents = history.Select(h => Terms(h.Text)).ToList();
        var query = Terms(string.Join(' ', proposal.Phases.Select(p => p.Name).Concat(proposal.Tasks.Select(t => t.Title)).Append(proposal.SourceText)));
        var idf = documents.SelectMany(d => d.Keys).Concat(query.Keys).Distinct()
            .ToDictionary(t => t, t => Math.Log((1.0 + documents.Count) / (1.0 + documents.Count(d => d.ContainsKey(t)))) + 1.0);
        var q = Weigh(query, idf);
        var ranked = history.Select((h, i) => (Project: h, Score: (decimal)Math.Round(Cosine(q, Weigh(documents[i], idf)), 3)))
            .Where(x => x.Score >= MinScore)
            .OrderByDescending(x => x.Score).ThenBy(x => x.Project.Code, StringComparer.Ordinal)
            .ToList();
        var type = ranked.FirstOrDefault().Project?.ProjectType;
        return ranked.Where(x => type is null || string.Equals(x.Project.ProjectType, type, StringComparison.OrdinalIgnoreCase)).Take(MaxSimilar).ToList();
    }

    /// <summary>"SOW says 16 h; similar projects took 21 h on average": the average actual hours of the matching past tasks.</summary>
    private static void AdjustEstimates(SowProposal proposal, List<PastProject> projects)
    {
        foreach (var task in proposal.Tasks)
        {
            var spent = projects.SelectMany(p => p.Tasks).Where(t => t.ActualHours > 0 && SowText.Similarity(t.Title, task.Title) >= TaskMatch).Select(t => t.ActualHours).ToList();
            if (spent.Count == 0)
            {
                continue;
            }

            task.SowEstimateHours = task.EstimateHours;
            task.HistoryHours = Math.Round(spent.Average(), 2, MidpointRounding.AwayFromZero);
            task.EstimateHours = Math.Round(task.HistoryHours.Value * 4m, MidpointRounding.AwayFromZero) / 4m;
        }
    }

    /// <summary>Tasks most similar projects had that the SOW does not mention (a "Decommission old server" every migration had).</summary>
    private static void FillGaps(SowProposal proposal, List<PastProject> projects)
    {
        var needed = (projects.Count + 1) / 2;
        var candidates = new List<(PastTask Task, HashSet<Guid> Projects, List<decimal> Hours)>();
        foreach (var project in projects)
        {
            foreach (var task in project.Tasks.Where(t => !proposal.Tasks.Any(s => SowText.Similarity(s.Title, t.Title) >= TaskMatch)))
            {
                var existing = candidates.FindIndex(c => SowText.Similarity(c.Task.Title, task.Title) >= 0.6);
                if (existing < 0)
                {
                    candidates.Add((task, [project.Id], [task.ActualHours > 0 ? task.ActualHours : task.EstimateHours ?? 0]));
                }
                else if (candidates[existing].Projects.Add(project.Id))
                {
                    candidates[existing].Hours.Add(task.ActualHours > 0 ? task.ActualHours : task.EstimateHours ?? 0);
                }
            }
        }

        foreach (var (task, _, hours) in candidates.Where(c => c.Projects.Count >= needed))
        {
            var phase = proposal.Phases.Select(p => (Phase: p, Score: SowText.Similarity(p.Name, task.Phase))).Where(x => x.Score >= TaskMatch).OrderByDescending(x => x.Score).FirstOrDefault().Phase
                ?? (task.PhaseIndex + 1 == task.PhaseCount ? proposal.Phases[^1] : proposal.Phases[Math.Min(proposal.Phases.Count - 1, task.PhaseIndex * proposal.Phases.Count / task.PhaseCount)]);
            var average = hours.Count == 0 ? 0 : Math.Round(hours.Average(), 2, MidpointRounding.AwayFromZero);
            phase.Tasks.Add(new SowTask
            {
                Title = task.Title,
                EstimateHours = average > 0 ? Math.Round(average * 4m, MidpointRounding.AwayFromZero) / 4m : null,
                HistoryHours = average > 0 ? average : null,
                Origin = SowOrigin.PastProjects,
            });
        }
    }

    private static Dictionary<string, int> Terms(string text)
    {
        var terms = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var stem in SowText.Words(text))
        {
            terms[stem] = terms.GetValueOrDefault(stem) + 1;
        }

        return terms;
    }

    private static Dictionary<string, double> Weigh(Dictionary<string, int> terms, Dictionary<string, double> idf) =>
        terms.ToDictionary(t => t.Key, t => (1.0 + Math.Log(t.Value)) * idf[t.Key]);

    private static double Cosine(Dictionary<string, double> a, Dictionary<string, double> b)
    {
        var dot = a.Where(x => b.ContainsKey(x.Key)).Sum(x => x.Value * b[x.Key]);
        var norm = Math.Sqrt(a.Values.Sum(v => v * v)) * Math.Sqrt(b.Values.Sum(v => v * v));
        return norm == 0 ? 0 : dot / norm;
    }
}
