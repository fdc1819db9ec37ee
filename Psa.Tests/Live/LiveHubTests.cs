using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Clients;
using Psa.Domain.Projects;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Portal;
using Psa.Tests.Api;
using Psa.Tests.Support;
using Shouldly;

namespace Psa.Tests.Live;

/// <summary>The hub at /hubs/live, spoken to in SignalR's JSON protocol over a raw WebSocket.</summary>
public sealed class LiveHubTests(RevalidatingAppFactory app) : IClassFixture<RevalidatingAppFactory>
{
    private const char Separator = '\u001e';
    private readonly PsaAppFactory _app = app;
    private readonly string _acme = app.NewSlug("acme");
    private readonly string _alpha = app.NewSlug("alpha");
    private readonly string _bravo = app.NewSlug("bravo");
    private readonly string _globex = app.NewSlug("globex");

    [Fact]
    public async Task Subscriber_ReceivesChangesOfItsTopic()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        var token = await ApiTests.CreateTokenAsync(_app, tenant);
        using var socket = await ConnectAsync(_acme, token);
        await InvokeAsync(socket, "Subscribe", "project:7");

        _app.Service<LiveNotifier>().Publish(_acme, "project:7");

        var message = await ReceiveAsync(socket);
        message.GetProperty("target").GetString().ShouldBe("changed");
        message.GetProperty("arguments")[0].GetString().ShouldBe("project:7");
    }

    [Fact]
    public async Task Subscriber_DoesNotHearAnotherWorkspace()
    {
        var a = await _app.CreateTenantAsync(_alpha);
        await _app.CreateTenantAsync(_bravo);
        using var socket = await ConnectAsync(_alpha, await ApiTests.CreateTokenAsync(_app, a));
        await InvokeAsync(socket, "Subscribe", "project:7");

        _app.Service<LiveNotifier>().Publish(_bravo, "project:7");
        _app.Service<LiveNotifier>().Publish(_alpha, "project:8");
        _app.Service<LiveNotifier>().Publish(_alpha, "project:7");

        var message = await ReceiveAsync(socket);
        message.GetProperty("arguments")[0].GetString().ShouldBe("project:7");
        using var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await Should.ThrowAsync<OperationCanceledException>(() => ReceiveAsync(socket, quiet.Token));
    }

    [Fact]
    public async Task Hub_RefusesAnonymousAndForeignTokens()
    {
        var a = await _app.CreateTenantAsync(_alpha);
        await _app.CreateTenantAsync(_bravo);
        var token = await ApiTests.CreateTokenAsync(_app, a);

        var anonymous = await _app.ClientFor(_alpha).PostAsync("/hubs/live/negotiate?negotiateVersion=1", null);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var foreign = await _app.ClientFor(_bravo).PostAsync($"/hubs/live/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(token)}", null);
        foreign.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await Should.ThrowAsync<Exception>(() => ConnectAsync(_bravo, token));
        var own = await _app.ClientFor(_alpha).PostAsync($"/hubs/live/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(token)}", null);
        own.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Contact_JoinsOnlyTheirOwnClientsProjectTopics()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        Guid own, other, contactId;
        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant))
        await using (var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create())
        {
            var contoso = Client.Create("contoso", "Contoso Ltd", 0m);
            contactId = contoso.AddContact("Alice Contoso", "alice@contoso.test").Id;
            var fabrikam = Client.Create("fabrikam", "Fabrikam Inc", 0m);
            db.Clients.AddRange(contoso, fabrikam);
            var a = Project.Create("c1", contoso.Id, "Contoso project");
            var b = Project.Create("f1", fabrikam.Id, "Fabrikam project");
            db.Projects.AddRange(a, b);
            await db.SaveChangesAsync();
            (own, other) = (a.Id, b.Id);
        }

        string cookie;
        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            var link = await scope.ServiceProvider.GetRequiredService<PortalSignIn>().InviteAsync(contactId, new Uri($"http://{_acme}.localhost/"), "Owner");
            var http = _app.ClientFor(_acme);
            var accepted = await PsaAppFactory.FormPostAsync(http, link.PathAndQuery, "portal-accept", new()
            {
                ["Input.Token"] = Uri.UnescapeDataString(System.Text.RegularExpressions.Regex.Match(link.Query, "token=([^&]+)").Groups[1].Value),
                ["Input.Password"] = TestData.Password,
            });
            accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            cookie = (await http.GetAsync("/portal")).RequestMessage!.Headers.GetValues("Cookie").Single();
        }

        using var socket = await ConnectAsync(_acme, token: null, cookie);
        (await TryInvokeAsync(socket, "Subscribe", $"project:{own}")).ShouldBeNull();
        (await TryInvokeAsync(socket, "Subscribe", $"project:{other}")).ShouldNotBeNull().ShouldContain("not available");
        (await TryInvokeAsync(socket, "Subscribe", "billing")).ShouldNotBeNull();

        _app.Service<LiveNotifier>().Publish(_acme, $"project:{other}");
        _app.Service<LiveNotifier>().Publish(_acme, $"project:{own}");
        var message = await ReceiveAsync(socket);
        message.GetProperty("arguments")[0].GetString().ShouldBe($"project:{own}");
    }

    [Fact]
    public async Task Staff_JoinOnlyTopicsTheirRoleMayRead()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        var (engineerId, engineerToken) = await AccessMatrixTests.CreateStaffAsync(_app, tenant, Psa.Domain.Identity.StaffRoles.Engineer);
        using var engineer = await ConnectAsync(_acme, engineerToken);
        (await TryInvokeAsync(engineer, "Subscribe", $"project:{Guid.NewGuid()}")).ShouldBeNull();
        (await TryInvokeAsync(engineer, "Subscribe", "projects")).ShouldBeNull();
        (await TryInvokeAsync(engineer, "Subscribe", $"notifications:{engineerId}")).ShouldBeNull();
        (await TryInvokeAsync(engineer, "Subscribe", "billing")).ShouldNotBeNull().ShouldContain("may not read");
        (await TryInvokeAsync(engineer, "Subscribe", "quotes")).ShouldNotBeNull();
        (await TryInvokeAsync(engineer, "Subscribe", $"notifications:{tenant.OwnerUserId}")).ShouldNotBeNull();
        (await TryInvokeAsync(engineer, "Subscribe", $"time:{Guid.NewGuid()}")).ShouldNotBeNull();
        (await TryInvokeAsync(engineer, "Subscribe", "made-up-topic")).ShouldNotBeNull();

        using var billing = await ConnectAsync(_acme, (await AccessMatrixTests.CreateStaffAsync(_app, tenant, Psa.Domain.Identity.StaffRoles.Billing)).Token);
        (await TryInvokeAsync(billing, "Subscribe", "billing")).ShouldBeNull();
    }

    [Fact]
    public async Task SuspendingTheWorkspace_ClosesItsHubConnections()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        var globex = await _app.CreateTenantAsync(_globex);
        using var suspended = await ConnectAsync(_acme, await ApiTests.CreateTokenAsync(_app, tenant));
        using var other = await ConnectAsync(_globex, await ApiTests.CreateTokenAsync(_app, globex));
        await InvokeAsync(suspended, "Subscribe", "project:7");
        await Task.Delay(500);
        (await TryInvokeAsync(suspended, "Subscribe", "project:8")).ShouldBeNull(); // still open after several checks

        await _app.Service<Psa.Infrastructure.Catalog.PlatformAdministration>().SuspendAsync(_acme, "ops@example.com");
        // The workspace directory caches a status for 5 seconds; the server then closes the connection.
        var closed = false;
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!closed && !wait.IsCancellationRequested)
        {
            try
            {
                var raw = await ReceiveRawAsync(suspended, wait.Token);
                closed = JsonDocument.Parse(raw).RootElement.GetProperty("type").GetInt32() == 7;
            }
            catch (Exception ex) when (ex is WebSocketException or InvalidOperationException)
            {
                closed = true;
            }
        }

        closed.ShouldBeTrue();
        (await TryInvokeAsync(other, "Subscribe", "project:7")).ShouldBeNull();
    }

    private async Task<WebSocket> ConnectAsync(string slug, string? token, string? cookie = null)
    {
        var client = _app.Server.CreateWebSocketClient();
        if (cookie is not null)
        {
            client.ConfigureRequest = r => r.Headers.Cookie = cookie;
        }

        var query = token is null ? string.Empty : $"?access_token={Uri.EscapeDataString(token)}";
        var socket = await client.ConnectAsync(new Uri($"ws://{slug}.localhost/hubs/live{query}"), CancellationToken.None);
        await SendAsync(socket, "{\"protocol\":\"json\",\"version\":1}");
        var handshake = await ReceiveRawAsync(socket, CancellationToken.None);
        handshake.ShouldBe("{}");
        return socket;
    }

    private static async Task InvokeAsync(WebSocket socket, string target, params object[] arguments) =>
        (await TryInvokeAsync(socket, target, arguments)).ShouldBeNull();

    /// <summary>Invokes a hub method; returns the hub's error, or null when it succeeded.</summary>
    private static async Task<string?> TryInvokeAsync(WebSocket socket, string target, params object[] arguments)
    {
        var id = Guid.NewGuid().ToString("N");
        await SendAsync(socket, JsonSerializer.Serialize(new { type = 1, target, arguments, invocationId = id }));
        while (true)
        {
            var message = await ReceiveAsync(socket);
            if (message.GetProperty("type").GetInt32() == 3 && message.GetProperty("invocationId").GetString() == id)
            {
                return message.TryGetProperty("error", out var error) ? error.GetString() : null;
            }
        }
    }

    private static Task SendAsync(WebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json + Separator), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<JsonElement> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        while (true)
        {
            var json = await ReceiveRawAsync(socket, timeout.Token);
            var element = JsonDocument.Parse(json).RootElement;
            if (element.GetProperty("type").GetInt32() != 6)
            {
                return element; // skip pings
            }
        }
    }

    private static async Task<string> ReceiveRawAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        var builder = new StringBuilder();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            builder.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            if (result.EndOfMessage)
            {
                return builder.ToString().TrimEnd(Separator);
            }
        }
    }
}
