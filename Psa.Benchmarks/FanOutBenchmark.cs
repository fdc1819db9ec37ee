using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Psa.E2E.Support;

namespace Psa.Benchmarks;

/// <summary>
/// Live fan-out across nodes: two real Psa.Web nodes on PostgreSQL and Redis (<see cref="TwoNodeCluster"/>; the
/// benchmark starts a private PostgreSQL unless <c>PSA_TEST_POSTGRES</c> is set, and the cluster a Redis of its own),
/// a client contact's portal project page open in N real Blazor circuits (<see cref="HeadlessCircuit"/>), split
/// evenly over the two nodes. Staff rename a task of the page through the API on node A; each circuit's time is
/// from the request being sent to the render batch that carries the new title, reported for circuits on node A
/// (same node as the change) and node B (the change crossed Redis). After a warm-up, each N gets 2 unmeasured
/// and R measured changes (10 unless <c>--rounds R</c>). N = 1, 200, 1000 unless given; N = 1 is one circuit on node A.
/// Memory: each node's managed heap after a full GC (<c>/healthz/memory</c>) before and after the circuits
/// opened, per circuit on that node; open circuits as the node counts them, and TCP connections to its port.
/// Goals: p95 at the largest N within 3× of N = 1; cross-node p95 within 2× of same-node; &lt; 300 KB managed heap per idle circuit.
/// </summary>
public static class FanOutBenchmark
{
    private const string Slug = TwoNodeCluster.Slug;

