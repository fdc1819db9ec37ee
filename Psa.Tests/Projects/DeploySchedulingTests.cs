using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Projects;
using Psa.Domain.Projects.Routing;
using Psa.Domain.Tenancy;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Web.Clients;
using Psa.Web.Projects;
using Psa.Web.TimeTracking;
using Shouldly;

namespace Psa.Tests.Projects;

/// <summary>Issue 14 §4 through the deploy wizard's path (draft, then deploy): the walk's 14 December deployment.</summary>
public sealed class DeploySchedulingTests : IDisposable
{
    private static readonly DateOnly Monday = new(2026, 12, 14);
    private readonly PsaAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Deploying_from_14_December_plans_working_days_only_and_never_books_one_engineer_twice()
    {
        await _app.CreateTenantAsync("calendar");
        var tenant = (await _app.Service<TenantDirectory>().FindAsync(TenantSlug.Parse("calendar")))!;
        await using var scope = _app.Service<TenantScopeFactory>().Open(tenant);
        var sp = scope.ServiceProvider;
        await sp.GetRequiredService<HolidayService>().AddAsync(new DateTime(2026, 12, 25), "Christmas Day");
        var client = await sp.GetRequiredService<ClientService>().SaveAsync(null, new ClientInput("contoso", "Contoso", 0m, null, null));
        var templates = sp.GetRequiredService<TemplateService>();
        var templateId = await templates.SaveAsync(null, new TemplateInput("Cut-over", "migration", RoutingMode.LoadBalancing, null, ProjectBillingModel.AsWorked, null,
        [
            new TemplatePhase
            {
                Key = "build", Name = "Build", Tasks =
                [
                    new TemplateTask { Key = "rack", Title = "Rack the server", EstimateMinutes = 480, StartOffsetDays = 0 },
                    new TemplateTask { Key = "image", Title = "Image the server", EstimateMinutes = 480, StartOffsetDays = 0 },
                    new TemplateTask { Key = "dns", Title = "Switch DNS", EstimateMinutes = 240, StartOffsetDays = 6, Predecessors = ["rack"] },
                    new TemplateTask { Key = "care", Title = "Hypercare", EstimateMinutes = 480, StartOffsetDays = 11, Predecessors = ["dns"] },
                ],
            },
        ]));

        var draft = await templates.DraftAsync(templateId, client, Monday);
        var projectId = await templates.DeployAsync(draft);

        await using var db = sp.GetRequiredService<TenantDbContextFactory>().Create();
        var tasks = await db.ProjectTasks.AsNoTracking().Where(t => t.ProjectId == projectId).ToDictionaryAsync(t => t.Title);
        var owner = await db.Engineers.AsNoTracking().SingleAsync();
        tasks.Values.ShouldAllBe(t => t.AssigneeEngineerId == owner.Id);
        tasks["Rack the server"].StartDate.ShouldBe(Monday);
        tasks["Image the server"].StartDate.ShouldBe(Monday.AddDays(1));
        tasks["Switch DNS"].StartDate.ShouldBe(new DateOnly(2026, 12, 21));
        tasks["Hypercare"].StartDate.ShouldBe(new DateOnly(2026, 12, 28));
        foreach (var task in tasks.Values)
        {
            foreach (var day in new[] { task.StartDate!.Value, task.DueDate!.Value })
            {
                day.DayOfWeek.ShouldNotBeOneOf(DayOfWeek.Saturday, DayOfWeek.Sunday);
                day.ShouldNotBe(new DateOnly(2026, 12, 25));
            }
        }

        var grid = await sp.GetRequiredService<WorkloadService>().GetAsync(Monday, 3);
        var weeks = grid.Rows.Single(r => r.EngineerId == owner.Id).Weeks;
        weeks.ShouldAllBe(w => w.CapacityHours > 0 && !w.Overloaded);
        weeks.Select(w => w.CapacityHours).ShouldBe([40m, 32m, 40m]);
        weeks.Select(w => w.PlannedHours).ShouldBe([16m, 4m, 8m]);

        // A Gantt move of "Switch DNS" onto Christmas Day lands on the next working day, and says why.
        var moved = await sp.GetRequiredService<PlanEditor>().RescheduleAsync(projectId, tasks["Switch DNS"].Id, new DateOnly(2026, 12, 25), new DateOnly(2026, 12, 25));
        moved.Start.ShouldBe(new DateOnly(2026, 12, 28));
        moved.Due.ShouldBe(new DateOnly(2026, 12, 28));
        moved.Snapped.ShouldBe("Fri 25 Dec is a holiday: the task starts on Mon 28 Dec.");
    }

