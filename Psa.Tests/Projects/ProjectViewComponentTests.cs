using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Projects;
using Psa.Web.Components.Pages.Projects;
using Psa.Web.Projects;
using MudBlazor;
using MudBlazor.Services;
using Shouldly;

namespace Psa.Tests.Projects;

/// <summary>bUnit tests of the project views the detail page switches between.</summary>
public sealed class ProjectViewComponentTests : BunitContext, IAsyncLifetime
{
    private static readonly DateOnly Start = new(2026, 12, 1);

    public ProjectViewComponentTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services only dispose asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    private static ProjectDetail Detail()
    {
        var plan = ProjectDeployment.Build(ProjectTemplateTests.ServerMigration().Draft(Guid.NewGuid(), "c-mig", "Contoso migration", Start));
        var ana = new EngineerRef(Guid.NewGuid(), "ana", "Ana Lopez");
        plan.AssignTask(plan.Tasks[0].Id, ana.Id, null);
        plan.ChangeStatus(plan.Tasks[0].Id, ProjectTaskStatus.Done, Start);
        return new ProjectDetail(plan, "Contoso", "contoso", [ana], new BudgetActuals(13, 2000, 0, 0, 13, 0), null, null);
    }

    [Fact]
    public void Gantt_shows_phases_as_summary_rows_with_their_tasks_and_dependency_links()
    {
        var detail = Detail();
        var cut = Render<ProjectGantt>(p => p.Add(x => x.Detail, detail).Add(x => x.Today, Start));
        var rows = cut.Instance.Rows;
        rows.Count(r => r.IsPhase).ShouldBe(2);
        rows.Where(r => !r.IsPhase).Select(r => r.Title).ShouldBe(["Kickoff call", "Document environment", "Provision server"]);
        rows.Single(r => r.Title == "Provision server").ParentId.ShouldBe(detail.Plan.Phases[1].Id.ToString());
        rows.Single(r => r.Title == "Discovery & planning").Progress.ShouldBe(50);
        rows.Single(r => r.Title == "Provision server").End.ShouldBe(Start.AddDays(5).ToDateTime(TimeOnly.MinValue), "due dates are inclusive, bars end the next midnight");
        cut.Instance.Links.Count.ShouldBe(2);
        cut.Find("[data-testid=gantt]").TextContent.ShouldContain("Discovery & planning");
    }

    [Fact]
    public async Task Dragging_a_task_bar_asks_to_reschedule_it_and_dragging_a_phase_is_refused()
    {
        var detail = Detail();
        TaskReschedule? asked = null;
        string? refused = null;
        var cut = Render<ProjectGantt>(p => p.Add(x => x.Detail, detail).Add(x => x.Today, Start)
            .Add(x => x.OnReschedule, r => asked = r).Add(x => x.OnRefused, m => refused = m));
        var task = cut.Instance.Rows.Single(r => r.Title == "Provision server");
        var (start, due) = (DateOnly.FromDateTime(task.Start), DateOnly.FromDateTime(task.End).AddDays(-1));

        // The pointer module reports whole days moved: the bar moved two days later.
        await cut.InvokeAsync(() => cut.Instance.Drag(task.Id, 2, 2));
        asked.ShouldBe(new TaskReschedule(task.TaskId!.Value, start.AddDays(2), due.AddDays(2)));

        // Its end dragged back further than the bar is long: it keeps its first day.
        await cut.InvokeAsync(() => cut.Instance.Drag(task.Id, 0, -(int)(task.End - task.Start).TotalDays - 1));
        asked.ShouldBe(new TaskReschedule(task.TaskId!.Value, start, start));

        var phase = cut.Instance.Rows.First(r => r.IsPhase);
        await cut.InvokeAsync(() => cut.Instance.Drag(phase.Id, 2, 2));
        refused.ShouldNotBeNull().ShouldContain("is a phase");
    }

