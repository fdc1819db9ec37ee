using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Psa.Benchmarks.Sow;
using Psa.Domain.Clients;
using Psa.Domain.Projects;
using Psa.Domain.Sow;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Web.Sow;
using Shouldly;

namespace Psa.Tests.Sow;

public sealed class SowProjectServiceTests(PsaAppFactory app) : IClassFixture<PsaAppFactory>
{
    private readonly PsaAppFactory _app = app;
    private readonly string _acme = app.NewSlug("acme");

    [Fact]
    public async Task Proposal_BecomesAProject_InOneStep_WithDependenciesMilestonesSignOffAndTheSowAttached()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        await using var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        var services = scope.ServiceProvider;
        var databases = services.GetRequiredService<TenantDbContextFactory>();
        var client = Client.Create("acme-corp", "Acme Corp", 0m);
        await using (var db = databases.Create())
        {
            db.Clients.Add(client);
            await SowContractTests.AddPastMigrationAsync(db);
        }

        var path = SowCorpus.Documents().Single(d => d.Document.EndsWith("01-server-migration.md", StringComparison.Ordinal)).Document;
        var file = await File.ReadAllBytesAsync(path);
        var proposal = await services.GetRequiredService<SowProposalService>().ProposeAsync("01-server-migration.md", file);
        var sow = services.GetRequiredService<SowProjectService>();
        var draft = await sow.DraftAsync(proposal, client.Id);

        var seeded = draft.Phases.SelectMany(p => p.Tasks).Single(t => t.Title == "Decommission the old server");
        seeded.Include.ShouldBeFalse("a task from past projects waits for the PM to accept it");
        draft.Phases.SelectMany(p => p.Tasks).Where(t => t.Include).ShouldAllBe(t => t.AssignmentReason != null);
        seeded.Include = true;
        draft.Phases[1].Tasks[0].Title = "Provision the new Hyper-V host";

        var id = await sow.CreateAsync(draft, proposal, file, "Priya");

        await using (var db = databases.Create())
        {
            var project = await db.Projects.SingleAsync(p => p.Id == id);
            project.BillingModel.ShouldBe(ProjectBillingModel.Milestone);
            project.DepositPercent.ShouldBe(0.3m);
            project.Description!.ShouldContain("Assumptions:\n- Acme provides administrative credentials before kickoff");
            project.Description!.ShouldContain("Exclusions:\n- Migration of email or Microsoft 365 workloads");
            var phases = await db.ProjectPhases.Where(p => p.ProjectId == id).OrderBy(p => p.Order).ToListAsync();
            phases.Select(p => p.Name).ShouldBe(["Phase 1 — Discovery & Planning", "Phase 2 — Migration", "Phase 3 — Handover & Closure"]);
            phases[1].DependsOnPhaseIds.ShouldBe([phases[0].Id]);
            phases[1].MilestonePercent.ShouldBe(0.4m);
            phases[0].RequiresClientSignOff.ShouldBeTrue();
            var tasks = await db.ProjectTasks.Where(t => t.ProjectId == id).ToListAsync();
            tasks.ShouldContain(t => t.Title == "Provision the new Hyper-V host" && t.EstimateMinutes == 960);
            tasks.ShouldContain(t => t.Title == "Decommission the old server" && t.Description!.StartsWith("From past projects.", StringComparison.Ordinal));
            tasks.Single(t => t.Title == "Migrate file shares and permissions").Description!.ShouldContain("SOW says 12 h; similar projects took 21 h on average");
            (await db.ChecklistItems.CountAsync(c => c.TaskId != null && tasks.Select(t => t.Id).Contains(c.TaskId.Value))).ShouldBe(5);
            var attachment = await db.TaskAttachments.SingleAsync(a => a.ProjectId == id);
            attachment.FileName.ShouldBe("01-server-migration.md");
            attachment.Size.ShouldBe(file.LongLength);
        }
    }

    [Fact]
    public void Draft_SchedulesSowTasksOneAfterAnother_OnWorkingDays()
    {
        var proposal = SowExtractor.Extract(TextSowReader.Read("s.md", """
            # Phase 1: Build
            - First — 2 days
            - Second — 4h
            """));
        var draft = SowProjectService.Draft(proposal, Guid.NewGuid(), new DateOnly(2026, 12, 4));

        var tasks = draft.Phases[0].Tasks;
        (tasks[0].Start, tasks[0].Due).ShouldBe((new DateOnly(2026, 12, 4), new DateOnly(2026, 12, 7)));
        (tasks[1].Start, tasks[1].Due).ShouldBe((new DateOnly(2026, 12, 8), new DateOnly(2026, 12, 8)));
        draft.BudgetHours.ShouldBe(20m);
    }

    [Fact]
    public void Draft_LinksThePhasesTheSowOrders_FromTheLastTaskOfTheEarlierPhase_ToTheFirstOfTheLater()
    {
        var proposal = SowExtractor.Extract(TextSowReader.Read("s.md", """
            # Phase 1: Build
            - First — 2 days
            - Second — 4h

            # Phase 2: Handover
            Starts after Phase 1.
            - Train staff — 4h
            - Close out — 2h
            """));
        var draft = SowProjectService.Draft(proposal, Guid.NewGuid(), new DateOnly(2026, 12, 4));

        draft.Phases[1].DependsOn.ShouldBe([draft.Phases[0].Key]);
        draft.Phases[1].Tasks[0].Predecessors.ShouldBe([draft.Phases[0].Tasks[1].Key]);
        draft.Phases[1].Tasks[1].Predecessors.ShouldBeEmpty();
        draft.Phases[0].Tasks.ShouldAllBe(t => t.Predecessors.Count == 0);
    }
}
