using Psa.Domain.Projects;
using Shouldly;

namespace Psa.Tests.Projects;

/// <summary>Issue 14 §5: a phase reads the same status for staff and in the portal, from one rule.</summary>
public sealed class PhaseStatusTests
{
    [Fact]
    public void Completed_then_awaiting_then_in_progress_then_ready()
    {
        PhaseStatus.Of(new DateOnly(2026, 12, 2), ["Design"], started: true).ShouldBe(new PhaseStatus(PhaseStage.Complete, "Completed 2 Dec 2026"));
        PhaseStatus.Of(null, ["Design", "Survey"], started: true).ShouldBe(new PhaseStatus(PhaseStage.Awaiting, "Awaiting Design, Survey"));
        PhaseStatus.Of(null, [], started: true).ShouldBe(new PhaseStatus(PhaseStage.InProgress, "In progress"));
        PhaseStatus.Of(null, [], started: false).ShouldBe(new PhaseStatus(PhaseStage.Ready, "Ready to start"));
        PhaseStatus.Of(null, [], started: false).WithTasks(0, 3).ShouldBe("Ready to start · 0 of 3 tasks complete");
    }

    [Fact]
    public void A_plan_phase_waits_for_the_phases_it_depends_on_and_starts_with_a_checked_gate_item()
    {
        var project = Project.Create("p-1", Guid.NewGuid(), "Firewall refresh");
        var plan = new ProjectPlan(project, [], [], []);
        var design = plan.AddPhase("Design");
        var install = plan.AddPhase("Install");
        plan.AddPhaseDependency(install.Id, design.Id);

        PhaseStatus.Of(plan, design).Text.ShouldBe("Ready to start");
        PhaseStatus.Of(plan, install).Text.ShouldBe("Awaiting Design");

        // One of two gate items checked (both checked would complete a phase without tasks).
        var gate = plan.AddGateItem(design.Id, "Diagram agreed");
        plan.AddGateItem(design.Id, "Change window booked");
        plan.CheckItem(gate.Id, true, "Pat", new DateOnly(2026, 12, 2));
        PhaseStatus.Of(plan, design).Text.ShouldBe("In progress");
    }
}
