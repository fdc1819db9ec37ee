using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Psa.Domain.Engineers;
using Psa.Domain.Projects;
using Psa.Domain.Sow;
using Psa.Tests.Components;
using Psa.Web.Auth;
using Psa.Web.Clients;
using Psa.Web.Components.Pages.Sow;
using Psa.Web.Engineers;
using Psa.Web.Portal;
using Psa.Web.Projects;
using Psa.Web.Sow;
using Shouldly;
using Psa.Tests.Support;

namespace Psa.Tests.Sow;

/// <summary>bUnit tests of the proposal review: sources highlighted, reasons on demand, seeded tasks accepted or rejected, everything editable.</summary>
public sealed class SowReviewComponentTests : BunitContext, IAsyncLifetime
{
    private static readonly Engineer Ana = Engineer.Create("ana", "Ana Lopez", 50m);

    public SowReviewComponentTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services only dispose asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    private static (SowProposal Proposal, DeploymentDraft Draft) Proposal()
    {
        var proposal = SowExtractor.Extract(TextSowReader.Read("acme-migration.md", """
            # Server migration for Acme
            ## Phase 1: Discovery
            - Document the current environment — 1 day
            ## Phase 2: Migration
            Starts after Phase 1.
            - Provision the new server — 16h
            - Migrate file shares — 12h
            ## Phase 3: Handover
            - Handover session — 2h
            ## Payment
            30% on signature, 40% on completion of Phase 2 and 30% on completion of Phase 3.
            """));
        PastProject Past(string code, decimal provision) => new(Guid.NewGuid(), code, $"{code} migration", "Server migration",
            "Server migration Discovery Migration Handover Provision the new server Migrate file shares Decommission the old server",
            [
                new PastTask("Migration", 1, 3, "Provision the new server", 16, provision),
                new PastTask("Handover", 2, 3, "Decommission the old server", 4, 5),
            ]);
        SowHistory.Seed(proposal, [Past("m1", 20), Past("m2", 22)]);
        var draft = SowProjectService.Draft(proposal, Guid.NewGuid(), new DateOnly(2026, 12, 7));
        foreach (var task in draft.IncludedTasks)
        {
            task.AssigneeEngineerId = Ana.Id;
            task.AssignmentReason = "has the skills and the most free hours that week";
        }

        return (proposal, draft);
    }

    private IRenderedComponent<SowProposalReview> Review(SowProposal proposal, DeploymentDraft draft, Action<DraftTask>? accepted = null) =>
        Render<SowProposalReview>(p => p.Add(x => x.Draft, draft).Add(x => x.Proposal, proposal).Add(x => x.Engineers, [Ana])
            .Add(x => x.OnAccepted, t => accepted?.Invoke(t)));

