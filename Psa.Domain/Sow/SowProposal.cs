namespace Psa.Domain.Sow;

/// <summary>Where a proposed task comes from.</summary>
public enum SowOrigin
{
    Sow,
    PastProjects,
}

/// <summary>The project structure read from a statement of work; nothing is created from it until a person accepts it.</summary>
public sealed class SowProposal
{
    public string FileName { get; init; } = string.Empty;

    /// <summary>The document's text; every <see cref="SourceSpan"/> in the proposal points into it.</summary>
    public string SourceText { get; init; } = string.Empty;

    public List<SowPhase> Phases { get; init; } = [];

    public List<SowNote> Assumptions { get; init; } = [];

    public List<SowNote> Exclusions { get; init; } = [];

    /// <summary>A share of the price due before work starts ("30% on signature"), as a fraction.</summary>
    public SowMilestone? Deposit { get; set; }

    public List<SimilarProject> SimilarProjects { get; set; } = [];

    /// <summary>Which reader produced the proposal, and why the language model's reading was not used when it was asked.</summary>
    public string? ReadBy { get; set; }

    /// <summary>The kind of work, taken from the most similar past project when there is one.</summary>
    public string? ProjectType { get; set; }

    public IEnumerable<SowTask> Tasks => Phases.SelectMany(p => p.Tasks);

    public string Quote(SourceSpan span) => span.Of(SourceText);
}

public sealed class SowPhase
{
    public string Name { get; set; } = string.Empty;

    /// <summary>The number the SOW gives the phase ("Phase 2"), used to resolve "after Phase 2".</summary>
    public int? Number { get; set; }

    public List<string> DependsOn { get; set; } = [];

    public List<SourceSpan> DependencySources { get; } = [];

    public bool SignOff { get; set; }

    public SourceSpan SignOffSource { get; set; }

    public SowMilestone? Milestone { get; set; }

    public List<SowTask> Tasks { get; } = [];

    /// <summary>Stage-gate items the SOW lists for the phase (exit criteria, phase checklist).</summary>
    public List<string> GateItems { get; } = [];

    public SourceSpan Source { get; set; }
}

public sealed class SowTask
{
    public string Title { get; set; } = string.Empty;

    public decimal? EstimateHours { get; set; }

    /// <summary>The estimate as the SOW gave it, kept when history adjusts <see cref="EstimateHours"/>.</summary>
    public decimal? SowEstimateHours { get; set; }

    /// <summary>What similar past projects actually spent on this task, on average.</summary>
    public decimal? HistoryHours { get; set; }

    public string? Owner { get; set; }

    public List<string> Skills { get; set; } = [];

    public List<string> Checklist { get; } = [];

    public SowOrigin Origin { get; set; } = SowOrigin.Sow;

    public SourceSpan Source { get; set; }

    /// <summary>"SOW says 16 h; similar projects took 21 h on average".</summary>
    public string? EstimateNote => HistoryHours is not { } history
        ? null
        : SowEstimateHours is { } sow
            ? $"SOW says {Hours(sow)}; similar projects took {Hours(history)} on average"
            : $"Similar projects took {Hours(history)} on average";

    private static string Hours(decimal hours) => $"{Math.Round(hours, 1, MidpointRounding.AwayFromZero):0.#} h";
}

/// <summary>A billing milestone: a share of the price (<see cref="Percent"/>, 0.4 = 40 %) or a fixed amount.</summary>
public sealed record SowMilestone(string Name, decimal? Percent, decimal? Amount, SourceSpan Source);

public sealed record SowNote(string Text, SourceSpan Source);

public sealed record SimilarProject(Guid ProjectId, string Code, string Name, string? ProjectType, decimal Score);
