using Microsoft.Extensions.DependencyInjection;
using Psa.Domain;
using Psa.Domain.Clients;
using Psa.Domain.Common;
using Psa.Domain.Projects;
using Psa.Domain.Projects.Routing;
using Psa.Domain.Quotes;
using Psa.Domain.Projects.Rules;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Web.Clients;
using Psa.Web.Projects;
using Shouldly;

namespace Psa.Tests.Projects;

/// <summary>Editing a project's phases after it exists: rename, reorder, remove, dependencies, milestones — the rules still hold.</summary>
public sealed class PhaseEditingTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static (ProjectPlan Plan, ProjectPhase Discovery, ProjectPhase Build, ProjectPhase Handover) Plan()
    {
        var project = Project.Create("p", Guid.NewGuid(), "Rollout");
        project.Value = 10_000m;
        var plan = new ProjectPlan(project, [], [], []);
        var discovery = plan.AddPhase("Discovery");
        var build = plan.AddPhase("Build");
        var handover = plan.AddPhase("Handover");
        plan.AddPhaseDependency(build.Id, discovery.Id);
        return (plan, discovery, build, handover);
    }

    [Fact]
    public void Updating_a_phase_renames_it_and_sets_the_milestone_amount_from_the_percentage_of_the_value()
    {
        var (plan, _, build, _) = Plan();
        plan.UpdatePhase(build.Id, "  Build & test ", requiresClientSignOff: true, milestonePercent: 0.333m, milestoneAmount: 99m);
        build.Name.ShouldBe("Build & test");
        build.RequiresClientSignOff.ShouldBeTrue();
        build.MilestoneAmount.ShouldBe(3330m);
        plan.UpdatePhase(build.Id, "Build", false, null, 1234.5m);
        build.MilestoneAmount.ShouldBe(1234.5m);
        build.MilestonePercent.ShouldBeNull();
    }

    [Fact]
    public void Updating_a_phase_names_the_field_that_is_wrong()
    {
        var (plan, _, build, _) = Plan();
        Should.Throw<DomainException>(() => plan.UpdatePhase(build.Id, " ", false, null, null)).Field.ShouldBe("Phase name");
        Should.Throw<DomainException>(() => plan.UpdatePhase(build.Id, "Build", false, 1.5m, null)).Field.ShouldBe("Milestone %");
        Should.Throw<DomainException>(() => plan.UpdatePhase(build.Id, "Build", false, null, -1m)).Field.ShouldBe("Milestone amount");
    }

    [Fact]
    public void Gate_and_task_checklist_items_can_be_reworded_keeping_whether_they_are_checked()
    {
        var (plan, discovery, _, _) = Plan();
        var gate = plan.AddGateItem(discovery.Id, "Clinet approved plan");
        var task = plan.AddTask(discovery.Id, "Survey");
        var todo = plan.AddTaskChecklistItem(task.Id, "Photograph rack");
        plan.CheckItem(gate.Id, true, "Priya", Today);

        plan.EditChecklistItem(gate.Id, "  Client approved the plan ");
        plan.EditChecklistItem(todo.Id, "Photograph the rack and labels");

        gate.Text.ShouldBe("Client approved the plan");
        gate.IsDone.ShouldBeTrue();
        todo.Text.ShouldBe("Photograph the rack and labels");
        Should.Throw<DomainException>(() => plan.EditChecklistItem(gate.Id, " ")).Field.ShouldBe("Checklist item");
        gate.Text.ShouldBe("Client approved the plan");
        Should.Throw<DomainException>(() => plan.EditChecklistItem(Guid.NewGuid(), "x")).Field.ShouldBe("Checklist item");
    }

    [Fact]
    public void Moving_a_phase_swaps_it_with_its_neighbour()
    {
        var (plan, discovery, build, handover) = Plan();
        plan.MovePhase(handover.Id, -1);
        plan.Phases.Select(p => p.Name).ShouldBe(["Discovery", "Handover", "Build"]);
        plan.MovePhase(discovery.Id, -1);
        plan.Phases.Select(p => p.Name).ShouldBe(["Discovery", "Handover", "Build"], "the first phase cannot move up");
        build.Order.ShouldBeGreaterThan(handover.Order);
    }

    [Fact]
    public void A_phase_cannot_move_before_a_phase_it_depends_on_and_the_message_names_both()
    {
        var (plan, discovery, build, _) = Plan();
        var rule = Should.Throw<BusinessRuleViolationException>(() => plan.MovePhase(build.Id, -1)).Rule.ShouldBeOfType<PhaseOrderKeepsDependenciesEarlier>();
        rule.Message.ShouldBe("Phase “Build” cannot move before “Discovery”: it depends on “Discovery”. Remove that dependency first.");
        Should.Throw<BusinessRuleViolationException>(() => plan.MovePhase(discovery.Id, 1)).Rule.ShouldBeOfType<PhaseOrderKeepsDependenciesEarlier>();
        plan.Phases.Select(p => p.Name).ShouldBe(["Discovery", "Build", "Handover"]);

        plan.RemovePhaseDependency(build.Id, discovery.Id);
        plan.MovePhase(build.Id, -1);
        plan.Phases.Select(p => p.Name).ShouldBe(["Build", "Discovery", "Handover"]);
    }

    [Fact]
    public void Removing_a_phase_is_refused_while_it_has_tasks_or_dependents_naming_them()
    {
        var (plan, discovery, build, handover) = Plan();
        plan.AddTask(discovery.Id, "Kickoff call");
        var rule = Should.Throw<BusinessRuleViolationException>(() => plan.RemovePhase(discovery.Id)).Rule.ShouldBeOfType<PhaseCanBeRemovedOnlyWhenUnused>();
        rule.Message.ShouldBe("Phase “Discovery” cannot be removed: it has 1 task and “Build” depends on it.");

        var gate = plan.AddGateItem(handover.Id, "Runbook signed");
        plan.RemovePhase(handover.Id);
        plan.Phases.ShouldNotContain(handover);
        plan.Checklist.ShouldNotContain(gate);
        plan.Removed.ShouldBe([gate, handover], ignoreOrder: true);
        build.DependsOnPhaseIds.ShouldBe([discovery.Id]);
    }

    [Fact]
    public void Removing_the_last_open_gate_item_completes_a_phase_whose_tasks_are_done()
    {
        var (plan, discovery, _, _) = Plan();
        var task = plan.AddTask(discovery.Id, "Kickoff call");
        var gate = plan.AddGateItem(discovery.Id, "Scope agreed");
        plan.ChangeStatus(task.Id, ProjectTaskStatus.Done, Today);
        discovery.IsComplete.ShouldBeFalse();
        plan.RemoveChecklistItem(gate.Id);
        plan.CompletePhase(discovery.Id, Today);
        discovery.IsComplete.ShouldBeTrue();
    }

    [Fact]
    public void Client_contacts_and_sites_can_be_edited_and_removed_keeping_one_primary_contact()
    {
        var client = Client.Create("acme", "Acme", 0.2m);
        var ann = client.AddContact("Ann", "ann@acme.test");
        var bob = client.AddContact("Bob", "bob@acme.test");
        Should.Throw<DomainException>(() => client.UpdateContact(bob.Id, "Bob", "ANN@acme.test", null, false)).Field.ShouldBe("Email");
        Should.Throw<DomainException>(() => client.UpdateContact(ann.Id, "Ann", "ann@acme.test", null, false)).Field.ShouldBe("Primary");
        client.UpdateContact(bob.Id, "Bob Smith", "Bob.Smith@acme.test", " 555 ", true);
        (bob.Name, bob.Email, bob.Phone, bob.IsPrimary, ann.IsPrimary).ShouldBe(("Bob Smith", "bob.smith@acme.test", "555", true, false));
        client.RemoveContact(bob.Id);
        client.Contacts.ShouldBe([ann]);
        ann.IsPrimary.ShouldBeTrue("the next contact becomes primary");

        var site = client.AddSite("HQ", "1 Main St");
        client.UpdateSite(site.Id, "Head office", " ");
        (site.Name, site.Address).ShouldBe(("Head office", null));
        Should.Throw<DomainException>(() => client.UpdateSite(site.Id, "", null)).Field.ShouldBe("Name");
        client.RemoveSite(site.Id);
        client.Sites.ShouldBeEmpty();
    }

    [Fact]
    public void A_quote_deposit_must_be_a_positive_fraction_and_a_declined_quote_cannot_change()
    {
        var quote = Quote.Create("Q-1", Guid.NewGuid(), "Firewall", Today);
        Should.Throw<DomainException>(() => quote.SetBilling(ProjectBillingModel.Deposit, null)).Field.ShouldBe("Deposit %");
        quote.SetBilling(ProjectBillingModel.Deposit, 0.3m);
        (quote.BillingModel, quote.DepositPercent).ShouldBe((ProjectBillingModel.Deposit, 0.3m));
        quote.SetBilling(ProjectBillingModel.Upfront, 0.3m);
        quote.DepositPercent.ShouldBeNull();
        quote.Decline();
        quote.Status.ShouldBe(QuoteStatus.Declined);
        Should.Throw<DomainException>(() => quote.SetBilling(ProjectBillingModel.AsWorked, null)).Field.ShouldBe("Status");
    }
}