    public static async Task RunAsync(string[] args)
    {
        var rounds = 10;
        var sizes = new List<int>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--rounds")
            {
                rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else
            {
                sizes.Add(int.Parse(args[i], CultureInfo.InvariantCulture));
            }
        }

        if (sizes.Count == 0)
        {
            sizes = [1, 200, 1000];
        }

        await using var services = await Services.StartAsync();
        // Ctrl+C or SIGTERM mid-run stops the nodes, Redis and PostgreSQL this run started, as the normal end does.
        using var interruption = new StopOnSignal(services);
        await using var cluster = await TwoNodeCluster.StartAsync(new Dictionary<string, string> { ["Psa:MemoryDiagnostics"] = "true" });
        interruption.Add(cluster);
        var (a, b) = (cluster.A, cluster.B);
        using var handler = new SocketsHttpHandler
        {
            // Idle page-fetch connections close within the settle time, so the nodes' connection counts are the circuits' own.
            UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 64, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(1),
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(2) };

        // Staff's API token, a project with one task open to the client, and the client's contact signed in to the portal.
        await using var browser = await Browser.LaunchAsync();
        var staff = await browser.SignInAsync(a.WorkspaceUrl(Slug), TwoNodeCluster.OwnerEmail, TwoNodeCluster.Password);
        var token = await staff.CreateApiTokenAsync(a.WorkspaceUrl(Slug), "fan-out");
        Task<JsonNode> Api(HttpMethod method, string path, object body) => PortalViewersBenchmark.SendAsync(http, a, token, method, path, body);
        var clientId = (await Api(HttpMethod.Post, "/api/v1/clients", new { code = "contoso", name = "Contoso Ltd", taxRatePercent = 0 }))["id"]!.GetValue<Guid>();
        var projectId = (await Api(HttpMethod.Post, "/api/v1/projects", new
        {
            code = "contoso-fw", clientId, name = "Firewall refresh", status = "Active", start = "2026-11-23", end = "2026-12-18", billingModel = "AsWorked", routingMode = "Manual",
        }))["id"]!.GetValue<Guid>();
        var phaseId = (await Api(HttpMethod.Post, $"/api/v1/projects/{projectId}/phases", new { name = "Design", requiresClientSignOff = false }))["id"]!.GetValue<Guid>();
        var taskId = (await Api(HttpMethod.Post, $"/api/v1/projects/{projectId}/tasks", new { phaseId, title = "Site survey", startDate = "2026-11-23", dueDate = "2026-11-24" }))["id"]!.GetValue<Guid>();
        await Api(HttpMethod.Patch, $"/api/v1/projects/{projectId}/tasks/{taskId}", new { clientEditable = true });
        await Api(HttpMethod.Post, $"/api/v1/clients/{clientId}/contacts", new { name = "Carla Contact", email = "carla@contoso.test", primary = true });
        await staff.GotoAsync(a.WorkspaceUrl(Slug) + "/settings/portal");
        await staff.WaitInteractiveAsync();
        await staff.GetByTestId("portal-contacts").GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        var contact = await (await browser.NewContextAsync()).NewPageAsync();
        await contact.GotoAsync(await PortalViewersBenchmark.InvitationLinkAsync(a));
        await contact.GetByLabel("Password").FillAsync(TwoNodeCluster.Password);
        await contact.GetByRole(AriaRole.Button, new() { Name = "Open the portal" }).ClickAsync();
        await contact.GetByTestId("portal-user").WaitForAsync(new() { Timeout = 30_000 });
        var cookie = string.Join("; ", (await contact.Context.CookiesAsync()).Select(c => $"{c.Name}={c.Value}"));
        await contact.Context.CloseAsync();
        await staff.Context.CloseAsync();
        var path = $"/portal/projects/{projectId}";

        var round = 0;
        var title = "Site survey";
        var apiMs = new List<double>();
        async Task<List<(PsaServer Node, double Ms)>> ChangeAsync(IReadOnlyList<HeadlessCircuit> circuits)
        {
            title = $"Site survey {++round}";
            var clock = Stopwatch.StartNew();
            var heard = circuits.Select(c => c.RenderOfAsync(title, clock)).ToArray();
            await Api(HttpMethod.Patch, $"/api/v1/projects/{projectId}/tasks/{taskId}", new { title });
            apiMs.Add(clock.Elapsed.TotalMilliseconds);
            var ms = await Task.WhenAll(heard);
            return circuits.Select((c, i) => (c.Node, ms[i])).ToList();
        }

        // Warm both nodes' pages, circuits, live paths and this process's client before anything is measured.
        var warm = await OpenAsync(http, [a, b], cookie, path, title, 10);
        for (var r = 0; r < 5; r++)
        {
            await ChangeAsync(warm);
        }

        await CloseAsync(http, warm);

        Console.WriteLine($"fan-out: portal project page in N headless Blazor circuits over two nodes (A: the change's node, B: across Redis), {Environment.ProcessorCount} cores");
        Console.WriteLine($"load average at the start: {Load()}");
        Console.WriteLine($"one change = a task renamed through the API on node A; time = until the circuit received the render batch with the new title; {rounds} changes per N");
        Console.WriteLine($"{"N",5} {"node",-8} {"circuits",8} {"p50 ms",8} {"p95 ms",8} {"max ms",8} {"open",6} {"conns",6} {"heap KB/circuit",16} {"RSS KB/circuit",15}");
        var p95 = new Dictionary<int, (double All, double Same, double Cross)>();
        foreach (var n in sizes)
        {
            var before = await Task.WhenAll(MemoryAsync(http, a), MemoryAsync(http, b));
            var nodes = n == 1 ? new[] { a } : [a, b];
            var circuits = await OpenAsync(http, nodes, cookie, path, title, n);
            await Task.Delay(3000);
            var after = await Task.WhenAll(MemoryAsync(http, a), MemoryAsync(http, b));
            var batchesBefore = circuits.Sum(c => c.Batches);
            await Task.Delay(2000);
            var idleBatches = circuits.Sum(c => c.Batches) - batchesBefore;

            for (var r = 0; r < 2; r++)
            {
                await ChangeAsync(circuits);
            }

            var delays = new List<(PsaServer Node, double Ms)>();
            apiMs.Clear();
            for (var r = 0; r < rounds; r++)
            {
                delays.AddRange(await ChangeAsync(circuits));
            }

            var all = delays.Select(d => d.Ms).Order().ToList();
            var same = delays.Where(d => d.Node == a).Select(d => d.Ms).Order().ToList();
            var cross = delays.Where(d => d.Node == b).Select(d => d.Ms).Order().ToList();
            p95[n] = (PortalViewersBenchmark.Percentile(all, 0.95), same.Count > 0 ? PortalViewersBenchmark.Percentile(same, 0.95) : double.NaN,
                cross.Count > 0 ? PortalViewersBenchmark.Percentile(cross, 0.95) : double.NaN);
            foreach (var (name, node, list, i) in new[] { ("A same", a, same, 0), ("B cross", b, cross, 1) })
            {
                var count = circuits.Count(c => c.Node == node);
                if (count == 0)
                {
                    continue;
                }

                // One circuit's share of a heap that moves by tens of kilobytes on its own is noise: shown from 50 circuits a node.
                var heap = count >= 50 ? ((after[i].Managed - before[i].Managed) / 1024.0 / count).ToString("0", CultureInfo.InvariantCulture) : "—";
                var rss = count >= 50 ? ((after[i].WorkingSet - before[i].WorkingSet) / 1024.0 / count).ToString("0", CultureInfo.InvariantCulture) : "—";
                Console.WriteLine($"{n,5} {name,-8} {count,8} {PortalViewersBenchmark.Percentile(list, 0.5),8:0.0} {PortalViewersBenchmark.Percentile(list, 0.95),8:0.0} {list[^1],8:0.0} "
                    + $"{after[i].Open,6} {Connections(node.Port),6} {heap,16} {rss,15}");
            }

            Console.WriteLine($"{n,5} {"all",-8} {circuits.Count,8} {PortalViewersBenchmark.Percentile(all, 0.5),8:0.0} {p95[n].All,8:0.0} {all[^1],8:0.0}"
                + $"   (the API answered the change in {apiMs.Order().ElementAt(apiMs.Count / 2):0} ms, median)"
                + (idleBatches > 0 ? $" ({idleBatches} render batches while idle)" : string.Empty) + $" [load {Load()}]");
            await CloseAsync(http, circuits);
        }

        var largest = sizes.Max();
        if (p95.TryGetValue(1, out var one) && largest > 1)
        {
            Console.WriteLine($"p95 at N={largest} is {p95[largest].All / one.All:0.00}× that at N=1 (goal: ≤ 3×)");
        }

        if (!double.IsNaN(p95[largest].Cross) && !double.IsNaN(p95[largest].Same))
        {
            Console.WriteLine($"cross-node p95 at N={largest} is {p95[largest].Cross / p95[largest].Same:0.00}× same-node (goal: ≤ 2×)");
        }

        Console.WriteLine("JavaScript calls the circuits were asked to make (answered as done): "
            + string.Join(", ", HeadlessCircuit.JsCalls.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} ×{c.Value}")));
    }

    /// <summary>
    /// Until disposed, SIGINT and SIGTERM dispose what was added (last first) and end the process; disposed first on the
    /// normal path (declared after what it guards), so nothing is stopped twice.
    /// </summary>
    private sealed class StopOnSignal : IDisposable
    {
        private readonly List<IAsyncDisposable> _items = [];
        private readonly PosixSignalRegistration _interrupt;
        private readonly PosixSignalRegistration _terminate;
        private int _stopping;

        public StopOnSignal(IAsyncDisposable first)
        {
            _items.Add(first);
            _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        }

        public void Add(IAsyncDisposable item)
        {
            lock (_items)
            {
                _items.Add(item);
            }
        }

        private void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            if (Interlocked.Exchange(ref _stopping, 1) == 1)
            {
                return;
            }

            Console.Error.WriteLine($"fan-out: {context.Signal}: stopping the nodes, Redis and PostgreSQL of this run…");
            List<IAsyncDisposable> items;
            lock (_items)
            {
                items = [.. _items];
            }

            items.Reverse();
            foreach (var item in items)
            {
                try
                {
                    item.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
                catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception or System.Data.Common.DbException)
                {
                    Console.Error.WriteLine($"fan-out: could not stop {item.GetType().Name}: {ex.Message}");
                }
            }

            Environment.Exit(context.Signal == PosixSignal.SIGINT ? 130 : 143);
        }

        public void Dispose()
        {
            _interrupt.Dispose();
            _terminate.Dispose();
        }
    }

