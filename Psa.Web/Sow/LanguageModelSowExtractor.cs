using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Psa.Domain.Sow;

namespace Psa.Web.Sow;

/// <summary>
/// The optional language-model reading of a statement of work (<c>Psa:Sow:LanguageModel</c>, off by default).
/// The key is only ever handed to the chat client; it is never logged nor shown.
/// </summary>
public sealed class SowLanguageModelOptions
{
    public const string Section = "Psa:Sow:LanguageModel";

    public bool Enabled { get; set; }

    /// <summary>An OpenAI-compatible endpoint, e.g. <c>https://models.example.com/v1</c>.</summary>
    public string? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    public string Model { get; set; } = "gpt-4o-mini";

    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>Longer documents go to the deterministic reader: the model would see only part of them.</summary>
    public int MaxCharacters { get; set; } = 60_000;

    public override string ToString() => $"{Model} at {Endpoint} (enabled: {Enabled})";
}

/// <summary>
/// Asks a chat model for the proposal in the same JSON shape as <c>sow parse --json</c>, validates the answer
/// against that schema, and falls back to <see cref="SowExtractor"/> whenever the model fails, times out or
/// answers something that does not validate. The deposit and the quoted sources come from the document itself.
/// </summary>
public sealed class LanguageModelSowExtractor(IChatClient chat, SowLanguageModelOptions options, ILogger<LanguageModelSowExtractor> logger)
{
    public const string SystemPrompt = """
        You read statements of work (SOWs) for a managed service provider and return the project structure they describe.
        Answer with one JSON object and nothing else, in exactly this shape:
        {"phases":[{"name":"Phase 1 — Discovery","dependsOn":[],"signOff":false,"milestone":null,"tasks":[{"title":"Document the current environment","estimateHours":8,"skills":["Windows Server"],"checklist":["Network diagram"]}]}],"assumptions":["…"],"exclusions":["…"]}
        Rules:
        - phases: in the order of the document; name as the document writes it.
        - dependsOn: names of earlier phases this phase waits for ("after Phase 1", "following sign-off of …", "requires …"), spelled exactly as their "name".
        - signOff: true when the document asks for client acceptance or sign-off of the phase.
        - milestone: null, or {"name":"…","percent":40} or {"name":"…","amount":2500} from the payment schedule; percent is 0–100. A payment on signature is not a phase milestone.
        - estimateHours: the task's effort in hours, or null when the document gives none; a day is 8 hours, a week 5 days, a range its midpoint.
        - skills and checklist: lists of strings, empty when the document gives none.
        - assumptions and exclusions: the document's own lists, one string per item.
        Use only what the document says. Do not invent tasks or estimates.
        """;

    public async Task<SowProposal> ExtractAsync(SowDocument document, CancellationToken cancellationToken = default)
    {
        var deterministic = SowExtractor.Extract(document);
        if (document.Text.Length > options.MaxCharacters)
        {
            return Fallback(deterministic, $"the document is longer than {options.MaxCharacters.ToString("N0", CultureInfo.InvariantCulture)} characters");
        }

        string answer;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
            var response = await chat.GetResponseAsync(Prompt(document), new ChatOptions { Temperature = 0, ResponseFormat = ChatResponseFormat.Json, ModelId = options.Model }, timeout.Token);
            answer = response.Text;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fallback(deterministic, $"the model did not answer within {options.TimeoutSeconds} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("The language model could not read {File} ({Error}); the deterministic reader is used.", document.FileName, ex.GetType().Name);
            return Fallback(deterministic, $"the model could not be reached ({ex.GetType().Name})");
        }

        var parsed = SowProposalSchema.Parse(answer, out var problem);
        if (parsed is null)
        {
            logger.LogWarning("The language model's answer for {File} is not a valid proposal ({Problem}); the deterministic reader is used.", document.FileName, problem);
            return Fallback(deterministic, $"the model's answer was not a valid proposal: {problem}");
        }

        var proposal = SowProposalSchema.ToProposal(parsed, document);
        proposal.Deposit = deterministic.Deposit;
        proposal.ReadBy = "Read by the language model.";
        return proposal;
    }

    /// <summary>The messages sent: the rules and schema, then the file's name and its text.</summary>
    public static List<ChatMessage> Prompt(SowDocument document) =>
    [
        new(ChatRole.System, SystemPrompt),
        new(ChatRole.User, $"Statement of work \"{document.FileName}\":\n\n{document.Text}"),
    ];

    private static SowProposal Fallback(SowProposal deterministic, string reason)
    {
        deterministic.ReadBy = $"Read by the built-in reader: {reason}.";
        return deterministic;
    }
}

/// <summary>The proposal's JSON schema (<see cref="SowProposalJson"/> without similar projects), checked field by field.</summary>
public static class SowProposalSchema
{
    public const decimal MaxTaskHours = 2000m;

    /// <summary>The answer as a proposal, or null with the first problem found.</summary>
    public static SowProposalJson? Parse(string? answer, out string problem)
    {
        problem = string.Empty;
        var text = (answer ?? string.Empty).Trim();
        if (text.StartsWith("```", StringComparison.Ordinal))
        {
            // Models often fence JSON even when asked not to.
            text = text[(text.IndexOf('\n') is var n and >= 0 ? n + 1 : 3)..];
            text = text.EndsWith("```", StringComparison.Ordinal) ? text[..^3] : text;
        }

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            problem = $"not JSON ({ex.Message.Split('.')[0]})";
            return null;
        }

