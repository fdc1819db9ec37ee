using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Psa.E2E.Journeys;
using Psa.E2E.Support;
using Xunit.Abstractions;
using Shouldly;

namespace Psa.E2E.Nodes;

/// <summary>Faults of real processes: the database restarted while both nodes are writing.</summary>
public sealed partial class TwoNodeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task PostgresRestartedUnderLoad_RequestsFailCleanly_NothingHalfWritten_AndTheSameNodesRecover()
    {
        var clock = Stopwatch.StartNew();
        // A PostgreSQL of this test's own: the test command's shared one is not restarted under the other tests.
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var cluster = await TwoNodeCluster.StartAsync(new Dictionary<string, string> { ["Psa:Api:RequestsPerMinute"] = "10000" }, postgres.ConnectionString);
        var pids = (cluster.A.ProcessId, cluster.B.ProcessId);
        await using var browser = await Browser.LaunchAsync();
        var workspace = cluster.Proxy.WorkspaceUrl(TwoNodeCluster.Slug);
        var page = await browser.SignInAsync(workspace, TwoNodeCluster.OwnerEmail, TwoNodeCluster.Password);
        var token = await page.CreateApiTokenAsync(workspace, "postgres fault");
        Guid clientId;
        using (var api = new WorkspaceApi(cluster.A, TwoNodeCluster.Slug, token))
        {
            clientId = (await api.PostAsync("/api/v1/clients", new { code = "contoso", name = "Contoso Ltd", taxRatePercent = 0 }))["id"]!.GetValue<Guid>();
        }

        // The load: one writer opening tickets on both nodes in turn, each with a unique title (a ticket and its
        // activity are written in one transaction), and one reader. One writer: ticket numbers are taken in turn.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var succeeded = new List<string>();
        var failed = new List<(string Title, int Status, string Body)>();
        var readFailures = 0;
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var title = $"load-{i:0000}";
                var (status, body) = await SendAsync(http, i % 2 == 0 ? cluster.A : cluster.B, HttpMethod.Post, "/api/v1/tickets", token, new { clientId, title });
                lock (succeeded)
                {
                    if (status == HttpStatusCode.Created)
                    {
                        succeeded.Add(title);
                    }
                    else
                    {
                        failed.Add((title, (int)status, body));
                    }
                }

                await Task.Delay(20);
            }
        });
        var reader = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var (status, _) = await SendAsync(http, i % 2 == 0 ? cluster.B : cluster.A, HttpMethod.Get, "/api/v1/clients", token);
                if (status != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref readFailures);
                }

                await Task.Delay(20);
            }
        });

        async Task<int> Count(Func<int> what, int atLeast, int seconds, string because)
        {
            var deadline = DateTime.UtcNow.AddSeconds(seconds);
            while (DateTime.UtcNow < deadline && Locked(what) < atLeast)
            {
                writer.IsCompleted.ShouldBeFalse("the writer stopped: " + writer.Exception);
                await Task.Delay(50);
            }

            Locked(what).ShouldBeGreaterThanOrEqualTo(atLeast, because);
            return Locked(what);
        }

        int Locked(Func<int> what)
        {
            lock (succeeded)
            {
                return what();
            }
        }

        var setUp = clock.Elapsed;
        var before = await Count(() => succeeded.Count, 10, 30, "tickets opened before the outage");
        Locked(() => failed.Count).ShouldBe(0, "nothing failed before the outage: " + string.Join('\n', failed.Select(f => $"{f.Status} {f.Body}")));

        // PostgreSQL goes away at once, as a crash would look, mid-load.
        await postgres.HaltAsync();
        var outage = Stopwatch.StartNew();
        foreach (var node in new[] { cluster.A, cluster.B })
        {
            var (status, body) = await HealthAsync(http, node, HttpStatusCode.ServiceUnavailable, 15);
            status.ShouldBe(HttpStatusCode.ServiceUnavailable, body);
            JsonNode.Parse(body)!["checks"]!["database"]!["status"]!.GetValue<string>().ShouldBe("Unhealthy");
        }

        await Count(() => failed.Count, 5, 15, "writes failed during the outage");
        await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, 5 - outage.Elapsed.TotalSeconds)));
        await postgres.StartAgainAsync();
        var down = outage.Elapsed;
        var back = Stopwatch.StartNew();

        // The same processes serve writes on both nodes again, within a bounded time.
        var failedAtReturn = Locked(() => failed.Count);
        var okAtReturn = Locked(() => succeeded.Count);
        await Count(() => succeeded.Count, okAtReturn + 5, 30, "tickets opened after PostgreSQL returned");
        var recovered = back.Elapsed;
        foreach (var node in new[] { cluster.A, cluster.B })
        {
            (await HealthAsync(http, node, HttpStatusCode.OK, 15)).Status.ShouldBe(HttpStatusCode.OK, "healthy again");
        }

        var failedAfterRecovery = Locked(() => failed.Count);
        await Count(() => succeeded.Count, Locked(() => succeeded.Count) + 5, 30, "more tickets opened once recovered");
        await stop.CancelAsync();
        await writer;
        await reader;
        Locked(() => failed.Count).ShouldBe(failedAfterRecovery, "nothing failed once both nodes were serving again");
        (cluster.A.ProcessId, cluster.B.ProcessId).ShouldBe(pids);
        cluster.A.Log.ShouldNotContain("Application is shutting down");
        cluster.B.Log.ShouldNotContain("Application is shutting down");

        // Every failure was a clean problem response: 503, the database is unavailable, and no exception text.
        failed.Count.ShouldBeGreaterThanOrEqualTo(5);
        readFailures.ShouldBeGreaterThan(0, "reads failed during the outage too");
        foreach (var (title, status, body) in failed)
        {
            status.ShouldBe(503, $"{title}: {body}");
            JsonNode.Parse(body)!["title"]!.GetValue<string>().ShouldBe("The database is unavailable");
            foreach (var leak in new[] { "Npgsql", "Exception", "   at ", "Host=", "Password" })
            {
                body.ShouldNotContain(leak, Case.Sensitive, $"{title}: {body}");
            }
        }

        // Every ticket that answered 201 is there; no ticket is there without its activity (all or nothing);
        // a failed request left either nothing or its whole ticket (a commit whose answer was lost).
        var titles = ((string?)await cluster.WorkspaceScalarAsync("SELECT string_agg(\"Title\", ',' ORDER BY \"Title\") FROM \"Tickets\" WHERE \"Title\" LIKE 'load-%'") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        succeeded.Where(t => !titles.Contains(t)).ShouldBeEmpty("every ticket that answered 201 is in the database");
        titles.Where(t => !succeeded.Contains(t) && failed.All(f => f.Title != t)).ShouldBeEmpty();
        (await cluster.WorkspaceScalarAsync(
            "SELECT count(*) FROM \"Tickets\" t WHERE NOT EXISTS (SELECT 1 FROM \"TicketActivity\" a WHERE a.\"TicketId\" = t.\"Id\")")).ShouldBe(0L, "no ticket without its activity");
        (await cluster.WorkspaceScalarAsync("SELECT count(DISTINCT \"Number\") FROM \"Tickets\"")).ShouldBe((long)titles.Count);

        // The page open through nginx carries on: it reloads signed in and shows a ticket opened after the outage.
        await page.GotoAsync($"{workspace}/tickets");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync("Olive Owner");
        await Assertions.Expect(page.GetByText(succeeded[^1]).First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        output.WriteLine(
            $"set-up {setUp.TotalSeconds:0.0} s; {before} tickets before the outage; PostgreSQL down {down.TotalSeconds:0.0} s; failed {failed.Count} writes "
            + $"({string.Join(", ", failed.GroupBy(f => f.Status).Select(g => $"{g.Count()} x {g.Key}"))}), {readFailures} reads, {failed.Count - failedAtReturn} writes after it returned; "
            + $"writes again {recovered.TotalSeconds:0.0} s after it returned; {succeeded.Count} tickets opened; whole test {clock.Elapsed.TotalSeconds:0.0} s\nfirst failure: {failed[0].Body}");
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient http, PsaServer node, HttpMethod method, string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, $"http://127.0.0.1:{node.Port}{path}") { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Host = $"{TwoNodeCluster.Slug}.localhost:{node.Port}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<(HttpStatusCode Status, string Body)> HealthAsync(HttpClient http, PsaServer node, HttpStatusCode wanted, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{node.Port}/healthz");
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == wanted || DateTime.UtcNow > deadline)
            {
                return (response.StatusCode, body);
            }

            await Task.Delay(200);
        }
    }
}
