using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Psa.E2E.Journeys;
using Psa.E2E.Support;
using Shouldly;

namespace Psa.E2E.Nodes;

/// <summary>
/// Two real nodes on PostgreSQL and Redis behind nginx (<see cref="TwoNodeCluster"/>): what one node does,
/// the other knows. Run by scripts/test.sh after it starts the servers.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed partial class TwoNodeTests
{
    [Fact]
    public async Task SignInFormFromNodeA_PostedToNodeB_SignsIn_AndTheCookieOpensBothNodes()
    {
        await using var cluster = await TwoNodeCluster.StartAsync();
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var http = new HttpClient(handler);
        var cookies = new Dictionary<string, string>();

        // The form and its antiforgery token come from node A ...
        var form = await SendAsync(http, cluster.A, HttpMethod.Get, "/signin", cookies);
        form.StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = WebUtility.HtmlDecode(AntiforgeryToken().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value);
        token.ShouldNotBeEmpty();

        // ... and are accepted by node B, which signs the owner in.
        var signIn = await SendAsync(http, cluster.B, HttpMethod.Post, "/signin", cookies, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = TwoNodeCluster.OwnerEmail,
            ["Input.Password"] = TwoNodeCluster.Password,
            ["_handler"] = "signin",
            ["__RequestVerificationToken"] = token,
        }));
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, await signIn.Content.ReadAsStringAsync());

        // The session cookie node B issued is a session on node A too.
        foreach (var node in new[] { cluster.A, cluster.B })
        {
            var settings = await SendAsync(http, node, HttpMethod.Get, "/settings", cookies);
            settings.StatusCode.ShouldBe(HttpStatusCode.OK, $"node on port {node.Port}");
            (await settings.Content.ReadAsStringAsync()).ShouldContain("Olive Owner");
        }

        // Both nodes read their key ring from the catalog (their home folders hold none in common).
        (await cluster.CatalogCountAsync("SELECT count(*) FROM \"DataProtectionKeys\"")).ShouldBeGreaterThanOrEqualTo(1L);
    }

    [Fact]
    public async Task ChangesMadeOnEitherNode_ReRenderAPageOpenThroughNginx_OverItsWebSocket()
    {
        await using var cluster = await TwoNodeCluster.StartAsync();
        await using var browser = await Browser.LaunchAsync();
        var workspace = cluster.Proxy.WorkspaceUrl(TwoNodeCluster.Slug);
        var page = await browser.SignInAsync(workspace, TwoNodeCluster.OwnerEmail, TwoNodeCluster.Password);
        var sockets = new List<IWebSocket>();
        page.WebSocket += (_, socket) => sockets.Add(socket);
        var token = await page.CreateApiTokenAsync(workspace, "two nodes");
        var (projectId, taskId) = await ProjectWithOneTaskAsync(cluster.A, token);

        await page.GotoAsync($"{workspace}/projects/{projectId}?view=board");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-task='Survey the site']")).ToBeVisibleAsync();

        // The page's circuit lives on one of the nodes; a change on each node reaches it, so one of them crossed over Redis.
        foreach (var (node, title) in new[] { (cluster.A, "Renamed on node A"), (cluster.B, "Renamed on node B") })
        {
#pragma warning disable CA2000 // disposed at the end of each pass (the analyzer misreads the primary constructor's field)
            using var api = new WorkspaceApi(node, TwoNodeCluster.Slug, token);
#pragma warning restore CA2000
            await api.PatchAsync($"/api/v1/projects/{projectId}/tasks/{taskId}", new { title });
            await Assertions.Expect(page.Locator($"[data-task='{title}']")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        }

        sockets.ShouldContain(s => s.Url.Contains("/_blazor", StringComparison.Ordinal) && s.Url.Contains($":{cluster.Proxy.Port}/", StringComparison.Ordinal) && !s.IsClosed);
        await page.ShotAsync("nodes-01-live-across-nodes");
    }

    [Fact]
    public async Task NodeKilled_ThePageCarriesOnThroughNginxOnTheOtherNode_StillSignedIn_AndLive()
    {
        await using var cluster = await TwoNodeCluster.StartAsync();
        await using var browser = await Browser.LaunchAsync();
        var workspace = cluster.Proxy.WorkspaceUrl(TwoNodeCluster.Slug);
        var page = await browser.SignInAsync(workspace, TwoNodeCluster.OwnerEmail, TwoNodeCluster.Password);
        var token = await page.CreateApiTokenAsync(workspace, "two nodes");
        var (projectId, taskId) = await ProjectWithOneTaskAsync(cluster.B, token);
        await page.GotoAsync($"{workspace}/projects/{projectId}?view=board");
        await page.WaitInteractiveAsync();

        await cluster.A.KillAsync();

        // Whichever node held the circuit, a reload through nginx lands on the survivor, still signed in.
        await page.ReloadAsync();
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync("Olive Owner");
        using var api = new WorkspaceApi(cluster.B, TwoNodeCluster.Slug, token);
        await api.PatchAsync($"/api/v1/projects/{projectId}/tasks/{taskId}", new { title = "Renamed after node A died" });
        // The survivor may still be re-subscribing its live channel after the failover: allow it a while.
        await Assertions.Expect(page.Locator("[data-task='Renamed after node A died']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task RedisStoppedFor20Seconds_PagesKeepWorking_SayLiveUpdatesArePaused_AndLiveUpdatesResumeWhenItReturns()
    {
        await using var redis = await PrivateRedis.StartAsync();
        await using var cluster = await TwoNodeCluster.StartAsync(new Dictionary<string, string> { ["Psa:Redis"] = redis.Address });
        await using var browser = await Browser.LaunchAsync();
        var workspace = cluster.Proxy.WorkspaceUrl(TwoNodeCluster.Slug);
        var page = await browser.SignInAsync(workspace, TwoNodeCluster.OwnerEmail, TwoNodeCluster.Password);
        var token = await page.CreateApiTokenAsync(workspace, "two nodes");
        var (projectId, taskId) = await ProjectWithOneTaskAsync(cluster.A, token);
        await page.GotoAsync($"{workspace}/projects/{projectId}?view=board");
        await page.WaitInteractiveAsync();
        var paused = page.GetByTestId("live-paused");
        await Assertions.Expect(paused).ToHaveCountAsync(0);

        await redis.StopAsync();
        var outage = DateTime.UtcNow;
        await Assertions.Expect(paused).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.ShotAsync("nodes-02-live-updates-paused");

        // Both nodes keep serving: a reload through nginx, and each node's pages and API directly.
        await page.ReloadAsync();
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-task='Survey the site']")).ToBeVisibleAsync();
        await Assertions.Expect(paused).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".psa-live")).ToHaveCountAsync(0);
        foreach (var node in new[] { cluster.A, cluster.B })
        {
#pragma warning disable CA2000 // disposed at the end of each pass (the analyzer misreads the primary constructor's field)
            using var api = new WorkspaceApi(node, TwoNodeCluster.Slug, token);
#pragma warning restore CA2000
            (await api.GetAsync($"/api/v1/projects/{projectId}"))["name"]!.GetValue<string>().ShouldBe("Network refresh");
            using var health = new HttpClient();
            var answer = await health.GetAsync($"http://127.0.0.1:{node.Port}/healthz");
            answer.StatusCode.ShouldBe(HttpStatusCode.OK, "a node without Redis is degraded, not down");
            JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["checks"]!["redis"]!["status"]!.GetValue<string>().ShouldBe("Degraded");
        }

        await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, 20 - (DateTime.UtcNow - outage).TotalSeconds)));
        await redis.StartAgainAsync();

        // The link comes back by itself: the chip goes, and changes on either node reach the page again.
        await Assertions.Expect(paused).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator(".psa-live")).ToBeVisibleAsync();
        foreach (var (node, title) in new[] { (cluster.A, "Renamed on node A after the outage"), (cluster.B, "Renamed on node B after the outage") })
        {
#pragma warning disable CA2000 // disposed at the end of each pass (the analyzer misreads the primary constructor's field)
            using var api = new WorkspaceApi(node, TwoNodeCluster.Slug, token);
#pragma warning restore CA2000
            await api.PatchAsync($"/api/v1/projects/{projectId}/tasks/{taskId}", new { title });
            await Assertions.Expect(page.Locator($"[data-task='{title}']")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        }
    }

    private static async Task<(Guid Project, Guid Task)> ProjectWithOneTaskAsync(PsaServer node, string token)
    {
        using var api = new WorkspaceApi(node, TwoNodeCluster.Slug, token);
        var clientId = (await api.PostAsync("/api/v1/clients", new { code = "contoso", name = "Contoso Ltd", taxRatePercent = 0 }))["id"]!.GetValue<Guid>();
        var projectId = (await api.PostAsync("/api/v1/projects", new
        {
            code = "contoso-net", clientId, name = "Network refresh", projectType = "Infrastructure", status = "Active",
            start = "2026-11-23", end = "2026-12-18", budgetHours = 40, billingModel = "AsWorked", routingMode = "LoadBalancing",
        }))["id"]!.GetValue<Guid>();
        var phaseId = (await api.PostAsync($"/api/v1/projects/{projectId}/phases", new { name = "Survey", requiresClientSignOff = false }))["id"]!.GetValue<Guid>();
        JsonNode task = await api.PostAsync($"/api/v1/projects/{projectId}/tasks", new { phaseId, title = "Survey the site", estimateMinutes = 120, startDate = "2026-11-23", dueDate = "2026-11-24" });
        return (projectId, task["id"]!.GetValue<Guid>());
    }

    /// <summary>A request to one node with the workspace's host name and the cookies so far (kept up to date).</summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, PsaServer node, HttpMethod method, string path,
        Dictionary<string, string> cookies, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, $"http://127.0.0.1:{node.Port}{path}") { Content = content };
        request.Headers.Host = $"{TwoNodeCluster.Slug}.localhost:{node.Port}";
        if (cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await http.SendAsync(request);
        foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            var pair = header.Split(';', 2)[0].Split('=', 2);
            cookies[pair[0]] = pair[1];
        }

        return response;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" (?:type=\"hidden\" )?value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

/// <summary>
/// The two-node tests of sessions, live updates and outages: one at a time, each with a cluster (and a Redis) of its
/// own, beside <see cref="SchedulerOnTwoNodesTests"/> (their pass runs nothing else).
/// </summary>
[CollectionDefinition(Name)]
public sealed class E2ECollection
{
    public const string Name = "E2E";
}