    [Fact]
    public async Task Adding_a_task_and_routing_unassigned_tasks_plan_working_days_without_double_booking()
    {
        await _app.CreateTenantAsync("routing");
        var tenant = (await _app.Service<TenantDirectory>().FindAsync(TenantSlug.Parse("routing")))!;
        await using var scope = _app.Service<TenantScopeFactory>().Open(tenant);
        var sp = scope.ServiceProvider;
        await sp.GetRequiredService<HolidayService>().AddAsync(new DateTime(2026, 12, 25), "Christmas Day");
        var client = await sp.GetRequiredService<ClientService>().SaveAsync(null, new ClientInput("contoso", "Contoso", 0m, null, null));
        var editor = sp.GetRequiredService<ProjectEditor>();
        var plans = sp.GetRequiredService<PlanEditor>();
        async Task<(Guid Project, Guid Phase)> ProjectAsync(string code, RoutingMode routing)
        {
            var id = await editor.CreateAsync(new ProjectInput(code, client, code, null, ProjectStatus.Active, null, Monday, null, null, null, ProjectBillingModel.AsWorked, null, null, routing, null, null));
            return (id, await plans.AddPhaseAsync(id, "Build", requiresSignOff: false, null, null));
        }

        // Add task on a project that routes automatically: a Saturday start moves to Monday, a second full day for the same engineer to Tuesday.
        var (routed, build) = await ProjectAsync("routed", RoutingMode.LoadBalancing);
        var saturday = new DateOnly(2026, 12, 19);
        var rack = await plans.AddTaskAsync(routed, build, "Rack the server", 480, saturday, saturday);
        var image = await plans.AddTaskAsync(routed, build, "Image the server", 480, new DateOnly(2026, 12, 21), new DateOnly(2026, 12, 21));

        // Route unassigned on a manual project: two full days proposed for Thursday 24 Dec go to Thursday, then Monday 28 (Christmas, weekend).
        var (manual, phase) = await ProjectAsync("manual", RoutingMode.Manual);
        var thursday = new DateOnly(2026, 12, 24);
        var cable = await plans.AddTaskAsync(manual, phase, "Cable the rack", 480, thursday, thursday);
        var label = await plans.AddTaskAsync(manual, phase, "Label the ports", 480, thursday, thursday);
        (await plans.RouteUnassignedAsync(manual)).ShouldBe(2);

        await using var db = sp.GetRequiredService<TenantDbContextFactory>().Create();
        var dates = await db.ProjectTasks.AsNoTracking().ToDictionaryAsync(t => t.Id, t => (t.StartDate, t.DueDate, t.AssigneeEngineerId));
        var owner = (await db.Engineers.AsNoTracking().SingleAsync()).Id;
        dates[rack].ShouldBe((new DateOnly(2026, 12, 21), new DateOnly(2026, 12, 21), (Guid?)owner));
        dates[image].ShouldBe((new DateOnly(2026, 12, 22), new DateOnly(2026, 12, 22), (Guid?)owner));
        new[] { dates[cable], dates[label] }.Select(d => d.StartDate).ShouldBe([thursday, new DateOnly(2026, 12, 28)], ignoreOrder: true);
        new[] { dates[cable], dates[label] }.ShouldAllBe(d => d.AssigneeEngineerId == owner);
    }
}
