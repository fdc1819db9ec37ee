using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Psa.E2E.Support;

namespace Psa.Benchmarks;

/// <summary>
/// One real Blazor Server circuit without a browser, started as <c>blazor.web.js</c> starts it: the page is fetched
/// with the user's cookie (prerendered, with its interactive-server component markers), a SignalR connection to
/// <c>/_blazor</c> speaks "blazorpack" (MessagePack), <c>StartCircuit</c> then <c>UpdateRootComponents</c> with the
/// page's markers; every render batch is acknowledged (<c>OnRenderCompleted</c>) as the browser does after applying
/// it, and JavaScript interop calls are answered as done (an object reference for calls that return one). It
/// applies nothing to a DOM: it only reads each batch's bytes, for the text a change is expected to render.
/// Learned from ASP.NET Core's own headless client (Ignitor), written for what the benchmark needs.
/// </summary>
internal sealed partial class HeadlessCircuit : IAsyncDisposable
{
    private readonly HubConnection _hub;
    private readonly string _host;
    private long _nextObjectId;
    private readonly TaskCompletionSource<double> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Expectation? _expected;

    private HeadlessCircuit(HubConnection hub, PsaServer node, string host)
    {
        _hub = hub;
        Node = node;
        _host = host;
    }

    public PsaServer Node { get; }

    /// <summary>PSA_BENCH_TRACE=1: every batch and JavaScript call on standard error.</summary>
    private static bool Trace { get; } = Environment.GetEnvironmentVariable("PSA_BENCH_TRACE") == "1";

    public string? CircuitId { get; private set; }

    /// <summary>Render batches received (and acknowledged).</summary>
    public int Batches;

    /// <summary>The JavaScript functions the server asked this circuit to call (for the report).</summary>
    public static ConcurrentDictionary<string, int> JsCalls { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Opens the page at <paramref name="path"/> on <paramref name="node"/> and starts its circuit; returns once a render
    /// batch with <paramref name="readyText"/> arrived (the page has loaded its data, and subscribed to its changes, interactively).
    /// </summary>
    public static async Task<HeadlessCircuit> OpenAsync(HttpClient http, PsaServer node, string slug, string cookie, string path, string readyText)
    {
        var host = $"{slug}.localhost:{node.Port}";
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{node.Port}{path}");
        request.Headers.Host = host;
        request.Headers.Add("Cookie", cookie);
        using var response = await http.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path} on port {node.Port}: {(int)response.StatusCode}");
        }

        // <!--Blazor:{"type":"server","prerenderId":…,"key":…,"sequence":0,"descriptor":…}--> … <!--Blazor:{"prerenderId":…}-->
        var markers = Marker().Matches(html).Select(m => JsonNode.Parse(m.Groups[1].Value)!.AsObject())
            .Where(m => m["type"]?.GetValue<string>() == "server").OrderBy(m => m["sequence"]!.GetValue<int>()).ToList();
        if (markers.Count == 0)
        {
            throw new InvalidOperationException($"{path} on port {node.Port} has no interactive server components (signed out?)");
        }

        var state = ServerState().Match(html) is { Success: true } s ? s.Groups[1].Value : string.Empty;
        var builder = new HubConnectionBuilder().WithUrl($"http://127.0.0.1:{node.Port}/_blazor", o =>
        {
            o.SkipNegotiation = true;
            o.Transports = HttpTransportType.WebSockets;
            o.Headers["Host"] = host;
            o.Headers["Cookie"] = cookie;
        });
        builder.Services.AddSingleton<IHubProtocol>(new BlazorPack());
        // The caller owns the circuit once it is open; on failure it is disposed below.
#pragma warning disable CA2000
        var circuit = new HeadlessCircuit(builder.Build(), node, host);
#pragma warning restore CA2000
        var ready = circuit.RenderOfAsync(readyText, Stopwatch.StartNew());
        try
        {
            await circuit.StartAsync($"http://{host}/", $"http://{host}{path}", markers, state);
            await Task.WhenAny(ready, circuit._failed.Task).Unwrap();
        }
        catch
        {
            await circuit._hub.DisposeAsync();
            throw;
        }

