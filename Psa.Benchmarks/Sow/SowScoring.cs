using System.Text.Json;
using Psa.Domain.Sow;
using Psa.Infrastructure.Sow;
using Psa.Web.Sow;

namespace Psa.Benchmarks.Sow;

/// <summary>Precision, recall and F1 of one measure.</summary>
public sealed record Score(int TruePositives, int Proposed, int Expected)
{
    public double Precision => Proposed == 0 ? (Expected == 0 ? 1 : 0) : (double)TruePositives / Proposed;

    public double Recall => Expected == 0 ? (Proposed == 0 ? 1 : 0) : (double)TruePositives / Expected;

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public static Score operator +(Score a, Score b) => new(a.TruePositives + b.TruePositives, a.Proposed + b.Proposed, a.Expected + b.Expected);
}

public sealed record DocumentScore(string Document, Score Phases, Score Tasks, Score Estimates, Score Dependencies, Score Milestones)
{
    public static DocumentScore operator +(DocumentScore a, DocumentScore b) =>
        new("overall", a.Phases + b.Phases, a.Tasks + b.Tasks, a.Estimates + b.Estimates, a.Dependencies + b.Dependencies, a.Milestones + b.Milestones);

    public IEnumerable<(string Measure, Score Score)> Measures() =>
        [("phases", Phases), ("tasks", Tasks), ("estimates", Estimates), ("dependencies", Dependencies), ("milestones", Milestones)];
}

/// <summary>
/// Compares a proposal with the expected structure. Phases and tasks match by their words (Dice ≥ 0.5,
/// best pairs first, tasks preferring their own phase); an estimate counts when within 10 %; a dependency
/// when both phases match; a milestone when its phase matches and its percent or amount is the same.
/// </summary>
public static class SowScoring
{
    public const double MatchThreshold = 0.5;

    /// <summary>Reads and extracts one corpus document and scores it against its expected structure.</summary>
    public static DocumentScore Evaluate(string document, string expected)
    {
        var proposal = SowExtractor.Extract(SowFileReader.Read(Path.GetFileName(document), File.ReadAllBytes(document)));
        return Compare(Path.GetFileName(document), proposal, LoadExpected(expected));
    }

    public static SowProposalJson LoadExpected(string path) =>
        JsonSerializer.Deserialize<SowProposalJson>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} is empty.");

    public static DocumentScore Compare(string document, SowProposal proposal, SowProposalJson expected)
    {
        var actual = SowProposalJson.From(proposal);
        var phasePairs = Match(expected.Phases, actual.Phases, p => p.Name, p => p.Name, (_, _) => 0);
        var phaseOf = phasePairs.ToDictionary(p => p.Expected, p => p.Actual);

        var expectedTasks = expected.Phases.SelectMany(p => p.Tasks.Select(t => (Phase: p, Task: t))).ToList();
        var actualTasks = actual.Phases.SelectMany(p => p.Tasks.Select(t => (Phase: p, Task: t))).ToList();
        var taskPairs = Match(expectedTasks, actualTasks, e => e.Task.Title, a => a.Task.Title,
            (e, a) => phaseOf.TryGetValue(e.Phase, out var m) && m == a.Phase ? 0.25 : 0);
        var tasks = new Score(taskPairs.Count, actualTasks.Count, expectedTasks.Count);

        var estimateHits = taskPairs.Count(p => p.Expected.Task.EstimateHours is { } e && p.Actual.Task.EstimateHours is { } a && Math.Abs(a - e) <= e * 0.1m);
        var estimates = new Score(estimateHits, actualTasks.Count(t => t.Task.EstimateHours is not null), expectedTasks.Count(t => t.Task.EstimateHours is not null));

        var expectedDeps = expected.Phases.SelectMany(p => p.DependsOn.Select(d => (p, d))).ToList();
        var actualDeps = actual.Phases.SelectMany(p => p.DependsOn.Select(d => (p.Name, d))).ToHashSet();
        var depHits = expectedDeps.Count(x => phaseOf.TryGetValue(x.p, out var phase) && expected.Phases.FirstOrDefault(e => e.Name == x.d) is { } target
            && phaseOf.TryGetValue(target, out var targetMatch) && actualDeps.Contains((phase.Name, targetMatch.Name)));
        var dependencies = new Score(depHits, actualDeps.Count, expectedDeps.Count);

        var milestoneHits = expected.Phases.Count(p => p.Milestone is { } e && phaseOf.TryGetValue(p, out var a) && a.Milestone is { } m
            && (e.Percent is { } ep ? m.Percent is { } mp && Math.Abs(mp - ep) < 0.01m : m.Amount is { } ma && e.Amount is { } ea && Math.Abs(ma - ea) < 0.01m));
        var milestones = new Score(milestoneHits, actual.Phases.Count(p => p.Milestone is not null), expected.Phases.Count(p => p.Milestone is not null));

        return new DocumentScore(document, new Score(phasePairs.Count, actual.Phases.Count, expected.Phases.Count), tasks, estimates, dependencies, milestones);
    }

    private static List<(TE Expected, TA Actual)> Match<TE, TA>(IReadOnlyList<TE> expected, IReadOnlyList<TA> actual, Func<TE, string> expectedName, Func<TA, string> actualName, Func<TE, TA, double> bonus)
        where TE : notnull
        where TA : notnull
    {
        var candidates = new List<(int E, int A, double Score)>();
        for (var e = 0; e < expected.Count; e++)
        {
            for (var a = 0; a < actual.Count; a++)
            {
                var similarity = SowText.Similarity(expectedName(expected[e]), actualName(actual[a]));
                if (similarity >= MatchThreshold)
                {
                    candidates.Add((e, a, similarity + bonus(expected[e], actual[a])));
                }
            }
        }

        var usedE = new HashSet<int>();
        var usedA = new HashSet<int>();
        var pairs = new List<(TE, TA)>();
        foreach (var (e, a, _) in candidates.OrderByDescending(c => c.Score).ThenBy(c => c.E).ThenBy(c => c.A))
        {
            if (usedE.Add(e))
            {
                if (!usedA.Add(a))
                {
                    usedE.Remove(e);
                    continue;
                }

                pairs.Add((expected[e], actual[a]));
            }
        }

        return pairs;
    }
}

/// <summary>The statements of work written for the tests (tests/sow-corpus), each beside its expected structure.</summary>
public static class SowCorpus
{
    public static string FindFolder()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "sow-corpus");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException("tests/sow-corpus was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Every document with an <c>.expected.json</c> beside it (<c>name.ext</c> → <c>name.ext.expected.json</c>).</summary>
    public static IReadOnlyList<(string Document, string Expected)> Documents()
    {
        var folder = FindFolder();
        return Directory.GetFiles(folder, "*.expected.json").Order(StringComparer.Ordinal)
            .Select(e => (Path.Combine(folder, Path.GetFileName(e)[..^".expected.json".Length]), e))
            .ToList();
    }
}
