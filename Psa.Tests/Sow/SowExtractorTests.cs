using Psa.Benchmarks.Sow;
using Psa.Domain;
using Psa.Domain.Sow;
using Psa.Infrastructure.Sow;
using Shouldly;

namespace Psa.Tests.Sow;

public sealed class SowExtractorTests
{
    private static SowProposal Extract(string fileName, string text) => SowExtractor.Extract(TextSowReader.Read(fileName, text));

    public static TheoryData<string> CorpusDocuments()
    {
        var data = new TheoryData<string>();
        foreach (var (document, _) in SowCorpus.Documents())
        {
            data.Add(Path.GetFileName(document));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusDocuments))]
    public void EachCorpusDocument_MeetsTheF1Goal_OnEveryMeasure(string name)
    {
        var (document, expected) = SowCorpus.Documents().Single(d => Path.GetFileName(d.Document) == name);
        var score = SowScoring.Evaluate(document, expected);
        foreach (var (measure, s) in score.Measures())
        {
            s.F1.ShouldBeGreaterThanOrEqualTo(0.9, $"{name}: {measure} P={s.Precision:0.00} R={s.Recall:0.00}");
        }
    }

    [Fact]
    public void Corpus_HasAtLeast12Documents_InAllFourFormats()
    {
        var documents = SowCorpus.Documents().Select(d => Path.GetExtension(d.Document)).ToList();
        documents.Count.ShouldBeGreaterThanOrEqualTo(12);
        documents.Distinct().Order().ShouldBe([".docx", ".md", ".pdf", ".txt"]);
    }

    [Theory]
    [InlineData("16h", 16)]
    [InlineData("16 hours", 16)]
    [InlineData("2 days", 16)]
    [InlineData("1.5 weeks", 60)]
    [InlineData("2-3 days", 20)]
    [InlineData("half a day", 4)]
    [InlineData("approx. 3 hrs", 3)]
    [InlineData("over two weeks (estimated 4 days of engineering)", 32)]
    public void Estimates_ADayIs8Hours_AWeekIs5Days_ARangeItsMidpoint(string text, decimal hours) =>
        SowEstimates.Hours(text).ShouldBe(hours);

    [Theory]
    [InlineData("The work starts in March and the team will meet weekly.")]
    [InlineData("Review and approve the plan")]
    public void Estimates_TextWithoutAnEstimate_HasNone(string text) => SowEstimates.Hours(text).ShouldBeNull();

    [Fact]
    public void PaymentSchedule_PercentagesLandOnTheirPhases_AndSignatureIsTheDeposit()
    {
        var proposal = Extract("p.md", """
            # Scope
            ## Phase 1: Discovery
            - Audit the servers — 2 days
            ## Phase 2: Migration
            Phase 2 follows sign-off of Discovery.
            - Move the data — 12h
            ## Payment
            Fees: 30% on signature, 40% on completion of Phase 2 and 30% on completion of Phase 1.
            """);

        proposal.Deposit!.Percent.ShouldBe(0.3m);
        proposal.Phases[1].Milestone!.Percent.ShouldBe(0.4m);
        proposal.Phases[0].Milestone!.Percent.ShouldBe(0.3m);
        proposal.Phases[1].DependsOn.ShouldBe(["Phase 1: Discovery"]);
        proposal.Phases[0].SignOff.ShouldBeTrue("“following sign-off of Discovery” asks for Discovery's sign-off");
    }

    [Fact]
    public void EveryProposedItem_KeepsTheSowTextItCameFrom()
    {
        var (document, _) = SowCorpus.Documents().First(d => d.Document.EndsWith("01-server-migration.md", StringComparison.Ordinal));
        var proposal = SowExtractor.Extract(SowFileReader.Read("01-server-migration.md", File.ReadAllBytes(document)));

        foreach (var task in proposal.Tasks)
        {
            proposal.Quote(task.Source).ShouldContain(task.Title.Split(' ')[1], Case.Insensitive);
        }

        proposal.Quote(proposal.Phases[1].Milestone!.Source).ShouldContain("40% on completion of Phase 2");
        proposal.Quote(proposal.Phases[1].DependencySources[0]).ShouldContain("after Phase 1");
        proposal.Quote(proposal.Phases[0].SignOffSource).ShouldContain("signed off");
    }

    [Fact]
    public void NestedItemsAndCheckBoxes_BecomeTheTaskChecklist_AndSkillsAreRead()
    {
        var proposal = Extract("c.md", """
            # Phase 1: Build
            - Provision the server (skills: Windows Server, Hyper-V) — 2 days
              - [ ] Firmware updated
              - [ ] Joined to the domain
            - Configure backups — 4h
            """);

        var task = proposal.Phases.Single().Tasks[0];
        task.Title.ShouldBe("Provision the server");
        task.EstimateHours.ShouldBe(16m);
        task.Skills.ShouldBe(["Windows Server", "Hyper-V"]);
        task.Checklist.ShouldBe(["Firmware updated", "Joined to the domain"]);
        proposal.Phases.Single().Tasks[1].Checklist.ShouldBeEmpty();
    }

    [Fact]
    public void AssumptionsAndExclusions_AreListed()
    {
        var proposal = Extract("a.md", """
            # Phase 1: Work
            - Do the thing — 1h
            # Assumptions
            - Access is provided.
            # Out of scope
            - Printers.
            """);

        proposal.Assumptions.Select(a => a.Text).ShouldBe(["Access is provided"]);
        proposal.Exclusions.Select(a => a.Text).ShouldBe(["Printers"]);
    }

    [Theory]
    [InlineData("scope.xlsx")]
    [InlineData("scope.doc")]
    public void Reader_RefusesOtherFileTypes_NamingTheAllowedOnes(string name)
    {
        var refused = Should.Throw<DomainException>(() => SowFileReader.Read(name, [1, 2, 3]));
        refused.Message.ShouldContain(".docx, .pdf, .md or .txt");
        refused.Field.ShouldBe("File");
    }

    [Fact]
    public void Reader_RefusesFilesOver10Megabytes() =>
        Should.Throw<DomainException>(() => SowFileReader.Read("big.txt", new byte[SowFileReader.MaxBytes + 1])).Message.ShouldContain("at most 10 MB");

    [Fact]
    public void Reader_RefusesAnUnreadableWordFile_WithAReason() =>
        Should.Throw<DomainException>(() => SowFileReader.Read("broken.docx", "not a zip"u8.ToArray())).Message.ShouldContain("could not be read");
}
