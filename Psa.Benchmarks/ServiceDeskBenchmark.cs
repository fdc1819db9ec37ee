using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Psa.Domain.Clients;
using Psa.Domain.Engineers;
using Psa.Domain.ServiceDesk;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Auth;
using Psa.Web.Components.Pages.ServiceDesk;
using Psa.Web.Hosting;
using Psa.Web.ServiceDesk;

namespace Psa.Benchmarks;

/// <summary>
/// The service board and the SLA watcher over 20,000 open tickets in one SQLite workspace (goals: the
/// board's query, unfiltered and filtered, under 300 ms; a watcher pass under 2 s). Tickets are opened
/// over the past four weeks on the standard SLA, so a realistic share has crossed a warning or a
/// due instant when the watcher runs. Usage: desk [tickets] [runs]
/// </summary>
public static class ServiceDeskBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var count = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 20_000;
        var runs = args.Length > 1 && int.TryParse(args[1], out var r) ? r : 7;
        var data = Path.Combine(Path.GetTempPath(), "psa-bench", Guid.NewGuid().ToString("N"));
        await using var app = PsaWebApp.Build([], b =>
        {
            b.Configuration["Psa:DataDirectory"] = data;
            b.Configuration["Psa:SeedDemo"] = "false";
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAllAsync();
        var cold = await WarmUpAsync(app);
        var (tenant, owner) = await app.Services.GetRequiredService<TenantProvisioner>().ProvisionAsync(
            new ProvisionRequest("Bench IT", "bench", "Bench Owner", "owner@bench.test", "Bench-Password-1", "Europe/London", "GBP"));
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().Open(tenant);
        var databases = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>();
        var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
        await tickets.BoardsAsync();

        var seed = Stopwatch.StartNew();
        var (engineer, client) = await SeedAsync(databases, count, app.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        Console.WriteLine($"seeded {count:N0} open tickets in {seed.Elapsed.TotalSeconds:0.0} s");

        Measure("board, all open (50 per status)", runs, 300, () => tickets.BoardAsync(new BoardFilter { Take = 50 }), v => $"{v.Total:N0} tickets, {v.Rows.Count} rows");
        Measure("board, P1 only", runs, 300, () => tickets.BoardAsync(new BoardFilter { Priority = TicketPriority.P1, Take = 50 }), v => $"{v.Total:N0} tickets");
        Measure("board, one engineer", runs, 300, () => tickets.BoardAsync(new BoardFilter { AssigneeEngineerId = engineer, Take = 50 }), v => $"{v.Total:N0} tickets");
        Measure("board, one client + text", runs, 300, () => tickets.BoardAsync(new BoardFilter { ClientId = client, Text = "printer", Take = 50 }), v => $"{v.Total:N0} tickets");

        await MeasurePageAsync(scope.ServiceProvider, owner, runs);

        // The first pass records the backlog of crossings; later passes find none (each crossing is recorded once).
        var watcher = scope.ServiceProvider.GetRequiredService<SlaWatcher>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var first = Stopwatch.StartNew();
        var result = await watcher.RunAsync();
        first.Stop();
        // The machine may be shared: processor time says what the pass itself cost.
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine($"SLA watcher, first pass over {count:N0} open tickets: {first.Elapsed.TotalMilliseconds:0} ms ({cpu.TotalMilliseconds:0} ms processor time), " +
                          $"{result.Warnings:N0} warnings, {result.Breaches:N0} breaches recorded, {Directory.GetFiles(Path.Combine(data, "mail", "bench"), "*.eml").Length} digest emails (goal < 2000 ms)");
        Console.WriteLine($"  (the process's very first pass, over {WarmUpTickets} tickets in another workspace, took {cold.TotalMilliseconds:0} ms: JIT and EF query compilation, paid once per process)");
        Measure("SLA watcher, steady pass", runs, 2000, () => watcher.RunAsync(), v => $"{v.Warnings} warnings, {v.Breaches} breaches");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }

        void Measure<T>(string name, int times, int goal, Func<Task<T>> action, Func<T, string> describe)
        {
            var timings = new List<double>();
            string last = string.Empty;
            for (var i = 0; i <= times; i++)
            {
                var clock = Stopwatch.StartNew();
                var value = action().GetAwaiter().GetResult();
                clock.Stop();
                last = describe(value);
                if (i > 0)
                {
                    timings.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            timings.Sort();
            Console.WriteLine($"{name}: median {timings[timings.Count / 2]:0} ms, min {timings[0]:0} ms, max {timings[^1]:0} ms ({last}; goal < {goal} ms)");
        }
    }

    /// <summary>
    /// The service board page as the server renders it for the owner (what prerendering sends and a circuit
    /// diffs): its start-up queries, the board query and the markup of every card shown.
    /// </summary>
    private static async Task MeasurePageAsync(IServiceProvider services, string ownerUserId, int runs)
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, ownerUserId), new Claim(PsaClaims.Tenant, "bench")], "bench"));
        var auth = Task.FromResult(new AuthenticationState(user));
        var page = new PageServices(services, new BenchNavigation(), new NoJsRuntime());
        await using var renderer = new HtmlRenderer(page, services.GetRequiredService<ILoggerFactory>());
        var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
        {
            [nameof(CascadingValue<Task<AuthenticationState>>.Value)] = auth,
            [nameof(CascadingValue<Task<AuthenticationState>>.ChildContent)] = (RenderFragment)(b =>
            {
                b.OpenComponent<ServiceBoardPage>(0);
                b.CloseComponent();
            }),
        });
        var times = new List<double>();
        var html = string.Empty;
        for (var i = 0; i <= runs; i++)
        {
            var clock = Stopwatch.StartNew();
            html = await renderer.Dispatcher.InvokeAsync(async () =>
                (await renderer.RenderComponentAsync<CascadingValue<Task<AuthenticationState>>>(parameters)).ToHtmlString());
            if (i > 0)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        var cards = System.Text.RegularExpressions.Regex.Count(html, "data-testid=\"ticket-card\"");
        Console.WriteLine($"board page, server render (start-up queries, board query, {cards} cards): median {times[times.Count / 2]:0} ms, min {times[0]:0} ms, max {times[^1]:0} ms " +
                          $"({html.Length / 1024} KB of HTML; goal < 300 ms)");
    }

    /// <summary>The workspace scope's services, with a navigation manager and a JS runtime as a page outside a circuit has.</summary>
    private sealed class PageServices(IServiceProvider inner, NavigationManager navigation, Microsoft.JSInterop.IJSRuntime js) : IServiceProvider
    {
        public object? GetService(Type serviceType) =>
            serviceType == typeof(NavigationManager) ? navigation : serviceType == typeof(Microsoft.JSInterop.IJSRuntime) ? js : inner.GetService(serviceType);
    }

    private const int WarmUpTickets = 2_000;

    /// <summary>
    /// The watcher runs every minute in a long-lived server, so its code is compiled (and recompiled
    /// optimised by tiered compilation) and its EF queries translated once per process: a smaller workspace
    /// takes that first pass, and the measured pass is the big workspace's backlog.
    /// </summary>
    private static async Task<TimeSpan> WarmUpAsync(WebApplication app)
    {
        var warm = (await app.Services.GetRequiredService<TenantProvisioner>().ProvisionAsync(
            new ProvisionRequest("Warm IT", "warm", "Warm Owner", "owner@warm.test", "Bench-Password-1", "Europe/London", "GBP"))).Tenant;
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().Open(warm);
        await scope.ServiceProvider.GetRequiredService<TicketService>().BoardsAsync();
        await SeedAsync(scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>(), WarmUpTickets, app.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        var clock = Stopwatch.StartNew();
        await scope.ServiceProvider.GetRequiredService<SlaWatcher>().RunAsync();
        var elapsed = clock.Elapsed;
        // Tiered compilation recompiles the hot methods on a background thread shortly after; let it finish.
        await Task.Delay(1000);
        return elapsed;
    }

    private static async Task<(Guid Engineer, Guid Client)> SeedAsync(TenantDbContextFactory databases, int count, DateTimeOffset now)
    {
        var random = new Random(11);
        var engineers = Enumerable.Range(1, 40).Select(i => Engineer.Create($"eng{i}", $"Engineer {i:00}", 40)).ToList();
        engineers.ForEach(e => e.Email = $"{e.Code}@bench.test");
        var clients = Enumerable.Range(1, 200).Select(i => Client.Create($"client{i}", $"Client {i:000}", 0.2m)).ToList();
        Guid board;
        List<SlaPolicy> policies;
        BusinessClock clock;
        await using (var db = databases.Create())
        {
            db.AddRange(engineers);
            db.AddRange(clients);
            await db.SaveChangesAsync();
            board = db.ServiceBoards.First(b => !b.IsTriage).Id;
            policies = db.SlaPolicies.ToList();
            clock = (await DeskCalendar.LoadAsync(db)).Clock;
        }

        var subjects = new[] { "Printer offline", "VPN drops", "Outlook crashes", "New starter laptop", "Password reset", "Firewall change", "Backup failed", "Slow Wi-Fi" };
        var statuses = new[] { TicketStatus.New, TicketStatus.Assigned, TicketStatus.Assigned, TicketStatus.InProgress, TicketStatus.InProgress, TicketStatus.WaitingOnClient };
        const int batch = 5_000;
        for (var done = 0; done < count; done += batch)
        {
            await using var db = databases.Create();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = done; i < Math.Min(count, done + batch); i++)
            {
                var opened = now.AddMinutes(-random.Next(0, 28 * 24 * 60));
                var ticket = Ticket.Open(i + 1, clients[random.Next(clients.Count)].Id, null, null, (TicketType)random.Next(4),
                    (TicketImpact)random.Next(3), (TicketUrgency)random.Next(3), $"{subjects[random.Next(subjects.Length)]} #{i}", "Seeded for the benchmark", "remote",
                    board, TicketSource.Email, "bench", opened);
                ticket.ApplySla(policies[0], clock);
                var status = statuses[random.Next(statuses.Length)];
                if (status != TicketStatus.New)
                {
                    var engineer = engineers[random.Next(engineers.Count)];
                    ticket.Assign(engineer.Id, engineer.Name, "bench", "bench", opened);
                    if (status is TicketStatus.InProgress or TicketStatus.WaitingOnClient)
                    {
                        ticket.ChangeStatus(TicketStatus.InProgress, "bench", opened.AddMinutes(5), clock);
                    }

                    if (status == TicketStatus.WaitingOnClient)
                    {
                        ticket.ChangeStatus(TicketStatus.WaitingOnClient, "bench", opened.AddMinutes(30), clock);
                    }
                }

                db.Tickets.Add(ticket);
                db.TicketActivity.AddRange(ticket.Activity);
            }

            await db.SaveChangesAsync();
        }

        return (engineers[0].Id, clients[0].Id);
    }
}
