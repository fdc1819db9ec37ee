using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
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

/// <summary>The hub at /hubs/live, spoken to by the .NET SignalR client over the test server's WebSockets.</summary>
public sealed class LiveHubTests(RevalidatingAppFactory app) : IClassFixture<RevalidatingAppFactory>
{
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
        await using var hub = await ConnectAsync(_acme, token);
        await hub.InvokeAsync("Subscribe", "project:7");

        _app.Service<LiveNotifier>().Publish(_acme, "project:7");

        (await hub.ChangedAsync()).ShouldBe("project:7");
    }

    [Fact]
    public async Task Subscriber_DoesNotHearAnotherWorkspace()
    {
        var a = await _app.CreateTenantAsync(_alpha);
        await _app.CreateTenantAsync(_bravo);
        await using var hub = await ConnectAsync(_alpha, await ApiTests.CreateTokenAsync(_app, a));
        await hub.InvokeAsync("Subscribe", "project:7");

        _app.Service<LiveNotifier>().Publish(_bravo, "project:7");
        _app.Service<LiveNotifier>().Publish(_alpha, "project:8");
        _app.Service<LiveNotifier>().Publish(_alpha, "project:7");

        (await hub.ChangedAsync()).ShouldBe("project:7");
        using var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await Should.ThrowAsync<OperationCanceledException>(() => hub.ChangedAsync(quiet.Token));
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
        await Should.ThrowAsync<Exception>(async () => await ConnectAsync(_bravo, token));
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

        await using var hub = await ConnectAsync(_acme, token: null, cookie);
        (await hub.TrySubscribeAsync($"project:{own}")).ShouldBeNull();
        (await hub.TrySubscribeAsync($"project:{other}")).ShouldNotBeNull().ShouldContain("not available");
        (await hub.TrySubscribeAsync("billing")).ShouldNotBeNull();

        _app.Service<LiveNotifier>().Publish(_acme, $"project:{other}");
        _app.Service<LiveNotifier>().Publish(_acme, $"project:{own}");
        (await hub.ChangedAsync()).ShouldBe($"project:{own}");
    }

    [Fact]
    public async Task Staff_JoinOnlyTopicsTheirRoleMayRead()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        var (engineerId, engineerToken) = await AccessMatrixTests.CreateStaffAsync(_app, tenant, Psa.Domain.Identity.StaffRoles.Engineer);
        await using var engineer = await ConnectAsync(_acme, engineerToken);
        (await engineer.TrySubscribeAsync($"project:{Guid.NewGuid()}")).ShouldBeNull();
        (await engineer.TrySubscribeAsync("projects")).ShouldBeNull();
        (await engineer.TrySubscribeAsync($"notifications:{engineerId}")).ShouldBeNull();
        (await engineer.TrySubscribeAsync("billing")).ShouldNotBeNull().ShouldContain("may not read");
        (await engineer.TrySubscribeAsync("quotes")).ShouldNotBeNull();
        (await engineer.TrySubscribeAsync($"notifications:{tenant.OwnerUserId}")).ShouldNotBeNull();
        (await engineer.TrySubscribeAsync($"time:{Guid.NewGuid()}")).ShouldNotBeNull();
        (await engineer.TrySubscribeAsync("made-up-topic")).ShouldNotBeNull();

        await using var billing = await ConnectAsync(_acme, (await AccessMatrixTests.CreateStaffAsync(_app, tenant, Psa.Domain.Identity.StaffRoles.Billing)).Token);
        (await billing.TrySubscribeAsync("billing")).ShouldBeNull();
    }

    [Fact]
    public async Task SuspendingTheWorkspace_ClosesItsHubConnections()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        var globex = await _app.CreateTenantAsync(_globex);
        await using var suspended = await ConnectAsync(_acme, await ApiTests.CreateTokenAsync(_app, tenant));
        await using var other = await ConnectAsync(_globex, await ApiTests.CreateTokenAsync(_app, globex));
        await suspended.InvokeAsync("Subscribe", "project:7");
        await Task.Delay(500);
        (await suspended.TrySubscribeAsync("project:8")).ShouldBeNull(); // still open after several checks

        await _app.Service<Psa.Infrastructure.Catalog.PlatformAdministration>().SuspendAsync(_acme, "ops@example.com");
        // The workspace directory caches a status for 5 seconds; the server then closes the connection.
        await suspended.Closed.WaitAsync(TimeSpan.FromSeconds(15));
        suspended.Connection.State.ShouldBe(HubConnectionState.Disconnected);
        (await other.TrySubscribeAsync("project:7")).ShouldBeNull();
    }

    /// <summary>
    /// A connection to the workspace's hub through the test server's WebSockets, authenticated by an API token
    /// (sent as <c>access_token</c>, as browsers do) or a portal cookie. Without automatic reconnect, so a
    /// connection the server closes stays closed.
    /// </summary>
    private async Task<LiveClient> ConnectAsync(string slug, string? token, string? cookie = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl($"http://{slug}.localhost/hubs/live", HttpTransportType.WebSockets, o =>
            {
                o.SkipNegotiation = true;
                o.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var client = _app.Server.CreateWebSocketClient();
                    if (cookie is not null)
                    {
                        client.ConfigureRequest = r => r.Headers.Cookie = cookie;
                    }

                    // As browsers do: the token in the query string (the .NET client's own factory would send a header).
                    var uri = token is null ? context.Uri
                        : new Uri(context.Uri + (context.Uri.Query.Length > 0 ? "&" : "?") + "access_token=" + Uri.EscapeDataString(token));
                    return await client.ConnectAsync(uri, cancellationToken);
                };
            })
            .Build();
        var live = new LiveClient(connection);
        await connection.StartAsync();
        return live;
    }

    /// <summary>A hub connection with the topics it heard (<c>changed</c>) queued, and its closing awaited.</summary>
    private sealed class LiveClient : IAsyncDisposable
    {
        private readonly Channel<string> _changed = Channel.CreateUnbounded<string>();
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LiveClient(HubConnection connection)
        {
            Connection = connection;
            connection.On<string>("changed", topic => _changed.Writer.TryWrite(topic));
            connection.Closed += _ =>
            {
                _closed.TrySetResult();
                return Task.CompletedTask;
            };
        }

        public HubConnection Connection { get; }

        public Task Closed => _closed.Task;

        public Task InvokeAsync(string method, string argument) => Connection.InvokeAsync(method, argument);

        /// <summary>Subscribes to a topic; returns the hub's refusal, or null when it succeeded.</summary>
        public async Task<string?> TrySubscribeAsync(string topic)
        {
            try
            {
                await Connection.InvokeAsync("Subscribe", topic);
                return null;
            }
            catch (HubException refused)
            {
                return refused.Message;
            }
        }

        /// <summary>The next topic heard, within 5 seconds.</summary>
        public async Task<string> ChangedAsync(CancellationToken cancellationToken = default)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            return await _changed.Reader.ReadAsync(timeout.Token);
        }

        public ValueTask DisposeAsync() => Connection.DisposeAsync();
    }
}