/// <summary>The same editing through the services over a real workspace database: removals are deleted, multi-row adds are saved together.</summary>
public sealed class PhaseEditingServiceTests : IDisposable
{
    private readonly PsaAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Phases_tasks_and_contacts_edited_through_the_services_are_saved()
    {
        var tenant = (await _app.CreateTenantAsync("editing")).Tenant;
        await using var scope = _app.Service<TenantScopeFactory>().Open(tenant);
        var clients = scope.ServiceProvider.GetRequiredService<ClientService>();
        var projects = scope.ServiceProvider.GetRequiredService<ProjectQueries>();
        var editor = scope.ServiceProvider.GetRequiredService<ProjectEditor>();
        var plans = scope.ServiceProvider.GetRequiredService<PlanEditor>();

        var clientId = await clients.SaveAsync(null, new ClientInput("acme", "Acme", 20, null, null));
        var id = await editor.CreateAsync(new ProjectInput("acme-fw", clientId, "Firewall", null, ProjectStatus.Planned, null, null, null, 10, 5000,
            ProjectBillingModel.Milestone, 8000, null, RoutingMode.Manual, null, null));
        var survey = await plans.AddPhaseAsync(id, "Survey", false, null, null);
        var install = await plans.AddPhaseAsync(id, "Install", true, 0.25m, survey);
        var spare = await plans.AddPhaseAsync(id, "Spare", false, null, null, 150m);
        await plans.AddGateItemAsync(id, spare, "Never needed");
        await plans.AddGateItemAsync(id, survey, "Site visited");
        var first = await plans.AddTaskAsync(id, new NewTask(survey, "Walk the site", 120, null, null, null, null, [], []));
        await plans.AddTaskAsync(id, new NewTask(install, "Rack the firewall", 240, null, null, "Mount and cable", null, [first], ["Label cables", "Photo of rack"]));
        await plans.RemovePhaseAsync(id, spare);
        await editor.UpdateAsync(id, ProjectEditor.ToInput((await projects.GetAsync(id))!.Plan.Project) with { Name = "Firewall refresh", DepositPercent = null });

        var plan = (await projects.GetAsync(id))!.Plan;
        plan.Project.Name.ShouldBe("Firewall refresh");
        plan.Phases.Select(p => p.Name).ShouldBe(["Survey", "Install"]);
        plan.Phases[1].MilestoneAmount.ShouldBe(2000m);
        plan.Phases[1].DependsOnPhaseIds.ShouldBe([survey]);
        plan.Checklist.Where(c => c.IsGateItem).Select(c => c.Text).ShouldBe(["Site visited"]);
        var rack = plan.Tasks.Single(t => t.Title == "Rack the firewall");
        (rack.Description, rack.PredecessorIds.Single()).ShouldBe(("Mount and cable", first));
        plan.ChecklistOf(rack.Id).Select(c => c.Text).ShouldBe(["Label cables", "Photo of rack"]);

        var refused = await Should.ThrowAsync<BusinessRuleViolationException>(() => plans.ChangeStatusAsync(id, rack.Id, ProjectTaskStatus.InProgress));
        refused.Message.ShouldContain("phase “Survey” is not complete (0 of 1 tasks done) and has open gate items: “Site visited”");

        var bad = await Should.ThrowAsync<ValidationFailedException>(() => editor.UpdateAsync(id, ProjectEditor.ToInput(plan.Project) with { BillingModel = ProjectBillingModel.Deposit, DepositPercent = null, ProjectManagerUserId = "nobody" }));
        bad.Errors.Select(e => e.Field).ShouldBe(["Deposit %", "Project manager"], ignoreOrder: true);

        var contact = await clients.AddContactAsync(clientId, "Ann", "ann@acme.test", null, true);
        await clients.UpdateContactAsync(clientId, contact, "Ann Lee", "ann.lee@acme.test", "555", true);
        var site = await clients.AddSiteAsync(clientId, "HQ", null);
        await clients.RemoveSiteAsync(clientId, site);
        var client = (await clients.GetAsync(clientId))!;
        client.Contacts.Single().Email.ShouldBe("ann.lee@acme.test");
        client.Sites.ShouldBeEmpty();
        await clients.RemoveContactAsync(clientId, contact);
        (await clients.GetAsync(clientId))!.Contacts.ShouldBeEmpty();
    }
}
