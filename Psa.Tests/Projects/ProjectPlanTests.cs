using Psa.Domain;
using Psa.Domain.Common;
using Psa.Domain.Projects;
using Psa.Domain.Projects.Rules;
using Shouldly;

namespace Psa.Tests.Projects;

public sealed class ProjectPlanTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static (ProjectPlan Plan, ProjectPhase Discovery, ProjectPhase Migration, ProjectTask Kickoff, ProjectTask Document, ProjectTask Provision) Build()
    {
        var plan = new ProjectPlan(Project.Create("contoso-srv", Guid.NewGuid(), "Server migration"), [], [], []);
        var discovery = plan.AddPhase("Discovery & planning");
        var migration = plan.AddPhase("Migration", requiresClientSignOff: true, milestonePercent: 0.5m);
        plan.AddPhaseDependency(migration.Id, discovery.Id);
        var kickoff = plan.AddTask(discovery.Id, "Kickoff call", 60, Today, Today);
        var document = plan.AddTask(discovery.Id, "Document current environment", 240, Today.AddDays(1), Today.AddDays(2));
        var provision = plan.AddTask(migration.Id, "Provision new server", 480, Today.AddDays(3), Today.AddDays(4));
        plan.AddTaskDependency(document.Id, kickoff.Id);
        return (plan, discovery, migration, kickoff, document, provision);
    }

    private static T Broken<T>(Action action) where T : IBusinessRule =>
        Should.Throw<BusinessRuleViolationException>(action).Rule.ShouldBeOfType<T>();

    [Fact]
    public void Task_cannot_start_while_the_phase_it_depends_on_is_incomplete()
    {
        var (plan, _, _, _, _, provision) = Build();
        var ex = Should.Throw<BusinessRuleViolationException>(() => plan.ChangeStatus(provision.Id, ProjectTaskStatus.InProgress, Today));
        ex.Rule.ShouldBeOfType<TaskCannotStartWhileDependedPhaseIsOpen>();
        ex.Message.ShouldBe("“Provision new server” cannot start: phase “Discovery & planning” is not complete (0 of 2 tasks done).");
    }

    [Fact]
    public void Task_cannot_start_while_the_phase_it_depends_on_has_open_gate_items()
    {
        var (plan, discovery, _, kickoff, document, provision) = Build();
        var gate = plan.AddGateItem(discovery.Id, "Client approved the migration plan");
        plan.ChangeStatus(kickoff.Id, ProjectTaskStatus.Done, Today);
        plan.ChangeStatus(document.Id, ProjectTaskStatus.Done, Today);
        discovery.IsComplete.ShouldBeFalse();
        var ex = Should.Throw<BusinessRuleViolationException>(() => plan.ChangeStatus(provision.Id, ProjectTaskStatus.InProgress, Today));
        ex.Rule.ShouldBeOfType<TaskCannotStartWhileDependedPhaseIsOpen>();
        ex.Message.ShouldContain("has open gate items: “Client approved the migration plan”");

        plan.CheckItem(gate.Id, true, "Priya", Today);
        discovery.IsComplete.ShouldBeTrue();
        plan.ChangeStatus(provision.Id, ProjectTaskStatus.InProgress, Today);
        provision.Status.ShouldBe(ProjectTaskStatus.InProgress);
    }

    [Fact]
    public void Task_cannot_start_before_its_finish_to_start_predecessor_is_done()
    {
        var (plan, _, _, _, document, _) = Build();
        Broken<TaskCannotStartBeforePredecessorsAreDone>(() => plan.ChangeStatus(document.Id, ProjectTaskStatus.InProgress, Today))
            .Message.ShouldContain("waiting for “Kickoff call”");
    }

    [Fact]
    public void Blocked_and_to_do_are_allowed_while_gates_are_open()
    {
        var (plan, _, _, _, _, provision) = Build();
        plan.ChangeStatus(provision.Id, ProjectTaskStatus.Blocked, Today);
        provision.Status.ShouldBe(ProjectTaskStatus.Blocked);
    }

    [Fact]
    public void Phase_completes_only_with_tasks_done_gates_checked_and_client_sign_off()
    {
        var (plan, discovery, migration, kickoff, document, provision) = Build();
        plan.ChangeStatus(kickoff.Id, ProjectTaskStatus.Done, Today);
        plan.ChangeStatus(document.Id, ProjectTaskStatus.Done, Today);
        discovery.CompletedOn.ShouldBe(Today);
        plan.AddGateItem(migration.Id, "Backups verified");

        var rule = Broken<PhaseCompletesOnlyWhenTasksDoneGatesCheckedAndSignedOff>(() => plan.CompletePhase(migration.Id, Today));
        rule.Missing.ShouldBe(["1 of 1 tasks are not done", "gate items not checked: “Backups verified”", "client sign-off is not recorded"]);

        plan.ChangeStatus(provision.Id, ProjectTaskStatus.Done, Today);
        plan.CheckItem(plan.GateItems(migration.Id).Single().Id, true, "Tom", Today);
        migration.IsComplete.ShouldBeFalse();
        Broken<SignOffOnBehalfNeedsNote>(() => plan.RecordClientSignOff(migration.Id, "Priya", " ", Today));
        plan.RecordClientSignOff(migration.Id, "Priya", "Email from J. Smith", Today);
        migration.IsComplete.ShouldBeTrue();
        migration.SignOffNote.ShouldBe("Email from J. Smith");
    }

    [Fact]
    public void A_phase_without_tasks_completes_when_its_gate_items_are_checked_and_frees_its_dependants()
    {
        var plan = new ProjectPlan(Project.Create("contoso-fw", Guid.NewGuid(), "Firewall"), [], [], []);
        var approval = plan.AddPhase("Approval");
        var build = plan.AddPhase("Build");
        plan.AddPhaseDependency(build.Id, approval.Id);
        var install = plan.AddTask(build.Id, "Install firewall");
        var signed = plan.AddGateItem(approval.Id, "Change request signed");
        var window = plan.AddGateItem(approval.Id, "Maintenance window booked");

        plan.CheckItem(signed.Id, true, "Priya", Today);
        approval.IsComplete.ShouldBeFalse();
        plan.CheckItem(window.Id, true, "Priya", Today);
        approval.CompletedOn.ShouldBe(Today);
        plan.ChangeStatus(install.Id, ProjectTaskStatus.InProgress, Today);
        install.Status.ShouldBe(ProjectTaskStatus.InProgress);
    }

    [Fact]
    public void A_phase_without_tasks_or_gate_items_completes_by_hand_and_stays_complete()
    {
        var plan = new ProjectPlan(Project.Create("contoso-fw", Guid.NewGuid(), "Firewall"), [], [], []);
        var kickoff = plan.AddPhase("Kickoff");
        var build = plan.AddPhase("Build");
        plan.AddPhaseDependency(build.Id, kickoff.Id);
        var install = plan.AddTask(build.Id, "Install firewall");

        plan.CompletePhase(kickoff.Id, Today);
        plan.UpdatePhase(kickoff.Id, "Kick-off", false, null, null);
        kickoff.CompletedOn.ShouldBe(Today);
        plan.ChangeStatus(install.Id, ProjectTaskStatus.InProgress, Today);
        install.Status.ShouldBe(ProjectTaskStatus.InProgress);
    }

    [Fact]
    public void Changes_other_features_react_to_are_raised_as_events_on_the_project()
    {
        var (plan, discovery, _, kickoff, document, _) = Build();
        plan.Project.BillingModel = ProjectBillingModel.Milestone;
        discovery.MilestoneAmount = 500m;
        plan.AssignTask(kickoff.Id, Guid.NewGuid(), null);
        plan.Project.TakeDomainEvents();

        plan.ChangeStatus(kickoff.Id, ProjectTaskStatus.InProgress, Today, movedByUserId: "user-1");
        plan.ChangeStatus(kickoff.Id, ProjectTaskStatus.Done, Today);
        plan.ChangeStatus(document.Id, ProjectTaskStatus.Done, Today);

        plan.Project.TakeDomainEvents().ShouldBe([
            new TaskStatusChanged(plan.Project.Id, kickoff.Id, ProjectTaskStatus.ToDo, ProjectTaskStatus.InProgress, kickoff.AssigneeEngineerId, "user-1"),
            new TaskStatusChanged(plan.Project.Id, kickoff.Id, ProjectTaskStatus.InProgress, ProjectTaskStatus.Done, kickoff.AssigneeEngineerId, null),
            new TaskStatusChanged(plan.Project.Id, document.Id, ProjectTaskStatus.ToDo, ProjectTaskStatus.Done, null, null),
            new PhaseCompleted(plan.Project.Id, discovery.Id, HasMilestone: true),
        ]);
        plan.Project.TakeDomainEvents().ShouldBeEmpty();
    }

    [Fact]
    public void Project_update_refuses_bad_details_naming_every_field_and_changes_nothing()
    {
        var project = Project.Create("contoso-srv", Guid.NewGuid(), "Server migration");
        var refused = Should.Throw<ValidationFailedException>(() => project.Update(" ", null, ProjectStatus.Active, null, Today, Today.AddDays(-1),
            -1m, -5m, ProjectBillingModel.Deposit, 1000m, null, Psa.Domain.Projects.Routing.RoutingMode.Manual, null, null));
        refused.Errors.Select(e => e.Field).ShouldBe(["Name", "End", "Budget hours", "Budget amount", "Deposit %"]);
        Should.Throw<ValidationFailedException>(() => project.Update("Server migration", null, ProjectStatus.Active, null, null, null,
            null, null, ProjectBillingModel.AsWorked, null, 1.5m, Psa.Domain.Projects.Routing.RoutingMode.Manual, null, null)).Errors.Single().Field.ShouldBe("Deposit %");
        project.Name.ShouldBe("Server migration");
        project.EndDate.ShouldBeNull();

        project.Update(" Server refresh ", " Migration ", ProjectStatus.Active, null, Today, Today.AddDays(10), 40m, 5000m, ProjectBillingModel.Deposit, 10_000m, 0.3m,
            Psa.Domain.Projects.Routing.RoutingMode.Manual, null, "Two hosts");
        (project.Name, project.ProjectType, project.EndDate, project.DepositPercent).ShouldBe(("Server refresh", "Migration", Today.AddDays(10), 0.3m));
    }

    [Fact]
    public void Reopening_a_task_reopens_its_phase()
    {
        var (plan, discovery, _, kickoff, document, _) = Build();
        plan.ChangeStatus(kickoff.Id, ProjectTaskStatus.Done, Today);
        plan.ChangeStatus(document.Id, ProjectTaskStatus.Done, Today);
        discovery.IsComplete.ShouldBeTrue();
        plan.ChangeStatus(document.Id, ProjectTaskStatus.InProgress, Today);
        discovery.IsComplete.ShouldBeFalse();
        plan.Progress(discovery.Id).ShouldBe((1, 2));
    }

    [Fact]
    public void Task_dependencies_cannot_form_a_cycle()
    {
        var (plan, _, _, kickoff, document, provision) = Build();
        plan.AddTaskDependency(provision.Id, document.Id);
        var rule = Broken<DependenciesMustNotFormCycle>(() => plan.AddTaskDependency(kickoff.Id, provision.Id));
        rule.Message.ShouldContain("would form a cycle");
        Broken<DependenciesMustNotFormCycle>(() => plan.AddTaskDependency(kickoff.Id, kickoff.Id));
    }

    [Fact]
    public void Phase_dependencies_cannot_form_a_cycle_or_point_forward()
    {
        var (plan, discovery, migration, _, _, _) = Build();
        Broken<DependenciesMustNotFormCycle>(() => plan.AddPhaseDependency(discovery.Id, migration.Id));
        var handover = plan.AddPhase("Handover");
        Broken<PhaseMayOnlyDependOnEarlierPhases>(() => plan.AddPhaseDependency(migration.Id, handover.Id));
    }

    [Fact]
    public void Rescheduling_a_task_shifts_its_successors_keeping_their_duration()
    {
        var (plan, _, _, kickoff, document, provision) = Build();
        plan.AddTaskDependency(provision.Id, document.Id);
        var moved = plan.Reschedule(kickoff.Id, Today.AddDays(1), Today.AddDays(2));
        moved.ShouldBe([document, provision]);
        document.StartDate.ShouldBe(Today.AddDays(3));
        document.DueDate.ShouldBe(Today.AddDays(4));
        provision.StartDate.ShouldBe(Today.AddDays(5));
        provision.DueDate.ShouldBe(Today.AddDays(6));
    }

    [Fact]
    public void Rescheduling_a_task_before_its_predecessor_finishes_is_refused_with_the_reason()
    {
        var (plan, _, _, _, document, _) = Build();
        var rule = Broken<TaskMustStartAfterPredecessorsFinish>(() => plan.Reschedule(document.Id, Today, Today.AddDays(1)));
        rule.Message.ShouldContain("must start after “Kickoff call” finishes");
        document.StartDate.ShouldBe(Today.AddDays(1));
    }

    [Fact]
    public void Due_date_cannot_precede_start()
    {
        var (plan, _, _, kickoff, _, _) = Build();
        Broken<TaskDueDateNotBeforeStart>(() => plan.Reschedule(kickoff.Id, Today.AddDays(2), Today));
    }
}
