using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Psa.FakeXero;

/// <summary>
/// A FAKE Xero (identity, connections, Accounting API, webhooks) on a real local port, for tests and
/// demos. Psa points at it by configuration (<c>Psa:Xero:IdentityBaseUrl</c>, <c>ApiBaseUrl</c>, …).
/// </summary>
public sealed class FakeXeroServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeXeroServer(WebApplication app, FakeXeroState state)
    {
        _app = app;
        State = state;
    }

    public FakeXeroState State { get; }

    /// <summary>Where the fake answers, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public FakeXeroOptions Options => State.Options;

    public static async Task<FakeXeroServer> StartAsync(FakeXeroOptions? options = null, int port = 0, TimeProvider? time = null, string[]? args = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args ?? []);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var state = FakeXeroState.Create(options ?? new FakeXeroOptions(), time ?? TimeProvider.System);
        builder.Services.AddSingleton(state);
        var app = builder.Build();
        app.MapGet("/", () => Results.Text("Fake Xero for Psa tests and demos: this is NOT Xero. Identity at /identity/connect/authorize and /connect/token, "
            + "organisations at /connections, Accounting API at /api.xro/2.0/."));
        FakeXeroIdentity.Map(app);
        FakeXeroAccounting.Map(app);
        FakeXeroConsole.Map(app);
        await app.StartAsync();
        var server = new FakeXeroServer(app, state);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary><c>dotnet run --project Psa.FakeXero -- --port 5090</c>: the fake for demos.</summary>
public static class FakeXeroProgram
{
    public static async Task Main(string[] args)
    {
        var at = Array.IndexOf(args, "--port");
        var port = at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : 5090;
        await using var server = await FakeXeroServer.StartAsync(port: port);
        Console.WriteLine($"Fake Xero (not Xero) at {server.BaseAddress}  client id {server.Options.ClientId}, secret {server.Options.ClientSecret}, webhook key {server.Options.WebhookKey}");
        var stop = new TaskCompletionSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.TrySetResult();
        };
        await stop.Task;
    }
}
