using System.Globalization;
using System.Text;
using Psa.Domain.Engineers;

namespace Psa.Domain.Projects.Routing;

/// <summary>How tasks without an assignee get one, chosen per template or project.</summary>
public enum RoutingMode
{
    Manual = 0,
    LoadBalancing = 1,
    RoundRobin = 2,
    SkillsBased = 3,
}

public sealed record RoutingRequest(string Title, string? Description, DateOnly? Start, DateOnly? Due, decimal EstimateHours);

/// <summary>Who gets the task and why ("skills: Azure 5; available; 6 h queued"). No engineer when nobody fits.</summary>
public sealed record RoutingDecision(Guid? EngineerId, string Reason);

/// <summary>
/// Routes a batch of tasks to engineers. Keeps each engineer's queued (open, estimated) hours and the
/// round-robin pointer up to date as it assigns, so a batch spreads like one-at-a-time routing would.
/// </summary>
public sealed class TaskRouter
{
    private readonly RoutingMode _mode;
    private readonly List<Candidate> _candidates;
    private readonly Dictionary<Guid, decimal> _queued;
    private readonly DateOnly _today;

    /// <param name="candidates">The team, in round-robin order.</param>
    /// <param name="queuedHours">Open estimated hours already assigned to each engineer.</param>
    public TaskRouter(RoutingMode mode, IEnumerable<Engineer> candidates, IReadOnlyDictionary<Guid, decimal> queuedHours, Guid? roundRobinLast, DateOnly today)
    {
        _mode = mode;
        _today = today;
        _candidates = candidates.Where(e => e.IsActive).Select(e => new Candidate(e)).ToList();
        _queued = _candidates.ToDictionary(c => c.Engineer.Id, c => queuedHours.GetValueOrDefault(c.Engineer.Id));
        RoundRobinLast = roundRobinLast;
    }

    /// <summary>The engineer who received the last round-robin task; persist it on the team.</summary>
    public Guid? RoundRobinLast { get; private set; }

    public decimal QueuedHours(Guid engineerId) => _queued.GetValueOrDefault(engineerId);

    public RoutingDecision Route(RoutingRequest request)
    {
        if (_mode == RoutingMode.Manual)
        {
            return new(null, "manual assignment");
        }

        if (_candidates.Count == 0)
        {
            return new(null, "no engineers to route to");
        }

        var available = _candidates.Where(c => c.Engineer.IsAvailable(request.Start, request.Due)).ToList();
        if (available.Count == 0)
        {
            return new(null, "no engineer is available over the task's dates");
        }

        var (chosen, why) = _mode switch
        {
            RoutingMode.RoundRobin => RoundRobin(available),
            RoutingMode.SkillsBased => SkillsBased(request, available),
            _ => (Fewest(available), "fewest queued hours"),
        };
        var queued = _queued[chosen.Engineer.Id];
        _queued[chosen.Engineer.Id] = queued + request.EstimateHours;
        return new(chosen.Engineer.Id, $"{why}; available; {Hours(queued)} queued");
    }

    private Candidate Fewest(IEnumerable<Candidate> pool) =>
        pool.OrderBy(c => _queued[c.Engineer.Id]).ThenBy(c => c.Engineer.Name, StringComparer.OrdinalIgnoreCase).First();

    private (Candidate, string) RoundRobin(List<Candidate> available)
    {
        var start = RoundRobinLast is { } last ? _candidates.FindIndex(c => c.Engineer.Id == last) + 1 : 0;
        for (var i = 0; i < _candidates.Count; i++)
        {
            var candidate = _candidates[(start + i) % _candidates.Count];
            if (available.Contains(candidate))
            {
                RoundRobinLast = candidate.Engineer.Id;
                return (candidate, "round robin: next in turn");
            }
        }

        return (available[0], "round robin");
    }

    private (Candidate, string) SkillsBased(RoutingRequest request, List<Candidate> available)
    {
        var text = Normalize(request.Title + " " + request.Description);
        var validOn = new[] { _today, request.Due ?? request.Start ?? _today }.Max();
        var scored = available
            .Select(c => (Candidate: c, Matches: c.Match(text, validOn)))
            .Where(x => x.Matches.Count > 0)
            .Select(x => (x.Candidate, x.Matches, Score: x.Matches.Sum(m => m.Weight)))
            .OrderByDescending(x => x.Score)
            .ThenBy(x => _queued[x.Candidate.Engineer.Id])
            .ThenBy(x => x.Candidate.Engineer.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (scored.Count == 0)
        {
            return (Fewest(available), "no matching skills, fewest queued hours");
        }

        var best = scored[0];
        var skills = string.Join(", ", best.Matches.OrderByDescending(m => m.Weight).Select(m => $"{m.Name} {m.Weight}"));
        var tie = scored.Count > 1 && scored[1].Score == best.Score ? " (tie broken by load)" : string.Empty;
        return (best.Candidate, $"skills: {skills}{tie}");
    }

    private static string Hours(decimal hours) => hours.ToString("0.#", CultureInfo.InvariantCulture) + " h";

    /// <summary>Lower case, punctuation to spaces, padded so terms match on word boundaries.</summary>
    internal static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append(' ');
        foreach (var ch in text)
        {
            sb.Append(char.IsLetterOrDigit(ch) || ch is '+' or '#' ? char.ToLowerInvariant(ch) : ' ');
        }

        return sb.Append(' ').ToString();
    }

    private sealed class Candidate(Engineer engineer)
    {
        private readonly (EngineerSkill Skill, string[] Terms)[] _skills = engineer.Skills
            .Select(s => (s, s.Terms.Select(t => " " + Normalize(t).Trim() + " ").Where(t => t.Trim().Length > 0).ToArray()))
            .ToArray();

        public Engineer Engineer { get; } = engineer;

        public List<EngineerSkill> Match(string normalizedText, DateOnly validOn) =>
            _skills.Where(s => s.Skill.IsValidOn(validOn) && s.Terms.Any(t => normalizedText.Contains(t, StringComparison.Ordinal)))
                .Select(s => s.Skill).ToList();
    }
}