    [Fact]
    public void Arrow_keys_on_a_focused_bar_move_it_a_day_and_shift_arrows_change_its_end()
    {
        var detail = Detail();
        var asked = new List<TaskReschedule>();
        var cut = Render<ProjectGantt>(p => p.Add(x => x.Detail, detail).Add(x => x.Today, Start).Add(x => x.OnReschedule, r => asked.Add(r)));
        var task = cut.Instance.Rows.Single(r => r.Title == "Provision server");
        var (start, due) = (DateOnly.FromDateTime(task.Start), DateOnly.FromDateTime(task.End).AddDays(-1));
        var bar = cut.Find(".psa-gantt-bar[data-task='Provision server']");
        bar.GetAttribute("tabindex").ShouldBe("0");
        bar.GetAttribute("aria-label").ShouldNotBeNull().ShouldContain("Arrow keys move it a day");

        cut.Find(".psa-gantt-bar[data-task='Provision server']").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "ArrowRight" });
        cut.Find(".psa-gantt-bar[data-task='Provision server']").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "ArrowLeft" });
        cut.Find(".psa-gantt-bar[data-task='Provision server']").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "ArrowRight", ShiftKey = true });
        cut.Find(".psa-gantt-bar[data-task='Provision server']").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Tab" });

        asked.ShouldBe([
            new TaskReschedule(task.TaskId!.Value, start.AddDays(1), due.AddDays(1)),
            new TaskReschedule(task.TaskId!.Value, start.AddDays(-1), due.AddDays(-1)),
            new TaskReschedule(task.TaskId!.Value, start, due.AddDays(1)),
        ]);
        cut.FindAll(".psa-gantt-bar.psa-bar-phase[tabindex]").ShouldBeEmpty("phase dates follow their tasks");
    }

    [Fact]
    public void Gantt_draws_bars_on_a_day_grid_with_a_today_line_dependency_arrows_and_collapsible_phases()
    {
        var detail = Detail();
        var today = Start.AddDays(2);
        var cut = Render<ProjectGantt>(p => p.Add(x => x.Detail, detail).Add(x => x.Today, today));
        var rows = ProjectGantt.Build(detail, today);

        static int Px(AngleSharp.Dom.IElement e, string property) => int.Parse(
            e.GetAttribute("style")!.Split(';').Select(s => s.Trim()).Single(s => s.StartsWith(property + ":", StringComparison.Ordinal))[(property.Length + 1)..].Replace("px", string.Empty, StringComparison.Ordinal),
            System.Globalization.CultureInfo.InvariantCulture);
        var kickoff = cut.Find(".psa-gantt-bar[data-task='Kickoff call']");
        var provision = cut.Find(".psa-gantt-bar[data-task='Provision server']");
        var task = rows.Rows.Single(r => r.Title == "Provision server");
        Px(provision, "left").ShouldBe((int)(task.Start - rows.ViewStart).TotalDays * ProjectGantt.DayWidth + 3, "a bar starts on its first day's column");
        Px(provision, "--psa-gantt-w").ShouldBe((int)(task.End - task.Start).TotalDays * ProjectGantt.DayWidth - 6);
        Px(provision, "left").ShouldBeGreaterThan(Px(kickoff, "left"));
        kickoff.ClassList.ShouldContain("psa-bar-done");
        provision.ClassList.ShouldContain("psa-bar-todo");
        Px(cut.Find(".psa-gantt-today"), "left").ShouldBe((int)(today.ToDateTime(TimeOnly.MinValue) - rows.ViewStart).TotalDays * ProjectGantt.DayWidth + ProjectGantt.DayWidth / 2);
        cut.FindAll(".psa-gantt-links > path").Count.ShouldBe(rows.Links.Count);

        // Collapsing a phase hides its tasks and the arrows that touch them.
        var phase = detail.Plan.Phases[1].Name;
        cut.Find($"button[aria-label='Collapse {phase}']").Click();
        cut.FindAll(".psa-gantt-bar[data-task='Provision server']").ShouldBeEmpty();
        cut.FindAll(".psa-gantt-links > path").Count.ShouldBeLessThan(rows.Links.Count);
        cut.Find($"button[aria-label='Expand {phase}']").Click();
        cut.FindAll(".psa-gantt-bar[data-task='Provision server']").Count.ShouldBe(1);
    }

    [Fact]
    public void The_portals_timeline_draws_the_staff_gantts_rows_as_plain_bars_with_nothing_to_drag()
    {
        var detail = Detail();
        var cut = Render<Psa.Web.Components.Pages.Portal.PortalGantt>(p => p.Add(x => x.Detail, detail).Add(x => x.Today, Start.AddDays(2)));

        cut.FindAll(".psa-gantt-bar").ShouldBeEmpty();
        cut.FindAll("[draggable]").ShouldBeEmpty();
        var rows = cut.FindAll(".psa-timeline-row[data-row]");
        rows.Select(r => r.GetAttribute("data-row")).ShouldBe(ProjectGantt.Build(detail, Start).Rows.Select(r => r.Title));
        cut.Find(".psa-timeline-row[data-row='Kickoff call'] .psa-timeline-bar").ClassList.ShouldContain("psa-bar-done");
        cut.Find(".psa-timeline-row[data-row='Provision server'] .psa-timeline-bar").ClassList.ShouldContain("psa-bar-todo");
        cut.Find(".psa-timeline-row[data-row='Discovery & planning']").TextContent.ShouldContain("1/2 done");
        cut.Find(".psa-timeline-row[data-row='Kickoff call']").TextContent.ShouldContain("Done");
        cut.FindAll(".psa-timeline-today").Count.ShouldBe(rows.Count);

        static double Left(AngleSharp.Dom.IElement bar) =>
            double.Parse(bar.GetAttribute("style")!.Split(';')[0].Replace("left:", string.Empty, StringComparison.Ordinal).TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture);
        Left(cut.Find(".psa-timeline-row[data-row='Provision server'] .psa-timeline-bar"))
            .ShouldBeGreaterThan(Left(cut.Find(".psa-timeline-row[data-row='Kickoff call'] .psa-timeline-bar")), "later tasks sit further right");
    }

    [Fact]
    public void Task_list_lets_staff_open_a_task_to_the_client_and_shows_the_clients_comments_and_files()
    {
        var detail = Detail();
        var task = detail.Plan.Tasks[1];
        detail.Plan.SetClientEditable(task.Id, true);
        var now = new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);
        var activity = new TaskActivity(
            [Psa.Domain.Portal.TaskComment.Create(detail.Plan.Project.Id, task.Id, "Alice Contoso", byClient: true, "Here is the network diagram.", now)],
            [Psa.Domain.Portal.TaskAttachment.Create(detail.Plan.Project.Id, task.Id, detail.Plan.Project.ClientId, "diagram.pdf", 2048, "Alice Contoso", byClient: true, now)]);
        (Guid, bool)? changed = null;
        var cut = Render<TaskListView>(p => p.Add(x => x.Detail, detail).Add(x => x.Activity, activity)
            .Add(x => x.OnClientEditable, c => changed = c));

        var row = cut.Find($"tr[data-task=\"{task.Title}\"]");
        row.QuerySelector("[data-testid=task-comment]")!.TextContent.ShouldContain("Alice Contoso (client): Here is the network diagram.");
        row.QuerySelector("[data-testid=task-file] a")!.GetAttribute("href").ShouldBe($"/projects/{detail.Plan.Project.Id}/attachments/{activity.Attachments[0].Id}");
        cut.Find($"input[aria-label=\"Client can edit {task.Title}\"]").HasAttribute("checked").ShouldBeTrue();

        var other = detail.Plan.Tasks[2];
        cut.Find($"input[aria-label=\"Client can edit {other.Title}\"]").Change(true);
        changed.ShouldBe((other.Id, true));
    }

    [Fact]
    public void Kanban_shows_a_column_per_status_with_counts_and_cards()
    {
        var cut = Render<KanbanBoard>(p => p.Add(x => x.Detail, Detail()));
        var columns = cut.FindAll(".psa-kanban-col");
        columns.Select(c => c.QuerySelector(".psa-kanban-head")!.TextContent.Trim()).ShouldBe(["To do 2", "In progress 0", "Blocked 0", "Done 1"]);
        var done = columns[3];
        done.TextContent.ShouldContain("Kickoff call");
        done.TextContent.ShouldContain("Ana Lopez");
        columns[0].QuerySelectorAll(".psa-kanban-card").Length.ShouldBe(2);
    }

    [Fact]
    public async Task Dropping_a_card_on_another_column_asks_to_move_it()
    {
        var detail = Detail();
        TaskMove? moved = null;
        var cut = Render<KanbanBoard>(p => p.Add(x => x.Detail, detail).Add(x => x.OnMove, m => moved = m));
        var container = cut.FindComponent<MudDropContainer<ProjectTask>>();
        var task = detail.Plan.Tasks[1];

        // MudBlazor raises ItemDropped with the target zone's identifier when a drag ends over it.
        await cut.InvokeAsync(() => container.Instance.ItemDropped.InvokeAsync(new MudItemDropInfo<ProjectTask>(task, nameof(ProjectTaskStatus.InProgress), 0)));
        moved.ShouldBe(new TaskMove(task.Id, ProjectTaskStatus.InProgress));

        moved = null;
        await cut.InvokeAsync(() => container.Instance.ItemDropped.InvokeAsync(new MudItemDropInfo<ProjectTask>(task, nameof(ProjectTaskStatus.ToDo), 0)));
        moved.ShouldBeNull("a card dropped back on its own column changes nothing");
    }

    [Fact]
    public void Milestone_tracker_shows_completion_per_phase()
    {
        var detail = Detail();
        var cut = Render<MilestoneTracker>(p => p.Add(x => x.Detail, detail));
        cut.FindAll("[data-testid=phase-progress]").Select(e => e.TextContent).ShouldBe(["1 of 2 tasks complete", "0 of 1 tasks complete"]);
        // The portal reads each phase through the same rule (PortalFeatureTests checks its pages say the same).
        cut.FindAll("[data-testid=phase-state]").Select(e => e.TextContent).ShouldBe(detail.Plan.Phases.Select(p => PhaseStatus.Of(detail.Plan, p).Text));
        cut.Markup.ShouldContain("Awaiting Discovery &amp; planning");
        cut.Markup.ShouldContain("Record sign-off");
    }

    [Fact]
    public void Budget_over_its_hours_and_amount_reads_red_and_within_budget_does_not()
    {
        var over = Render<BudgetPanel>(p => p.Add(x => x.Budget, new BudgetActuals(10, 1000, 12.5m, 1200, 10, 3)));
        over.Find("[data-testid=budget-hours-left]").ClassList.ShouldContain("psa-over-budget");
        over.Find("[data-testid=budget-hours-left]").TextContent.ShouldBe("2.5 h over budget");
        over.Find("[data-testid=budget-amount-left]").ClassList.ShouldContain("psa-over-budget");

        var within = Render<BudgetPanel>(p => p.Add(x => x.Budget, new BudgetActuals(10, 1000, 4, 400, 10, 3)));
        within.FindAll(".psa-over-budget").ShouldBeEmpty();
    }
}
