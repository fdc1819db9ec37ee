using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shouldly;

namespace Psa.E2E.Support;

/// <summary>The API of one workspace; .NET does not resolve *.localhost, so the host travels in the header.</summary>
public sealed class WorkspaceApi(PsaServer server, string slug, string token) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http = new();

    public Task<JsonNode> PostAsync(string path, object body, bool expectBody = true) => SendAsync(HttpMethod.Post, path, body, expectBody);

    public Task<JsonNode> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<JsonNode> PatchAsync(string path, object body) => SendAsync(HttpMethod.Patch, path, body);

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, object? body, bool expectBody = true)
    {
        using var request = new HttpRequestMessage(method, $"http://127.0.0.1:{server.Port}{path}") { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        request.Headers.Host = $"{slug}.localhost:{server.Port}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{method} {path}: {(int)response.StatusCode} {text}");
        return expectBody ? JsonNode.Parse(text)! : new JsonObject();
    }

    public void Dispose() => _http.Dispose();
}
