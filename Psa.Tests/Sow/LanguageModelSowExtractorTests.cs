using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Psa.Domain.Sow;
using Psa.Web.Sow;
using Shouldly;

namespace Psa.Tests.Sow;

/// <summary>
/// A fake chat model: no model can be reached from our machines. It records what it was sent and answers
/// with what the test gives it (or fails, or never answers).
/// </summary>
public sealed class FakeChatClient(Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<string>> answer) : IChatClient
{
    public FakeChatClient(string answer)
        : this((_, _) => Task.FromResult(answer))
    {
    }

    public List<ChatMessage> Sent { get; } = [];

    public ChatOptions? Options { get; private set; }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Sent.AddRange(list);
        Options = options;
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, await answer(list, cancellationToken)));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The SOW reader asks for one whole answer.");

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}

public sealed class LanguageModelSowExtractorTests
{
    private const string Sow = """
        # Firewall replacement for Fabrikam
        ## Phase 1: Design
        - Review the current rule base — 6h
        ## Phase 2: Cut-over
        Starts after Phase 1.
        - Install the new firewall pair — 2 days
        ## Payment
        30% on signature and 70% on completion of Phase 2.
        ## Exclusions
        - Wireless
        """;

    private const string ValidAnswer = """
        {"phases":[
          {"name":"Phase 1: Design","dependsOn":[],"signOff":true,"milestone":null,"tasks":[
            {"title":"Review the current rule base","estimateHours":6,"skills":["FortiGate"],"checklist":["Export the rules"]}]},
          {"name":"Phase 2: Cut-over","dependsOn":["Phase 1: Design"],"signOff":false,"milestone":{"name":"On completion of Phase 2","percent":70},"tasks":[
            {"title":"Install the new firewall pair","estimateHours":16,"skills":[],"checklist":[]},
            {"title":"Update the network diagram","estimateHours":null,"skills":[],"checklist":[]}]}
        ],"assumptions":[],"exclusions":["Wireless"]}
        """;

    private static SowDocument Document() => TextSowReader.Read("fabrikam-firewall.md", Sow);

    private static LanguageModelSowExtractor Extractor(IChatClient chat, int timeoutSeconds = 60) =>
        new(chat, new SowLanguageModelOptions { Enabled = true, Endpoint = "https://models.invalid/v1", ApiKey = "secret-key", TimeoutSeconds = timeoutSeconds }, NullLogger<LanguageModelSowExtractor>.Instance);

    [Fact]
    public async Task The_prompt_carries_the_schema_the_rules_the_file_name_and_the_whole_text()
    {
        using var chat = new FakeChatClient(ValidAnswer);
        await Extractor(chat).ExtractAsync(Document());

        chat.Sent.Count.ShouldBe(2);
        chat.Sent[0].Role.ShouldBe(ChatRole.System);
        var rules = chat.Sent[0].Text;
        foreach (var field in (string[])["\"phases\"", "\"dependsOn\"", "\"signOff\"", "\"milestone\"", "\"percent\"", "\"amount\"", "\"tasks\"", "\"estimateHours\"", "\"skills\"", "\"checklist\"", "\"assumptions\"", "\"exclusions\""])
        {
            rules.ShouldContain(field);
        }

        rules.ShouldContain("a day is 8 hours, a week 5 days, a range its midpoint");
        rules.ShouldContain("Do not invent tasks or estimates.");
        chat.Sent[1].Role.ShouldBe(ChatRole.User);
        chat.Sent[1].Text.ShouldStartWith("Statement of work \"fabrikam-firewall.md\":");
        chat.Sent[1].Text.ShouldContain(Document().Text);
        chat.Sent.ShouldAllBe(m => !m.Text.Contains("secret-key"));
        chat.Options!.ResponseFormat.ShouldBe(ChatResponseFormat.Json);
        chat.Options.Temperature.ShouldBe(0f);
    }

    [Fact]
    public async Task A_valid_answer_becomes_the_proposal_with_sources_in_the_document_and_the_deposit_from_the_text()
    {
        using var chat = new FakeChatClient("```json\n" + ValidAnswer + "\n```");
        var proposal = await Extractor(chat).ExtractAsync(Document());

        proposal.ReadBy.ShouldBe("Read by the language model.");
        proposal.Phases.Select(p => p.Name).ShouldBe(["Phase 1: Design", "Phase 2: Cut-over"]);
        proposal.Phases[1].DependsOn.ShouldBe(["Phase 1: Design"]);
        proposal.Phases[1].Milestone!.Percent.ShouldBe(0.7m);
        proposal.Phases[0].Tasks[0].Skills.ShouldBe(["FortiGate"]);
        proposal.Phases[0].Tasks[0].Checklist.ShouldBe(["Export the rules"]);
        proposal.Quote(proposal.Phases[1].Tasks[0].Source).ShouldBe("Install the new firewall pair");
        proposal.Phases[1].Tasks[1].Source.IsEmpty.ShouldBeTrue("the model's own words are not in the SOW, so nothing is highlighted");
        proposal.Deposit!.Percent.ShouldBe(0.3m);
        proposal.Exclusions.Single().Text.ShouldBe("Wireless");
        SowProposalJson.From(proposal).Phases[1].Milestone!.Percent.ShouldBe(70m);
    }

