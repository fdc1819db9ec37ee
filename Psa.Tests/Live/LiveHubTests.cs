using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Psa.Infrastructure.Live;
using Psa.Tests.Api;
using Psa.Tests.Support;
using Shouldly;

namespace Psa.Tests.Live;

/// <summary>The hub at /hubs/live, spoken to in SignalR's JSON protocol over a raw WebSocket.</summary>
public sealed class LiveHubTests : IDisposable
{
    private const char Separator = '\u001e';
    private readonly PsaAppFactory _app = new();

    [Fact]
    public async Task Subscriber_ReceivesChangesOfItsTopic()
    {
        var tenant = await _app.CreateTenantAsync("acme");
        var token = await ApiTests.CreateTokenAsync(_app, tenant);
        using var socket = await ConnectAsync("acme", token);
        await InvokeAsync(socket, "Subscribe", "project:7");

        _app.Service<LiveNotifier>().Publish("acme", "project:7");

        var message = await ReceiveAsync(socket);
        message.GetProperty("target").GetString().ShouldBe("changed");
        message.GetProperty("arguments")[0].GetString().ShouldBe("project:7");
    }

    [Fact]
    public async Task Subscriber_DoesNotHearAnotherWorkspace()
    {
        var a = await _app.CreateTenantAsync("alpha");
        await _app.CreateTenantAsync("bravo");
        using var socket = await ConnectAsync("alpha", await ApiTests.CreateTokenAsync(_app, a));
        await InvokeAsync(socket, "Subscribe", "project:7");

        _app.Service<LiveNotifier>().Publish("bravo", "project:7");
        _app.Service<LiveNotifier>().Publish("alpha", "project:8");
        _app.Service<LiveNotifier>().Publish("alpha", "project:7");

        var message = await ReceiveAsync(socket);
        message.GetProperty("arguments")[0].GetString().ShouldBe("project:7");
        using var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await Should.ThrowAsync<OperationCanceledException>(() => ReceiveAsync(socket, quiet.Token));
    }

    [Fact]
    public async Task Hub_RefusesAnonymousAndForeignTokens()
    {
        var a = await _app.CreateTenantAsync("alpha");
        await _app.CreateTenantAsync("bravo");
        var token = await ApiTests.CreateTokenAsync(_app, a);

        var anonymous = await _app.ClientFor("alpha").PostAsync("/hubs/live/negotiate?negotiateVersion=1", null);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var foreign = await _app.ClientFor("bravo").PostAsync($"/hubs/live/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(token)}", null);
        foreign.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await Should.ThrowAsync<Exception>(() => ConnectAsync("bravo", token));
        var own = await _app.ClientFor("alpha").PostAsync($"/hubs/live/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(token)}", null);
        own.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task<WebSocket> ConnectAsync(string slug, string token)
    {
        var client = _app.Server.CreateWebSocketClient();
        var socket = await client.ConnectAsync(new Uri($"ws://{slug}.localhost/hubs/live?access_token={Uri.EscapeDataString(token)}"), CancellationToken.None);
        await SendAsync(socket, "{\"protocol\":\"json\",\"version\":1}");
        var handshake = await ReceiveRawAsync(socket, CancellationToken.None);
        handshake.ShouldBe("{}");
        return socket;
    }

    private static async Task InvokeAsync(WebSocket socket, string target, params object[] arguments)
    {
        var id = Guid.NewGuid().ToString("N");
        await SendAsync(socket, JsonSerializer.Serialize(new { type = 1, target, arguments, invocationId = id }));
        while (true)
        {
            var message = await ReceiveAsync(socket);
            if (message.GetProperty("type").GetInt32() == 3 && message.GetProperty("invocationId").GetString() == id)
            {
                message.TryGetProperty("error", out var error).ShouldBeFalse(error.ToString());
                return;
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

    public void Dispose() => _app.Dispose();
}
