using System.Text.Json;
using System.Text.Json.Serialization;
using Psa.Domain.Sow;

namespace Psa.Web.Sow;

/// <summary>
/// The proposal as the CLI (<c>sow parse --json</c>) and the API (<c>POST /api/v1/sow/proposals</c>) print it:
/// phases with dependencies, sign-off, milestone and tasks; assumptions; exclusions; similar past projects.
/// </summary>
public sealed record SowProposalJson(
    [property: JsonPropertyName("phases")] IReadOnlyList<SowPhaseJson> Phases,
    [property: JsonPropertyName("assumptions")] IReadOnlyList<string> Assumptions,
    [property: JsonPropertyName("exclusions")] IReadOnlyList<string> Exclusions,
    [property: JsonPropertyName("similarProjects")] IReadOnlyList<SimilarProjectJson> SimilarProjects)
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static SowProposalJson From(SowProposal proposal) => new(
        proposal.Phases.Select(p => new SowPhaseJson(
            p.Name,
            p.DependsOn,
            p.SignOff,
            p.Milestone is { } m ? new SowMilestoneJson(m.Name, m.Percent is { } percent ? Math.Round(percent * 100m, 2) : null, m.Amount) : null,
            p.Tasks.Select(t => new SowTaskJson(t.Title, t.EstimateHours, t.Skills, t.Checklist)).ToList())).ToList(),
        proposal.Assumptions.Select(a => a.Text).ToList(),
        proposal.Exclusions.Select(e => e.Text).ToList(),
        proposal.SimilarProjects.Select(s => new SimilarProjectJson(s.Code, s.Score)).ToList());

    public string ToJson() => JsonSerializer.Serialize(this, Options);
}

public sealed record SowPhaseJson(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("dependsOn")] IReadOnlyList<string> DependsOn,
    [property: JsonPropertyName("signOff")] bool SignOff,
    [property: JsonPropertyName("milestone")] SowMilestoneJson? Milestone,
    [property: JsonPropertyName("tasks")] IReadOnlyList<SowTaskJson> Tasks);

/// <summary>A milestone's share of the price in percent (40 = 40 %) or its amount; the other is left out.</summary>
public sealed record SowMilestoneJson(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("percent"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Percent,
    [property: JsonPropertyName("amount"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Amount);

public sealed record SowTaskJson(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("estimateHours")] decimal? EstimateHours,
    [property: JsonPropertyName("skills")] IReadOnlyList<string> Skills,
    [property: JsonPropertyName("checklist")] IReadOnlyList<string> Checklist);

public sealed record SimilarProjectJson(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("score")] decimal Score);