        using (json)
        {
            try
            {
                return Read(json.RootElement);
            }
            catch (SchemaException ex)
            {
                problem = ex.Message;
                return null;
            }
        }
    }

    private static SowProposalJson Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SchemaException("the answer is not a JSON object");
        }

        var phases = new List<SowPhaseJson>();
        var items = Array(root, "phases", "the proposal");
        if (items.Count == 0)
        {
            throw new SchemaException("\"phases\" is empty");
        }

        foreach (var (item, i) in items.Select((p, i) => (p, i)))
        {
            var where = $"phase {i + 1}";
            var name = Text(item, "name", where);
            if (phases.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new SchemaException($"two phases are named \"{name}\"");
            }

            var dependsOn = Strings(item, "dependsOn", where);
            if (dependsOn.FirstOrDefault(d => !phases.Any(p => p.Name == d)) is { } unknown)
            {
                throw new SchemaException($"\"{name}\" depends on \"{unknown}\", which is not an earlier phase");
            }

            if (!item.TryGetProperty("signOff", out var signOff) || signOff.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw new SchemaException($"{where} has no true/false \"signOff\"");
            }

            var tasks = Array(item, "tasks", where).Select((t, n) => Task(t, $"task {n + 1} of \"{name}\"")).ToList();
            phases.Add(new SowPhaseJson(name, dependsOn, signOff.GetBoolean(), Milestone(item, $"the milestone of \"{name}\""), tasks));
        }

        var percent = phases.Sum(p => p.Milestone?.Percent ?? 0);
        if (percent > 100)
        {
            throw new SchemaException($"the milestones add up to {percent.ToString(CultureInfo.InvariantCulture)} %");
        }

        return new SowProposalJson(phases, Strings(root, "assumptions", "the proposal"), Strings(root, "exclusions", "the proposal"), []);
    }

    private static SowTaskJson Task(JsonElement item, string where)
    {
        var title = Text(item, "title", where);
        if (!item.TryGetProperty("estimateHours", out var estimate))
        {
            throw new SchemaException($"{where} has no \"estimateHours\" (null when the SOW gives none)");
        }

        decimal? hours = estimate.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.Number when estimate.TryGetDecimal(out var h) && h > 0 && h <= MaxTaskHours => h,
            _ => throw new SchemaException($"{where} has an estimate that is not a number of hours between 0 and {MaxTaskHours.ToString(CultureInfo.InvariantCulture)}"),
        };
        return new SowTaskJson(title, hours, Strings(item, "skills", where), Strings(item, "checklist", where));
    }

    private static SowMilestoneJson? Milestone(JsonElement phase, string where)
    {
        if (!phase.TryGetProperty("milestone", out var milestone))
        {
            throw new SchemaException($"{where} is missing (null when there is none)");
        }

        if (milestone.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var name = Text(milestone, "name", where);
        var percent = Number(milestone, "percent");
        var amount = Number(milestone, "amount");
        return (percent, amount) switch
        {
            ({ } p, null) when p is > 0 and <= 100 => new SowMilestoneJson(name, p, null),
            (null, { } a) when a > 0 => new SowMilestoneJson(name, null, Psa.Domain.Common.MoneyMath.Round2(a)),
            _ => throw new SchemaException($"{where} needs either a percent (0–100) or a positive amount"),
        };
    }

    private static decimal? Number(JsonElement item, string field) =>
        item.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) ? d : throw new SchemaException($"\"{field}\" is not a number")
            : null;

    private static List<JsonElement> Array(JsonElement item, string field, string where) =>
        item.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().ToList()
            : throw new SchemaException($"{where} has no \"{field}\" list");

    private static string Text(JsonElement item, string field, string where) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Trim() is { Length: > 0 } text
            ? text
            : throw new SchemaException($"{where} has no \"{field}\"");

    private static List<string> Strings(JsonElement item, string field, string where) =>
        Array(item, field, where).Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim() : throw new SchemaException($"{where}: \"{field}\" holds something other than text"))
            .Where(s => s.Length > 0).ToList();

    /// <summary>A validated answer as a proposal over the document, each item pointing at its words in the document where they occur.</summary>
    public static SowProposal ToProposal(SowProposalJson json, SowDocument document)
    {
        var proposal = new SowProposal { FileName = document.FileName, SourceText = document.Text };
        foreach (var phase in json.Phases)
        {
            var target = new SowPhase { Name = phase.Name, DependsOn = [.. phase.DependsOn], SignOff = phase.SignOff, Source = Locate(document.Text, phase.Name) };
            if (phase.Milestone is { } m)
            {
                target.Milestone = new SowMilestone(m.Name, m.Percent / 100m, m.Amount, Locate(document.Text, m.Name));
            }

            foreach (var task in phase.Tasks)
            {
                var added = new SowTask { Title = task.Title, EstimateHours = task.EstimateHours, Skills = [.. task.Skills], Source = Locate(document.Text, task.Title) };
                added.Checklist.AddRange(task.Checklist);
                target.Tasks.Add(added);
            }

            proposal.Phases.Add(target);
        }

        proposal.Assumptions.AddRange(json.Assumptions.Select(a => new SowNote(a, Locate(document.Text, a))));
        proposal.Exclusions.AddRange(json.Exclusions.Select(e => new SowNote(e, Locate(document.Text, e))));
        return proposal;
    }

    private static SourceSpan Locate(string text, string words)
    {
        var at = text.IndexOf(words, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? SourceSpan.None : new SourceSpan(at, words.Length);
    }

    private sealed class SchemaException(string message) : Exception(message);
}