    /// <summary>Opens <paramref name="count"/> circuits, the i-th on <c>nodes[i % nodes.Length]</c>, twenty at a time.</summary>
    private static async Task<List<HeadlessCircuit>> OpenAsync(HttpClient http, PsaServer[] nodes, string cookie, string path, string readyText, int count)
    {
        var circuits = new List<HeadlessCircuit>(count);
        for (var i = 0; i < count; i += 20)
        {
            circuits.AddRange(await Task.WhenAll(Enumerable.Range(i, Math.Min(20, count - i))
                .Select(k => HeadlessCircuit.OpenAsync(http, nodes[k % nodes.Length], Slug, cookie, path, readyText))));
        }

        return circuits;
    }

    private static async Task CloseAsync(HttpClient http, List<HeadlessCircuit> circuits)
    {
        for (var i = 0; i < circuits.Count; i += 50)
        {
            await Task.WhenAll(circuits.Skip(i).Take(50).Select(c => c.CloseAsync(http)));
        }
    }

    /// <summary>A node's managed heap and working set right after a full, compacting GC (bytes), and its open circuits.</summary>
    private static async Task<(long Managed, long WorkingSet, long Open)> MemoryAsync(HttpClient http, PsaServer node)
    {
        var json = JsonNode.Parse(await http.GetStringAsync($"{node.PublicUrl}/healthz/memory"))!;
        return (json["managedBytes"]!.GetValue<long>(), json["workingSetBytes"]!.GetValue<long>(), json["openCircuits"]!.GetValue<long>());
    }

