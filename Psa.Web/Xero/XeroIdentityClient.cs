using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Psa.Web.Xero;

public sealed record XeroTokens(string AccessToken, string RefreshToken, DateTimeOffset ExpiresUtc);

public sealed record XeroOrganisation(Guid TenantId, string Name);

/// <summary>Xero's refresh token was refused (expired, revoked or already used): someone must connect again.</summary>
public sealed class XeroReconnectNeededException(string message) : Exception(message);

/// <summary>Xero's identity service: code exchange with PKCE, refresh, revocation and <c>/connections</c>.</summary>
public sealed class XeroIdentityClient(HttpClient http, IOptions<XeroOptions> options, TimeProvider time)
{
    private XeroOptions Options => options.Value;

    /// <summary>A PKCE verifier (43–128 characters) and its S256 challenge.</summary>
    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(48));
        return (verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public string AuthorizeUrl(string redirectUri, string state, string challenge) =>
        $"{Options.AuthorizeUrl}?response_type=code&client_id={Uri.EscapeDataString(Options.ClientId ?? string.Empty)}&redirect_uri={Uri.EscapeDataString(redirectUri)}"
        + $"&scope={Uri.EscapeDataString(Options.Scopes)}&state={Uri.EscapeDataString(state)}&code_challenge={challenge}&code_challenge_method=S256";

    public Task<XeroTokens> ExchangeCodeAsync(string code, string redirectUri, string verifier, CancellationToken ct) =>
        TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = verifier,
        }, ct);

    public Task<XeroTokens> RefreshAsync(string refreshToken, CancellationToken ct) =>
        TokenAsync(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }, ct);

    public async Task RevokeAsync(string refreshToken, CancellationToken ct)
    {
        using var request = FormRequest(Options.RevocationUrl, new Dictionary<string, string> { ["token"] = refreshToken });
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
    }

    public async Task<IReadOnlyList<XeroOrganisation>> ConnectionsAsync(string accessToken, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Options.ConnectionsUrl);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        var connections = await JsonSerializer.DeserializeAsync<List<ConnectionDto>>(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct) ?? [];
        return connections.Where(c => c.TenantType == "ORGANISATION").Select(c => new XeroOrganisation(c.TenantId, c.TenantName ?? "Xero organisation")).ToList();
    }

    /// <summary>Removes the organisation from the app's connections (the other half of disconnecting).</summary>
    public async Task DeleteConnectionAsync(string accessToken, Guid tenantId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"{Options.ConnectionsUrl}/{tenantId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request, ct);
    }

    private async Task<XeroTokens> TokenAsync(Dictionary<string, string> form, CancellationToken ct)
    {
        using var request = FormRequest(Options.TokenUrl, form);
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            var error = TryRead(body)?.Error ?? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new XeroReconnectNeededException($"Xero refused the sign-in ({error}).");
        }

        var token = TryRead(body) ?? throw new XeroReconnectNeededException("Xero's token answer could not be read.");
        return new XeroTokens(token.AccessToken!, token.RefreshToken!, time.GetUtcNow().AddSeconds(token.ExpiresIn));
    }

    /// <summary>A confidential app authenticates with HTTP Basic; a PKCE app without a secret names itself in the form.</summary>
    private HttpRequestMessage FormRequest(string url, Dictionary<string, string> form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url);
        if (!string.IsNullOrEmpty(Options.ClientSecret))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Options.ClientId}:{Options.ClientSecret}")));
        }
        else
        {
            form["client_id"] = Options.ClientId ?? string.Empty;
        }

        request.Content = new FormUrlEncodedContent(form);
        return request;
    }

    private static TokenDto? TryRead(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<TokenDto>(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class TokenDto
    {
        [JsonPropertyName("access_token")]
        public string? AccessToken { get; set; }

        [JsonPropertyName("refresh_token")]
        public string? RefreshToken { get; set; }

        [JsonPropertyName("expires_in")]
        public int ExpiresIn { get; set; }

        [JsonPropertyName("error")]
        public string? Error { get; set; }
    }

    private sealed class ConnectionDto
    {
        [JsonPropertyName("tenantId")]
        public Guid TenantId { get; set; }

        [JsonPropertyName("tenantType")]
        public string? TenantType { get; set; }

        [JsonPropertyName("tenantName")]
        public string? TenantName { get; set; }
    }
}
