using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Psa.Domain.Projects;
using Psa.Web.Components.Pages.Projects;
using Psa.Web.Projects;
using Radzen;
using Radzen.Blazor;
using Shouldly;

namespace Psa.Tests.Projects;

/// <summary>bUnit tests of the project views the detail page switches between.</summary>
/// <remarks>MudBlazor's services only dispose asynchronously, so xunit disposes the context through <see cref="IAsyncLifetime"/>.</remarks>
public sealed class ProjectViewComponentTests : BunitContext, IAsyncLifetime
{
    private static readonly DateOnly Start = new(2026, 12, 1);

    public ProjectViewComponentTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        JSInterop.Setup<Radzen.Blazor.Rendering.Rect>("Radzen.createResizable", _ => true).SetResult(new Radzen.Blazor.Rendering.Rect { Width = 1200, Height = 600 });
        Services.AddRadzenComponents();
        Services.AddMudServices();
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    private static ProjectDetail Detail()
    {
        var plan = ProjectDeployment.Build(ProjectTemplateTests.ServerMigration().Draft(Guid.NewGuid(), "c-mig", "Contoso migration", Start));
        var ana = new EngineerRef(Guid.NewGuid(), "ana", "Ana Lopez");
        plan.Tasks[0].AssigneeEngineerId = ana.Id;
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
        var gantt = cut.FindComponent<RadzenGantt<ProjectGantt.GanttRow>>();
        var task = cut.Instance.Rows.Single(r => r.Title == "Provision server");
        await cut.InvokeAsync(() => gantt.Instance.TaskMove.InvokeAsync(new GanttTaskMovedEventArgs<ProjectGantt.GanttRow>
        {
            Data = task,
            NewStart = Start.AddDays(6).ToDateTime(TimeOnly.MinValue),
            NewEnd = Start.AddDays(8).ToDateTime(TimeOnly.MinValue),
        }));
        asked.ShouldBe(new TaskReschedule(task.TaskId!.Value, Start.AddDays(6), Start.AddDays(7)));

        var phase = cut.Instance.Rows.First(r => r.IsPhase);
        await cut.InvokeAsync(() => gantt.Instance.TaskMove.InvokeAsync(new GanttTaskMovedEventArgs<ProjectGantt.GanttRow> { Data = phase, NewStart = Start.AddDays(2).ToDateTime(TimeOnly.MinValue), NewEnd = Start.AddDays(4).ToDateTime(TimeOnly.MinValue) }));
        refused.ShouldNotBeNull().ShouldContain("is a phase");
    }

    [Fact]
    public void The_portals_timeline_draws_the_staff_gantts_rows_as_plain_bars_with_nothing_to_drag()
    {
        var detail = Detail();
        var cut = Render<Psa.Web.Components.Pages.Portal.PortalGantt>(p => p.Add(x => x.Detail, detail).Add(x => x.Today, Start.AddDays(2)));

        cut.FindComponents<RadzenGantt<ProjectGantt.GanttRow>>().ShouldBeEmpty();
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
        task.ClientEditable = true;
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
        var container = cut.FindComponent<RadzenDropZoneContainer<ProjectTask>>();
        var zones = cut.FindComponents<RadzenDropZone<ProjectTask>>();
        var task = detail.Plan.Tasks[1];
        var args = new RadzenDropZoneItemEventArgs<ProjectTask>();
        foreach (var (name, value) in new (string, object)[] { ("FromZone", zones[0].Instance), ("ToZone", zones[1].Instance), ("Item", task) })
        {
            // Radzen sets these itself when a drag ends; the setters are not public.
            typeof(RadzenDropZoneItemEventArgs<ProjectTask>).GetProperty(name)!.SetValue(args, value);
        }

        await cut.InvokeAsync(() => container.Instance.Drop.InvokeAsync(args));
        moved.ShouldBe(new TaskMove(task.Id, ProjectTaskStatus.InProgress));
    }

    [Fact]
    public void Milestone_tracker_shows_completion_per_phase()
    {
        var cut = Render<MilestoneTracker>(p => p.Add(x => x.Detail, Detail()));
        cut.FindAll("[data-testid=phase-progress]").Select(e => e.TextContent).ShouldBe(["1 of 2 tasks complete", "0 of 1 tasks complete"]);
        cut.Markup.ShouldContain("Awaiting Discovery &amp; planning");
        cut.Markup.ShouldContain("Record sign-off");
    }
}