    /// <summary>The machine's load averages (1, 5, 15 minutes), as <c>uptime</c> shows them: figures on a loaded machine are indicative.</summary>
    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>Established TCP connections to a local port, as the kernel lists them (the node's end of each socket).</summary>
    private static int Connections(int port)
    {
        var local = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        return new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists).SelectMany(File.ReadLines)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Count(f => f.Length > 3 && f[1].EndsWith(local, StringComparison.Ordinal) && f[3] == "01");
    }

    /// <summary>
    /// The PostgreSQL the cluster needs: that of <c>PSA_TEST_POSTGRES</c> when set (as scripts/test.sh sets it), otherwise
    /// a private cluster (scripts/postgres-cluster.sh), stopped at the end. The cluster starts a Redis of its own.
    /// </summary>
    private sealed class Services : IAsyncDisposable
    {
        private string? _postgresFolder;

        public static async Task<Services> StartAsync()
        {
            var services = new Services();
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PSA_TEST_POSTGRES")))
            {
                services._postgresFolder = Path.Combine(Path.GetTempPath(), "psa-bench-pg-" + Guid.NewGuid().ToString("N")[..8]);
                Environment.SetEnvironmentVariable("PSA_TEST_POSTGRES", (await ScriptAsync("postgres-cluster.sh", "start", services._postgresFolder)).Trim());
            }

            return services;
        }

        private static async Task<string> ScriptAsync(string script, params string[] args)
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Psa.sln")))
            {
                root = root.Parent;
            }

            var start = new ProcessStartInfo(Path.Combine(root?.FullName ?? throw new InvalidOperationException("Psa.sln not found"), "scripts", script))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return process.ExitCode == 0 ? output : throw new InvalidOperationException($"scripts/{script} {string.Join(' ', args)}: {error}");
        }

        public async ValueTask DisposeAsync()
        {
            if (_postgresFolder is not null)
            {
                await ScriptAsync("postgres-cluster.sh", "stop", _postgresFolder);
            }
        }
    }
}