    [Fact]
    public void Every_proposed_task_shows_the_SOW_words_it_came_from_highlighted()
    {
        var (proposal, draft) = Proposal();
        var cut = Review(proposal, draft);

        var provision = cut.Find($"[data-task='{draft.Phases[1].Tasks.Single(t => t.Title == "Provision the new server").Key}']");
        provision.QuerySelector("[data-testid=task-source] mark")!.TextContent.ShouldBe("Provision the new server — 16h");
        var migration = cut.FindAll("[data-testid=proposal-phase]")[1];
        migration.QuerySelector("[data-testid=phase-dependency]")!.TextContent.ShouldContain("after Phase 1: Discovery");
        migration.QuerySelectorAll("[data-testid=phase-source] mark").Select(m => m.TextContent).ShouldContain("Starts after Phase 1.");
        migration.QuerySelectorAll("[data-testid=phase-source] mark").Select(m => m.TextContent).ShouldContain(s => s.StartsWith("40% on completion of Phase 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Estimates_adjusted_by_history_say_so_and_seeded_tasks_are_marked_from_past_projects()
    {
        var (proposal, draft) = Proposal();
        var cut = Review(proposal, draft);

        cut.Find("[data-testid=estimate-note]").TextContent.ShouldBe("SOW says 16 h; similar projects took 21 h on average");
        cut.Find("[data-testid=similar-projects]").TextContent.ShouldContain("m1");
        var seeded = cut.Find("[data-seeded=true]");
        seeded.TextContent.ShouldContain("from past projects");
        seeded.QuerySelector("[data-testid=task-source]")!.TextContent.ShouldContain("Not in the SOW");
        draft.Phases[2].Tasks.Single(t => t.Title == "Decommission the old server").Include.ShouldBeFalse();
    }

    [Fact]
    public void The_reason_for_an_assignment_is_shown_on_demand()
    {
        var (proposal, draft) = Proposal();
        var cut = Review(proposal, draft);

        cut.FindAll("[data-testid=assignment-reason]").ShouldBeEmpty();
        cut.Find("button[aria-label='Why Ana Lopez for Migrate file shares']").Click();
        cut.Find("[data-testid=assignment-reason]").TextContent.ShouldBe("Ana Lopez: has the skills and the most free hours that week");
        cut.Find("button[aria-label='Why Ana Lopez for Migrate file shares']").Click();
        cut.FindAll("[data-testid=assignment-reason]").ShouldBeEmpty();
    }

    [Fact]
    public void A_seeded_task_is_accepted_into_the_draft_and_routed_or_rejected_out_of_it()
    {
        var (proposal, draft) = Proposal();
        DraftTask? routed = null;
        var cut = Review(proposal, draft, t => routed = t);
        var decommission = draft.Phases[2].Tasks.Single(t => t.Title == "Decommission the old server");

        cut.Find("button[aria-label='Accept Decommission the old server']").Click();
        decommission.Include.ShouldBeTrue();
        routed.ShouldBeSameAs(decommission);
        cut.Find("[data-seeded=true]").TextContent.ShouldContain("Accepted");

        cut.Find("button[aria-label='Reject Decommission the old server']").Click();
        decommission.Include.ShouldBeFalse();
        cut.Find("[data-seeded=true]").TextContent.ShouldContain("Rejected");
        cut.FindAll("button[aria-label='Reject Decommission the old server']").ShouldBeEmpty();
    }

    [Fact]
    public void The_PM_edits_titles_estimates_assignees_sign_off_milestones_and_checklists()
    {
        var (proposal, draft) = Proposal();
        var cut = Review(proposal, draft);
        var handover = draft.Phases[2].Tasks[0];

        cut.Find("input[aria-label='Title of Handover session']").Change("Handover workshop with the IT lead");
        handover.Title.ShouldBe("Handover workshop with the IT lead");
        cut.Find("input[aria-label='Estimate of Handover workshop with the IT lead']").Change("3.5");
        handover.EstimateMinutes.ShouldBe(210);
        cut.Find("select[aria-label='Assignee of Handover workshop with the IT lead']").Change(string.Empty);
        handover.AssigneeEngineerId.ShouldBeNull();
        cut.Find("input[aria-label='Client sign-off of Phase 3: Handover']").Change(true);
        draft.Phases[2].RequiresClientSignOff.ShouldBeTrue();
        cut.Find("input[aria-label='Milestone percent of Phase 2: Migration']").Change("45");
        draft.Phases[1].MilestonePercent.ShouldBe(0.45m);

        var task = cut.FindAll("[data-testid=proposal-task]").Single(t => t.GetAttribute("data-task") == handover.Key);
        task.QuerySelectorAll("button").Single(b => b.TextContent.Contains("Add checklist", StringComparison.Ordinal)).Click();
        cut.Find("textarea[aria-label='Checklist of Handover workshop with the IT lead']").Change("Runbook handed over\n\nAdmin passwords rotated ");
        handover.Checklist.ShouldBe(["Runbook handed over", "Admin passwords rotated"]);
    }

    [Fact]
    public void Assumptions_and_exclusions_are_listed_to_be_kept_on_the_project()
    {
        var proposal = SowExtractor.Extract(TextSowReader.Read("s.md", """
            ## Phase 1: Build
            - Build it — 2 days
            ## Assumptions
            - Acme provides admin credentials
            ## Exclusions
            - Printers
            """));
        var draft = SowProjectService.Draft(proposal, Guid.NewGuid(), new DateOnly(2026, 12, 7));
        var cut = Review(proposal, draft);

        cut.Find("[data-testid=assumptions]").TextContent.ShouldContain("Acme provides admin credentials");
        cut.Find("[data-testid=exclusions]").TextContent.ShouldContain("Printers");
        SowProjectService.Notes(proposal).ShouldContain("Exclusions:\n- Printers");
    }
}

/// <summary>The upload step refuses what it cannot read before reading it, naming the file and the rule.</summary>
public sealed class SowUploadComponentTests(PsaAppFactory app) : ComponentTestContext(app), IClassFixture<PsaAppFactory>
{
    private async Task<IRenderedComponent<SowProjectPage>> PageAsync()
    {
        var tenant = await App.CreateTenantAsync(App.NewSlug("sowup"));
        Tenant.Set(tenant.Tenant);
        var auth = AddAuthorization();
        auth.SetAuthorized("owner@example.com");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, tenant.OwnerUserId), new Claim(PsaClaims.Tenant, tenant.Tenant.Slug.Value));
        var cut = RenderInteractive<SowProjectPage>();
        cut.WaitForAssertion(() => cut.Find("#sowFile"), Patience);
        return cut;
    }

    [Fact]
    public async Task A_file_of_another_type_is_refused_naming_its_type()
    {
        var cut = await PageAsync();
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("name,hours", "plan.csv"));
        cut.WaitForAssertion(() => cut.Markup.ShouldContain("plan.csv is a .csv; a statement of work must be a .docx, .pdf, .md or .txt file."), Patience);
        cut.FindAll("[data-testid=chosen-file]").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_file_over_10_MB_is_refused_naming_its_size()
    {
        var cut = await PageAsync();
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(new byte[11 * 1024 * 1024], "huge.pdf"));
        cut.WaitForAssertion(() => cut.Markup.ShouldContain("huge.pdf is 11.0 MB; a statement of work can be at most 10 MB."), Patience);
    }

    [Fact]
    public async Task A_file_without_any_work_in_it_says_what_a_SOW_needs()
    {
        var cut = await PageAsync();
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("Dear Dana, thanks for the call. Regards, John", "letter.txt"));
        cut.WaitForAssertion(() => cut.Find("[data-testid=chosen-file]").TextContent.ShouldContain("letter.txt"), Patience);
        await cut.FindAll("button").Single(b => b.TextContent.Contains("Read statement of work", StringComparison.Ordinal)).ClickAsync(new());
        cut.WaitForAssertion(() => cut.Markup.ShouldContain("No phases or tasks were found in letter.txt."), Patience);
    }
}
