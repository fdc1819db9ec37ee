using Psa.Domain;
using Psa.Domain.Common;
using Psa.Domain.Projects;
using Psa.Domain.Projects.Routing;
using Psa.Domain.Projects.Rules;
using Shouldly;

namespace Psa.Tests.Projects;

public sealed class ProjectTemplateTests
{
    private static readonly DateOnly Start = new(2026, 12, 1);

    public static ProjectTemplate ServerMigration() => ProjectTemplate.Create("Server migration", "Migration", RoutingMode.SkillsBased,
    [
        new TemplatePhase
        {
            Key = "disc", Name = "Discovery & planning", GateItems = ["Kickoff call held"], Tasks =
            [
                new TemplateTask { Key = "kick", Title = "Kickoff call", EstimateMinutes = 60, DurationDays = 1 },
                new TemplateTask { Key = "doc", Title = "Document environment", EstimateMinutes = 240, StartOffsetDays = 1, DurationDays = 2, Predecessors = ["kick"] },
            ],
        },
        new TemplatePhase
        {
            Key = "mig", Name = "Migration", DependsOn = ["disc"], RequiresClientSignOff = true, MilestonePercent = 0.6m, Tasks =
            [
                new TemplateTask { Key = "prov", Title = "Provision server", EstimateMinutes = 480, StartOffsetDays = 3, DurationDays = 2, Predecessors = ["doc"], Checklist = ["Firmware updated"] },
            ],
        },
    ]);

    [Fact]
    public void Template_refuses_a_phase_depending_on_a_later_phase()
    {
        var template = ServerMigration();
        var phases = template.Phases;
        phases[0].DependsOn = ["mig"];
        Should.Throw<DomainException>(() => template.SetPhases(phases)).Field.ShouldBe("Depends on");
    }

    [Fact]
    public void Template_refuses_cyclic_task_dependencies()
    {
        var template = ServerMigration();
        var phases = template.Phases;
        phases[0].Tasks[0].Predecessors = ["prov"];
        Should.Throw<BusinessRuleViolationException>(() => template.SetPhases(phases)).Rule.ShouldBeOfType<DependenciesMustNotFormCycle>();
    }

    [Fact]
    public void Deploying_a_draft_creates_phases_tasks_dates_dependencies_gates_and_checklists()
    {
        var template = ServerMigration();
        var draft = template.Draft(Guid.NewGuid(), "contoso-mig", "Contoso server migration", Start);
        draft.Value = 10_000m;
        draft.Phases[1].Tasks[0].Title = "Provision Hyper-V host";
        var plan = ProjectDeployment.Build(draft);

        plan.Phases.Select(p => p.Name).ShouldBe(["Discovery & planning", "Migration"]);
        plan.Phases[1].DependsOnPhaseIds.ShouldBe([plan.Phases[0].Id]);
        plan.Phases[1].MilestoneAmount.ShouldBe(6_000m);
        plan.GateItems(plan.Phases[0].Id).Single().Text.ShouldBe("Kickoff call held");
        var provision = plan.Tasks.Single(t => t.Title == "Provision Hyper-V host");
        provision.StartDate.ShouldBe(Start.AddDays(3));
        provision.DueDate.ShouldBe(Start.AddDays(4));
        provision.PredecessorIds.ShouldBe([plan.Tasks.Single(t => t.Title == "Document environment").Id]);
        plan.ChecklistOf(provision.Id).Single().Text.ShouldBe("Firmware updated");
        plan.Project.BudgetHours.ShouldBe(13m);
        plan.Project.EndDate.ShouldBe(Start.AddDays(4));
    }

    [Fact]
    public void Excluded_tasks_are_not_created_and_their_links_are_dropped()
    {
        var draft = ServerMigration().Draft(Guid.NewGuid(), "c", "C", Start);
        draft.Phases[0].Tasks[1].Include = false;
        var plan = ProjectDeployment.Build(draft);
        plan.Tasks.Count.ShouldBe(2);
        plan.Tasks.Single(t => t.Title == "Provision server").PredecessorIds.ShouldBeEmpty();
    }

    [Fact]
    public void Shifting_the_draft_moves_every_task()
    {
        var draft = ServerMigration().Draft(Guid.NewGuid(), "c", "C", Start);
        draft.ShiftTo(Start.AddDays(7));
        draft.Phases[1].Tasks[0].Start.ShouldBe(Start.AddDays(10));
    }

    [Fact]
    public void A_template_made_from_a_project_round_trips_its_structure()
    {
        var plan = ProjectDeployment.Build(ServerMigration().Draft(Guid.NewGuid(), "c", "C", Start));
        var copy = ProjectTemplate.FromProject(plan, "Copy");
        copy.TaskCount.ShouldBe(3);
        copy.Phases[1].DependsOn.ShouldBe([copy.Phases[0].Key]);
        var provision = copy.Phases[1].Tasks[0];
        provision.StartOffsetDays.ShouldBe(3);
        provision.DurationDays.ShouldBe(2);
        provision.Predecessors.ShouldBe([copy.Phases[0].Tasks[1].Key]);
        copy.Phases[0].GateItems.ShouldBe(["Kickoff call held"]);
    }
}