    [Theory]
    [InlineData("Sure! Here is the project plan you asked for.", "not JSON")]
    [InlineData("""{"phases":[{"name":"Design","dependsOn":[],"signOff":false,"milestone":null}],"assumptions":[],"exclusions":[]}""", "phase 1 has no \"tasks\" list")]
    [InlineData("""{"phases":[{"name":"Design","dependsOn":[],"milestone":null,"tasks":[]}],"assumptions":[],"exclusions":[]}""", "phase 1 has no true/false \"signOff\"")]
    [InlineData("""{"phases":[{"name":"Design","dependsOn":[],"signOff":false,"milestone":null,"tasks":[{"title":"Review","skills":[],"checklist":[]}]}],"assumptions":[],"exclusions":[]}""", "task 1 of \"Design\" has no \"estimateHours\"")]
    [InlineData("""{"phases":[{"name":"Build","dependsOn":["Design"],"signOff":false,"milestone":null,"tasks":[]}],"assumptions":[],"exclusions":[]}""", "\"Build\" depends on \"Design\", which is not an earlier phase")]
    [InlineData("""{"phases":[{"name":"Build","dependsOn":[],"signOff":false,"milestone":{"name":"Go-live","percent":140},"tasks":[]}],"assumptions":[],"exclusions":[]}""", "needs either a percent (0–100) or a positive amount")]
    [InlineData("""{"phases":[],"assumptions":[],"exclusions":[]}""", "\"phases\" is empty")]
    [InlineData("""{"phases":[{"name":"Build","dependsOn":[],"signOff":false,"milestone":null,"tasks":[{"title":"Rack","estimateHours":"two days","skills":[],"checklist":[]}]}],"assumptions":[],"exclusions":[]}""", "not a number of hours")]
    [InlineData("""{"phases":[{"name":"Build","dependsOn":[],"signOff":false,"milestone":null,"tasks":[]}],"exclusions":[]}""", "the proposal has no \"assumptions\" list")]
    public async Task An_answer_that_does_not_validate_falls_back_to_the_deterministic_reader_and_says_why(string answer, string problem)
    {
        using var chat = new FakeChatClient(answer);
        var proposal = await Extractor(chat).ExtractAsync(Document());

        proposal.ReadBy.ShouldNotBeNull().ShouldStartWith("Read by the built-in reader: the model's answer was not a valid proposal: ");
        proposal.ReadBy.ShouldContain(problem);
        SowProposalJson.From(proposal).ToJson().ShouldBe(SowProposalJson.From(SowExtractor.Extract(Document())).ToJson());
    }

    [Fact]
    public async Task A_model_that_fails_or_never_answers_falls_back_to_the_deterministic_reader()
    {
        using var unreachable = new FakeChatClient((_, _) => throw new HttpRequestException("connection refused"));
        var failing = await Extractor(unreachable).ExtractAsync(Document());
        failing.ReadBy.ShouldBe("Read by the built-in reader: the model could not be reached (HttpRequestException).");
        failing.Phases.Count.ShouldBe(2);

        using var never = new FakeChatClient(async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return ValidAnswer;
        });
        var silent = await Extractor(never, timeoutSeconds: 1).ExtractAsync(Document());
        silent.ReadBy.ShouldBe("Read by the built-in reader: the model did not answer within 1 s.");
        silent.Phases[1].Tasks.Single().Title.ShouldBe("Install the new firewall pair");
    }

    [Fact]
    public void The_language_model_is_off_by_default_and_needs_an_endpoint_and_a_key_when_on()
    {
        static IServiceCollection Services(Dictionary<string, string?> settings) =>
            new ServiceCollection().AddSow(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

        Services([]).Any(d => d.ServiceType == typeof(LanguageModelSowExtractor)).ShouldBeFalse();
        Should.Throw<InvalidOperationException>(() => Services(new() { ["Psa:Sow:LanguageModel:Enabled"] = "true" }))
            .Message.ShouldContain("Psa:Sow:LanguageModel:Endpoint");
        var on = Services(new() { ["Psa:Sow:LanguageModel:Enabled"] = "true", ["Psa:Sow:LanguageModel:Endpoint"] = "https://models.invalid/v1", ["Psa:Sow:LanguageModel:ApiKey"] = "k" });
        on.Any(d => d.ServiceType == typeof(LanguageModelSowExtractor)).ShouldBeTrue();
        new SowLanguageModelOptions { Endpoint = "https://models.invalid/v1", ApiKey = "secret-key" }.ToString().ShouldNotContain("secret-key");
    }
}