        return circuit;
    }

    private async Task StartAsync(string baseUri, string uri, List<JsonObject> markers, string state)
    {
        _hub.On<long, byte[]>("JS.RenderBatch", OnRenderBatchAsync);
        _hub.On<long, string, string, int, long>("JS.BeginInvokeJS", OnBeginInvokeJsAsync);
        _hub.On<long>("JS.EndUpdateRootComponents", _ => { });
        _hub.On<string>("JS.Error", error => _failed.TrySetException(new InvalidOperationException("Circuit error: " + error)));
        await _hub.StartAsync();
        CircuitId = await _hub.InvokeAsync<string?>("StartCircuit", baseUri, uri, "[]", state)
            ?? throw new InvalidOperationException("StartCircuit refused the circuit.");
        var operations = markers.Select((marker, i) => new { type = "add", ssrComponentId = i + 1, marker });
        await _hub.SendAsync("UpdateRootComponents", JsonSerializer.Serialize(new { batchId = 1, operations }), state);
    }

    /// <summary>
    /// Completes with the milliseconds on <paramref name="clock"/> when a render batch that contains
    /// <paramref name="text"/> arrives. Call before the change is made.
    /// </summary>
    public Task<double> RenderOfAsync(string text, Stopwatch clock)
    {
        var expectation = new Expectation(Encoding.UTF8.GetBytes(text), clock);
        Volatile.Write(ref _expected, expectation);
        return expectation.Heard.Task.WaitAsync(TimeSpan.FromSeconds(120));
    }

    private async Task OnRenderBatchAsync(long batchId, byte[] batch)
    {
        Interlocked.Increment(ref Batches);
        if (Trace)
        {
            await Console.Error.WriteLineAsync($"[{Node.Port} {RuntimeHelpers.GetHashCode(this)}] batch {batchId}: {batch.Length} bytes, expected text {(_expected is { } e ? batch.AsSpan().IndexOf(e.Text) >= 0 : null)}");
        }

        if (Volatile.Read(ref _expected) is { } expected && batch.AsSpan().IndexOf(expected.Text) >= 0)
        {
            expected.Heard.TrySetResult(expected.Clock.Elapsed.TotalMilliseconds);
        }

        await _hub.SendAsync("OnRenderCompleted", batchId, null);
    }

    private Task OnBeginInvokeJsAsync(long asyncHandle, string identifier, string argsJson, int resultType, long targetInstanceId)
    {
        JsCalls.AddOrUpdate(identifier, 1, (_, n) => n + 1);
        if (Trace)
        {
            _ = Console.Error.WriteLineAsync($"[{Node.Port} {RuntimeHelpers.GetHashCode(this)}] js {asyncHandle} {identifier} ({argsJson}) result {resultType} target {targetInstanceId}");
        }

        if (asyncHandle == 0)
        {
            return Task.CompletedTask; // fire and forget (InvokeVoidAsync without a result)
        }

        // resultType 1: a JSObjectReference, which the server reads as {"__jsObjectId": n}; anything else: null, as a void function returns.
        var result = resultType == 1 ? $"{{\"__jsObjectId\":{Interlocked.Increment(ref _nextObjectId)}}}" : "null";
        return _hub.SendAsync("EndInvokeJSFromDotNet", asyncHandle, true, $"[{asyncHandle},true,{result}]");
    }

    /// <summary>Ends the circuit as a closing browser tab does (the <c>_blazor/disconnect</c> beacon), then the connection.</summary>
    public async Task CloseAsync(HttpClient http)
    {
        if (CircuitId is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{Node.Port}/_blazor/disconnect")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["circuitId"] = CircuitId }),
            };
            request.Headers.Host = _host;
            using var _ = await http.SendAsync(request);
        }

        await _hub.DisposeAsync();
    }

    public async ValueTask DisposeAsync() => await _hub.DisposeAsync();

    [GeneratedRegex(@"<!--Blazor:(\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex Marker();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:([A-Za-z0-9+/=]+)-->")]
    private static partial Regex ServerState();

    private sealed record Expectation(byte[] Text, Stopwatch Clock)
    {
        public TaskCompletionSource<double> Heard { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Blazor's hub protocol: SignalR's MessagePack protocol under the name "blazorpack" (version 2), which is
    /// what the server's own protocol of that name reads and writes for the primitive types and byte arrays a circuit uses.
    /// </summary>
    private sealed class BlazorPack : IHubProtocol
    {
        private readonly MessagePackHubProtocol _inner = new();

        public string Name => "blazorpack";

        public int Version => 2;

        public TransferFormat TransferFormat => TransferFormat.Binary;

        public bool IsVersionSupported(int version) => version <= Version;

        public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HubMessage? message) =>
            _inner.TryParseMessage(ref input, binder, out message);

        public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _inner.WriteMessage(message, output);

        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _inner.GetMessageBytes(message);
    }
}
