using System.Diagnostics;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor.Services;
using Psa.Benchmarks;
using Psa.Domain.Clients;
using Psa.Domain.Engineers;
using Psa.Domain.Projects;
using Psa.Domain.Projects.Routing;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Components.Pages.Projects;
using Psa.Web.Projects;

namespace Psa.Benchmarks;

// Figures for the delivery features (goal: under 1 s each). Run: dotnet run -c Release --project Psa.Benchmarks
public static class DeliveryBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var today = new DateOnly(2026, 11, 23);
        Console.WriteLine("Psa delivery benchmarks");

        // 1. Routing 1,000 tasks across 50 engineers with skills and calendars.
        var engineers = Data.Engineers(50, today);
        var requests = Data.Requests(1000, today);
        foreach (var mode in new[] { RoutingMode.SkillsBased, RoutingMode.LoadBalancing, RoutingMode.RoundRobin })
        {
            Run(() => new TaskRouter(mode, engineers, new Dictionary<Guid, decimal>(), null, today), requests); // warm-up
            var times = Enumerable.Range(0, 5).Select(_ => Run(() => new TaskRouter(mode, engineers, new Dictionary<Guid, decimal>(), null, today), requests)).ToList();
            Console.WriteLine($"  routing {requests.Count} tasks / {engineers.Count} engineers, {mode,-13}: median {Median(times):0.0} ms (assigned {Assigned(mode, engineers, requests, today)})");
        }

        // 2. Project page with 500 tasks: load from SQLite and render the views on the server.
        var file = Path.Combine(Path.GetTempPath(), $"psa-bench-{Guid.NewGuid():N}.db");
        try
        {
            var options = new DbContextOptionsBuilder<SqliteTenantDbContext>().UseSqlite($"Data Source={file}").Options;
            Guid projectId;
            await using (var db = new SqliteTenantDbContext(options))
            {
                await db.Database.MigrateAsync();
                var client = Client.Create("contoso", "Contoso", 0.2m);
                db.Clients.Add(client);
                db.Engineers.AddRange(engineers.Take(10));
                var plan = Data.Plan(client.Id, 500, today, engineers);
                projectId = plan.Project.Id;
                ProjectStore.TrackNew(db, plan);
                await db.SaveChangesAsync();
            }

            ProjectDetail? detail = null;
            async Task<ProjectDetail> LoadAsync()
            {
                await using var db = new SqliteTenantDbContext(options);
                db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
                var plan = (await ProjectStore.LoadAsync(db, projectId))!;
                var refs = await db.Engineers.Select(e => new EngineerRef(e.Id, e.Code, e.Name)).ToListAsync();
                return new ProjectDetail(plan, "Contoso", "contoso", refs, await ProjectQueries.BudgetAsync(db, plan), null, null);
            }

            detail = await LoadAsync();
            var loads = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var sw = Stopwatch.StartNew();
                detail = await LoadAsync();
                loads.Add(sw.Elapsed.TotalMilliseconds);
            }

            Console.WriteLine($"  project with {detail.Plan.Tasks.Count} tasks, load (plan, engineers, budget): median {Median(loads):0.0} ms");

            var services = new ServiceCollection().AddLogging().AddMudServices()
                .AddSingleton<Microsoft.JSInterop.IJSRuntime, NoJsRuntime>().AddSingleton<NavigationManager, BenchNavigation>().BuildServiceProvider();
            await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
            foreach (var (name, type, parameters) in new (string, Type, Dictionary<string, object?>)[]
            {
                ("list view", typeof(TaskListView), new() { ["Detail"] = detail }),
                ("board view", typeof(KanbanBoard), new() { ["Detail"] = detail }),
                ("Gantt view", typeof(ProjectGantt), new() { ["Detail"] = detail, ["Today"] = today }),
                ("milestones", typeof(MilestoneTracker), new() { ["Detail"] = detail }),
            })
            {
                var times = new List<double>();
                var size = 0;
                for (var i = 0; i < 6; i++)
                {
                    var sw = Stopwatch.StartNew();
                    var html = await renderer.Dispatcher.InvokeAsync(async () =>
                        (await renderer.RenderComponentAsync(type, ParameterView.FromDictionary(parameters))).ToHtmlString());
                    if (i > 0)
                    {
                        times.Add(sw.Elapsed.TotalMilliseconds);
                    }

                    size = html.Length;
                }

                Console.WriteLine($"  project with 500 tasks, server render of the {name,-10}: median {Median(times):0.0} ms ({size / 1024} KB of HTML)");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }

        static double Run(Func<TaskRouter> create, IReadOnlyList<RoutingRequest> requests)
        {
            var sw = Stopwatch.StartNew();
            var router = create();
            foreach (var request in requests)
            {
                router.Route(request);
            }

            return sw.Elapsed.TotalMilliseconds;
        }

        static int Assigned(RoutingMode mode, IReadOnlyList<Engineer> engineers, IReadOnlyList<RoutingRequest> requests, DateOnly today)
        {
            var router = new TaskRouter(mode, engineers, new Dictionary<Guid, decimal>(), null, today);
            return requests.Count(r => router.Route(r).EngineerId is not null);
        }

        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
    }
}

