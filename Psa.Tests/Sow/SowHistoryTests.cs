using Psa.Domain.Sow;
using Psa.Web.Sow;
using Shouldly;

namespace Psa.Tests.Sow;

public sealed class SowHistoryTests
{
    private static PastProject Migration(string code, decimal provisionActual) => new(Guid.NewGuid(), code, $"{code} server migration", "Server migration",
        "Server migration Discovery Migration Handover Provision the new server Migrate file shares Decommission the old server",
        [
            new PastTask("Discovery", 0, 3, "Document the current environment", 8, 9),
            new PastTask("Migration", 1, 3, "Provision the new server", 16, provisionActual),
            new PastTask("Migration", 1, 3, "Migrate file shares", 12, 12),
            new PastTask("Handover", 2, 3, "Decommission the old server", 4, 5),
        ]);

    private static SowProposal Proposal() => SowExtractor.Extract(TextSowReader.Read("sow.md", """
        # Server migration for Acme
        ## Phase 1: Discovery
        - Document the current environment — 1 day
        ## Phase 2: Migration
        - Provision the new server — 16h
        - Migrate file shares — 12h
        ## Phase 3: Handover
        - Handover session — 2h
        """));

    [Fact]
    public void SimilarProjectsOfTheSameType_AreListedWithAScore_UnrelatedOnesAreNot()
    {
        var proposal = Proposal();
        var unrelated = new PastProject(Guid.NewGuid(), "web", "Website redesign", "Web design", "Website redesign wireframes copywriting launch",
            [new PastTask("Design", 0, 1, "Wireframes", 10, 12)]);

        SowHistory.Seed(proposal, [Migration("m1", 20), unrelated, Migration("m2", 22)]);

        proposal.SimilarProjects.Select(s => s.Code).Order().ShouldBe(["m1", "m2"]);
        proposal.SimilarProjects.ShouldAllBe(s => s.Score > 0.05m && s.Score <= 1m);
        proposal.ProjectType.ShouldBe("Server migration");
    }

    [Fact]
    public void ATaskEverySimilarProjectHad_FillsTheGap_MarkedAsFromPastProjects()
    {
        var proposal = Proposal();
        SowHistory.Seed(proposal, [Migration("m1", 20), Migration("m2", 22)]);

        var seeded = proposal.Tasks.Single(t => t.Origin == SowOrigin.PastProjects);
        seeded.Title.ShouldBe("Decommission the old server");
        proposal.Phases[2].Tasks.ShouldContain(seeded);
        seeded.EstimateHours.ShouldBe(5m);
    }

    [Fact]
    public void ActualHoursOfSimilarTasks_AdjustTheEstimate_AndSayWhy()
    {
        var proposal = Proposal();
        SowHistory.Seed(proposal, [Migration("m1", 20), Migration("m2", 22)]);

        var provision = proposal.Tasks.Single(t => t.Title == "Provision the new server");
        provision.SowEstimateHours.ShouldBe(16m);
        provision.EstimateHours.ShouldBe(21m);
        provision.EstimateNote.ShouldBe("SOW says 16 h; similar projects took 21 h on average");
    }

    [Fact]
    public void NoHistory_LeavesTheProposalAsTheSowSaysIt()
    {
        var proposal = Proposal();
        SowHistory.Seed(proposal, []);
        proposal.SimilarProjects.ShouldBeEmpty();
        proposal.Tasks.ShouldAllBe(t => t.Origin == SowOrigin.Sow && t.HistoryHours == null);
    }
}
