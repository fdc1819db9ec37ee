namespace Psa.E2E.Support;

/// <summary>
/// One published Psa.Web process shared by every journey that needs no settings of its own; each journey works in
/// workspaces of its own (their slugs are unique across the journeys), and tenancy keeps them apart exactly as it keeps
/// two customers apart. Started by the first journey that asks, stopped (and its log kept) when the test process
/// exits. A journey that needs its own settings (a fake Xero's address) still starts its own <see cref="PsaServer"/>.
/// </summary>
public static class SharedServer
{
    private static readonly Lazy<Task<PsaServer>> Server = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The shared server, started on first use.</summary>
    public static Task<PsaServer> GetAsync() => Server.Value;

    /// <summary>
    /// The shared server with a new workspace at <paramref name="slug"/> holding the demo's company, team and data
    /// (<c>Psa.Web tenant demo</c>); the team signs in with the demo's addresses and password.
    /// </summary>
    public static async Task<PsaServer> WithDemoAsync(string slug)
    {
        var server = await GetAsync();
        var (code, output) = await server.RunCommandAsync("tenant", "demo", "--slug", slug);
        if (code != 0)
        {
            throw new InvalidOperationException($"tenant demo --slug {slug} failed ({code}): {output}");
        }

        return server;
    }

    private static async Task<PsaServer> StartAsync()
    {
        var server = await PsaServer.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }
}
