using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Psa.E2E.Support;

namespace Psa.Benchmarks;

/// <summary>
/// Many viewers, one change: N live connections to <c>/hubs/live</c> (SignalR's JSON protocol over raw
/// WebSockets) subscribe to one project's topic;
/// staff change one task through the API; the time until every viewer has heard <c>changed</c> is taken
/// per viewer (p50, p95, max). Server memory per idle connection is the growth of the server process's
/// resident memory (after a 1.5 s settle), divided by N (shown from N = 50). After a warm-up of 20 viewers, each N
/// gets 3 unmeasured and 20 measured changes. N = 1, 100, 500 unless given.
/// Goals: p95 at 500 within 3× of N = 1; under 300 KB per idle connection.
/// </summary>
public static class PortalViewersBenchmark
{
    private const char Separator = '\u001e';
    private const string Password = "Bench-Password-1";

    public static async Task RunAsync(string[] args)
    {
        var sizes = args.Length > 0 ? args.Select(int.Parse).ToArray() : [1, 100, 500];
        await using var server = await PsaServer.StartAsync(settings: new Dictionary<string, string> { ["Psa:MemoryDiagnostics"] = "true" });
        (await server.RunCommandAsync("tenant", "create", "--slug", "acme", "--name", "Acme IT", "--admin-email", "owner@acme.test",
            "--admin-password", Password, "--admin-name", "Olive Owner")).ExitCode.ShouldBeZero("tenant create");
        var token = await TokenAsync(server);
        using var api = new HttpClient();
        var clientId = (await SendAsync(api, server, token, HttpMethod.Post, "/api/v1/clients", new { code = "contoso", name = "Contoso Ltd", taxRatePercent = 0 }))["id"]!.GetValue<Guid>();
        var projectId = (await SendAsync(api, server, token, HttpMethod.Post, "/api/v1/projects", new
        {
            code = "contoso-fw", clientId, name = "Firewall refresh", status = "Active", start = "2026-11-23", end = "2026-12-18", billingModel = "AsWorked", routingMode = "Manual",
        }))["id"]!.GetValue<Guid>();
        var phaseId = (await SendAsync(api, server, token, HttpMethod.Post, $"/api/v1/projects/{projectId}/phases", new { name = "Design", requiresClientSignOff = false }))["id"]!.GetValue<Guid>();
        var taskId = (await SendAsync(api, server, token, HttpMethod.Post, $"/api/v1/projects/{projectId}/tasks", new { phaseId, title = "Site survey", startDate = "2026-11-23", dueDate = "2026-11-24" }))["id"]!.GetValue<Guid>();
        var topic = $"project:{projectId}";

        Console.WriteLine($"portal viewers: one project, one staff change (task status through the API), {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"N",5} {"p50 ms",9} {"p95 ms",9} {"max ms",9} {"KB/conn",9}");
        var status = new[] { "InProgress", "ToDo" };
        var round = 0;
        var p95s = new Dictionary<int, double>();

        // Warm the server's hub, serializer and API paths (and this process's client code) before anything is measured.
        var warm = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ConnectAsync(server, token, topic)));
        for (var r = 0; r < 5; r++)
        {
            var clock = Stopwatch.StartNew();
            var heard = warm.Select(v => ReceiveChangedAsync(v, topic, clock)).ToArray();
            await SendAsync(api, server, token, HttpMethod.Patch, $"/api/v1/projects/{projectId}/tasks/{taskId}", new { status = status[round++ % 2] });
            await Task.WhenAll(heard);
        }

        foreach (var v in warm)
        {
            v.Abort();
            v.Dispose();
        }

        foreach (var n in sizes)
        {
            var before = await SettledMemoryAsync(server);
            var viewers = new List<ClientWebSocket>(n);
            for (var i = 0; i < n; i += 50)
            {
                viewers.AddRange(await Task.WhenAll(Enumerable.Range(i, Math.Min(50, n - i)).Select(_ => ConnectAsync(server, token, topic))));
            }

            var after = await SettledMemoryAsync(server);
            var perConnectionKb = (after - before) / 1024.0 / n;

            // Three warm-up changes, then twenty measured; each viewer's delay is measured from the moment the change was sent.
            const int warmUp = 3;
            const int measured = 20;
            var delays = new List<double>();
            for (var r = 0; r < warmUp + measured; r++)
            {
                var clock = Stopwatch.StartNew();
                var heard = viewers.Select(v => ReceiveChangedAsync(v, topic, clock)).ToArray();
                await SendAsync(api, server, token, HttpMethod.Patch, $"/api/v1/projects/{projectId}/tasks/{taskId}", new { status = status[round++ % 2] });
                var heardAt = await Task.WhenAll(heard);
                if (r >= warmUp)
                {
                    delays.AddRange(heardAt);
                }
            }

            delays.Sort();
            var p95 = Percentile(delays, 0.95);
            p95s[n] = p95;
            // Resident memory moves in pages and with the GC's own growth: one connection's share is noise.
            var memory = n >= 50 ? perConnectionKb.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "—";
            Console.WriteLine($"{n,5} {Percentile(delays, 0.5),9:0.0} {p95,9:0.0} {delays[^1],9:0.0} {memory,9}");
            foreach (var v in viewers)
            {
                v.Abort();
                v.Dispose();
            }
        }

        if (p95s.TryGetValue(1, out var one) && p95s.TryGetValue(sizes.Max(), out var most))
        {
            Console.WriteLine($"p95 at N={sizes.Max()} is {most / one:0.00}× that at N=1 (goal: ≤ 3×)");
        }

        await MeasureCircuitsAsync(server, api, token, clientId, projectId);
    }

    /// <summary>
    /// Memory per idle Blazor circuit: a contact with a local portal account opens the project's portal
    /// page in M browser tabs (one circuit each, live subscription included); the server's resident
    /// memory grows by (after − before) / M once the tabs have rendered and settled.
    /// </summary>
    private static async Task MeasureCircuitsAsync(PsaServer server, HttpClient api, string token, Guid clientId, Guid projectId)
    {
        const int circuits = 40;
        await SendAsync(api, server, token, HttpMethod.Post, $"/api/v1/clients/{clientId}/contacts", new { name = "Carla Contact", email = "carla@contoso.test", primary = true });
        await using var browser = await Browser.LaunchAsync();
        var staff = await SignedInStaffAsync(browser, server);
        await staff.GotoAsync(server.WorkspaceUrl("acme") + "/settings/portal");
        await staff.WaitInteractiveAsync();
        await staff.GetByTestId("portal-contacts").GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        var link = await InvitationLinkAsync(server);

        var contact = await (await browser.NewContextAsync()).NewPageAsync();
        await contact.GotoAsync(link);
        await contact.GetByLabel("Password").FillAsync(Password);
        await contact.GetByRole(AriaRole.Button, new() { Name = "Open the portal" }).ClickAsync();
        await contact.GetByTestId("portal-user").WaitForAsync(new() { Timeout = 30_000 });
        await contact.CloseAsync();

        var url = server.WorkspaceUrl("acme") + $"/portal/projects/{projectId}";
        var warm = await contact.Context.NewPageAsync();
        await warm.GotoAsync(url);
        await warm.WaitInteractiveAsync();
        await warm.CloseAsync();

        var before = await ManagedMemoryAsync(api, server);
        var pages = new List<IPage>();
        for (var i = 0; i < circuits; i++)
        {
            var page = await contact.Context.NewPageAsync();
            await page.GotoAsync(url);
            await page.WaitInteractiveAsync();
            pages.Add(page);
        }

        await Task.Delay(3000);
        var after = await ManagedMemoryAsync(api, server);
        Console.WriteLine($"portal project page, {circuits} idle Blazor circuits of one contact (after a full GC in the server):");
        Console.WriteLine($"  managed heap {(after.Managed - before.Managed) / 1024.0 / circuits:0} KB per circuit (goal < 300 KB); working set {(after.WorkingSet - before.WorkingSet) / 1024.0 / circuits:0} KB per circuit");
    }

    /// <summary>The server's managed heap and working set right after a full, compacting GC (bytes).</summary>
    private static async Task<(long Managed, long WorkingSet)> ManagedMemoryAsync(HttpClient http, PsaServer server)
    {
        await Task.Delay(1500);
        var json = JsonNode.Parse(await http.GetStringAsync($"{server.PublicUrl}/healthz/memory"))!;
        return (json["managedBytes"]!.GetValue<long>(), json["workingSetBytes"]!.GetValue<long>());
    }

    internal static async Task<string> InvitationLinkAsync(PsaServer server)
    {
        var folder = Path.Combine(server.DataDirectory, "mail", "acme");
        for (var attempt = 0; attempt < 300; attempt++)
        {
            foreach (var file in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml") : [])
            {
                string raw;
                try
                {
                    raw = await File.ReadAllTextAsync(file);
                }
                catch (IOException)
                {
                    continue; // still being written by the server: read it on the next pass
                }

                // Quoted-printable: undo soft line breaks and the encoded '='.
                var text = raw.Replace("=\r\n", string.Empty, StringComparison.Ordinal).Replace("=3D", "=", StringComparison.Ordinal);
                var match = System.Text.RegularExpressions.Regex.Match(text, @"https?://[^\s""<>]*/portal/accept-invitation\?token=[A-Za-z0-9_\-]+");
                if (match.Success)
                {
                    return match.Value;
                }
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("No portal invitation was written to " + folder);
    }

    internal static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>Resident memory of the server process after it had a moment to settle (bytes).</summary>
    private static async Task<long> SettledMemoryAsync(PsaServer server)
    {
        await Task.Delay(1500);
        using var process = Process.GetProcessById(server.ProcessId);
        process.Refresh();
        return process.WorkingSet64;
    }

    private static async Task<ClientWebSocket> ConnectAsync(PsaServer server, string token, string topic)
    {
        // The caller owns the open socket; a failed handshake disposes it below.
#pragma warning disable CA2000
        var socket = new ClientWebSocket();
#pragma warning restore CA2000
        try
        {
            socket.Options.SetRequestHeader("Host", $"acme.localhost:{server.Port}");
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}/hubs/live?access_token={Uri.EscapeDataString(token)}"), CancellationToken.None);
            await SendRawAsync(socket, "{\"protocol\":\"json\",\"version\":1}");
            (await ReceiveRawAsync(socket, CancellationToken.None)).TrimEnd(Separator).ShouldBe("{}", "handshake");
            await SendRawAsync(socket, JsonSerializer.Serialize(new { type = 1, target = "Subscribe", arguments = new[] { topic }, invocationId = "1" }));
            while (true)
            {
                foreach (var frame in (await ReceiveRawAsync(socket, CancellationToken.None)).Split(Separator, StringSplitOptions.RemoveEmptyEntries))
                {
                    var message = JsonDocument.Parse(frame).RootElement;
                    if (message.GetProperty("type").GetInt32() == 3)
                    {
                        message.TryGetProperty("error", out var error).ShouldBe(false, error.ToString());
                        return socket;
                    }
                }
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<double> ReceiveChangedAsync(ClientWebSocket socket, string topic, Stopwatch clock)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            foreach (var frame in (await ReceiveRawAsync(socket, timeout.Token)).Split(Separator, StringSplitOptions.RemoveEmptyEntries))
            {
                var message = JsonDocument.Parse(frame).RootElement;
                if (message.GetProperty("type").GetInt32() == 1 && message.GetProperty("arguments")[0].GetString() == topic)
                {
                    return clock.Elapsed.TotalMilliseconds;
                }
            }
        }
    }

    private static Task SendRawAsync(ClientWebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json + Separator), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<string> ReceiveRawAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        var builder = new StringBuilder();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            builder.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            if (result.EndOfMessage)
            {
                return builder.ToString();
            }
        }
    }

    internal static async Task<JsonNode> SendAsync(HttpClient http, PsaServer server, string token, HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, $"http://127.0.0.1:{server.Port}{path}") { Content = JsonContent.Create(body, options: new JsonSerializerOptions(JsonSerializerDefaults.Web)) };
        request.Headers.Host = $"acme.localhost:{server.Port}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBe(true, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static Task<IPage> SignedInStaffAsync(Browser browser, PsaServer server) =>
        browser.SignInAsync(server.WorkspaceUrl("acme"), "owner@acme.test", Password);

    private static async Task<string> TokenAsync(PsaServer server)
    {
        await using var browser = await Browser.LaunchAsync();
        var staff = await SignedInStaffAsync(browser, server);
        return await staff.CreateApiTokenAsync(server.WorkspaceUrl("acme"), "bench");
    }

    private static void ShouldBeZero(this int value, string what) => value.ShouldBe(0, what);

    private static void ShouldBe<T>(this T actual, T expected, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(actual, expected))
        {
            throw new InvalidOperationException($"{what}: expected {expected}, got {actual}");
        }
    }
}
