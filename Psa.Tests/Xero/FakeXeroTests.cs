using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Psa.FakeXero;
using Shouldly;

namespace Psa.Tests.Xero;

/// <summary>The fake Xero behaves as Xero's contract says, so the integration tests against it mean something.</summary>
public sealed class FakeXeroTests : IAsyncLifetime
{
    private FakeXeroServer _fake = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _fake = await FakeXeroServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    private async Task<string> TokenAsync(string verifier = "a-verifier-that-is-long-enough-for-pkce-0123456789abcdef")
    {
        var authorize = new Uri(_fake.BaseAddress, "/identity/connect/authorize?response_type=code&client_id=fake-xero-client&redirect_uri=http%3A%2F%2Fpsa%2Fcb"
            + "&scope=accounting.transactions&state=s1&code_challenge=" + FakeXeroState.Challenge(verifier) + "&code_challenge_method=S256");
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var noRedirect = new HttpClient(handler);
        var consent = await noRedirect.GetAsync(authorize);
        consent.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var code = Uri.UnescapeDataString(consent.Headers.Location!.Query.Split('&')[0]["?code=".Length..]);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = "http://psa/cb", ["code_verifier"] = "a-verifier-that-is-long-enough-for-pkce-0123456789abcdef", ["client_id"] = "fake-xero-client",
        });
        var token = await _http.PostAsync(new Uri(_fake.BaseAddress, "/connect/token"), form);
        token.StatusCode.ShouldBe(verifier == "a-verifier-that-is-long-enough-for-pkce-0123456789abcdef" ? HttpStatusCode.OK : HttpStatusCode.BadRequest);
        return token.IsSuccessStatusCode ? JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()! : string.Empty;
    }

    private async Task<HttpResponseMessage> SendApiAsync(HttpMethod method, string path, string token, string? body = null, string? key = null)
    {
        using var request = Api(method, path, token, body, key);
        return await _http.SendAsync(request);
    }

    private HttpRequestMessage Api(HttpMethod method, string path, string token, string? body = null, string? key = null)
    {
        var request = new HttpRequestMessage(method, new Uri(_fake.BaseAddress, FakeXeroAccounting.Prefix + path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("xero-tenant-id", _fake.State.Single.TenantId.ToString());
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return request;
    }

    [Fact]
    public async Task TokenExchange_WithTheWrongPkceVerifier_IsRefused() =>
        (await TokenAsync(verifier: "another-verifier-that-is-long-enough-for-pkce-0123456789")).ShouldBeEmpty();

    [Fact]
    public async Task Invoices_PutTwiceWithOneIdempotencyKey_CreateOnce_AndReportPerItemErrors()
    {
        var token = await TokenAsync();
        (await SendApiAsync(HttpMethod.Put, "/Contacts", token, """{"Contacts":[{"Name":"Acme Ltd","EmailAddress":"ap@acme.test"}]}""")).EnsureSuccessStatusCode();
        const string body = """
            {"Invoices":[
              {"Type":"ACCREC","Contact":{"Name":"Acme Ltd"},"Reference":"INV-00001","Date":"2026-11-30","Status":"AUTHORISED","LineAmountTypes":"Exclusive",
               "LineItems":[{"Description":"Managed services","Quantity":1,"UnitAmount":100.00,"AccountCode":"200","TaxAmount":20.00,"LineAmount":100.00}]},
              {"Type":"ACCREC","Contact":{"Name":"Nobody"},"Reference":"INV-00002","Status":"AUTHORISED","LineItems":[{"Description":"x","Quantity":1,"UnitAmount":1,"LineAmount":1}]}
            ]}
            """;
        var first = await SendApiAsync(HttpMethod.Put, "/Invoices?summarizeErrors=false", token, body, key: "doc-1");
        var second = await SendApiAsync(HttpMethod.Put, "/Invoices?summarizeErrors=false", token, body, key: "doc-1");
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        _fake.State.Single.Invoices.Count.ShouldBe(1);
        var items = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("Invoices");
        items[0].GetProperty("Total").GetDecimal().ShouldBe(120.00m);
        items[0].GetProperty("Date").GetString()!.ShouldStartWith("/Date(");
        items[1].GetProperty("HasErrors").GetBoolean().ShouldBeTrue();
        items[1].GetProperty("ValidationErrors")[0].GetProperty("Message").GetString().ShouldBe("The contact could not be found");

        var summarized = await SendApiAsync(HttpMethod.Put, "/Invoices", token, body, key: "doc-2");
        summarized.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        _fake.State.Single.Invoices.Count.ShouldBe(1, "a summarized batch with an error saves nothing");
    }

    [Fact]
    public async Task Organisation_Over60CallsAMinute_Gets429WithRetryAfter()
    {
        var token = await TokenAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 61; i++)
        {
            using var response = await SendApiAsync(HttpMethod.Get, "/Accounts", token);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                response.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 60);
                response.Headers.GetValues("X-Rate-Limit-Problem").Single().ShouldBe("minute");
            }
        }

        statuses.Take(60).ShouldAllBe(s => s == HttpStatusCode.OK);
        statuses[60].ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Organisation_MoreThanFiveConcurrentCalls_Get429()
    {
        _fake.Options.Latency = TimeSpan.FromMilliseconds(300);
        var token = await TokenAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SendApiAsync(HttpMethod.Get, "/Contacts", token)));
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(5);
        responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ShouldAllBe(r => r.Headers.GetValues("X-Rate-Limit-Problem").Single() == "concurrent");
    }

    [Fact]
    public void WebhookSignature_IsBase64HmacSha256OfTheRawBody()
    {
        var body = FakeXeroWebhooks.Payload([]);
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes("k"));
        FakeXeroWebhooks.Sign(body, "k").ShouldBe(Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(body))));
    }
}
