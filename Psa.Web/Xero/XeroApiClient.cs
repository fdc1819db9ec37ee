using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Psa.Web.Xero;

/// <summary>Who a run of calls is for, and what it has cost so far.</summary>
public sealed class XeroCallContext(string accessToken, Guid xeroTenantId)
{
    private int _calls;

    public string AccessToken { get; } = accessToken;

    public Guid XeroTenantId { get; } = xeroTenantId;

    /// <summary>Requests answered by Xero (retries included).</summary>
    public int Calls => _calls;

    public int? DayLimitRemaining { get; private set; }

    internal void AddEarlierCalls(int calls) => Interlocked.Add(ref _calls, calls);

    internal void Count(HttpResponseMessage response)
    {
        Interlocked.Increment(ref _calls);
        Psa.Infrastructure.Telemetry.PsaMetrics.XeroCalls.Add(1, new KeyValuePair<string, object?>("status", (int)response.StatusCode));
        if (response.Headers.TryGetValues("X-DayLimit-Remaining", out var values) && int.TryParse(values.FirstOrDefault(), CultureInfo.InvariantCulture, out var left))
        {
            DayLimitRemaining = left;
        }
    }
}

public class XeroApiException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}

/// <summary>
/// A hand-written client for the parts of Xero's Accounting API Psa uses (no Xero SDK is served here).
/// Every request names the organisation (<c>xero-tenant-id</c>); every POST/PUT carries an
/// <c>Idempotency-Key</c>, so the resilience pipeline may retry it; pulls send <c>If-Modified-Since</c>.
/// </summary>
public sealed class XeroApiClient(HttpClient http)
{
    public const string TenantHeader = "xero-tenant-id";
    // The most Xero returns per page when asked (its default is 100): fewer calls under the 60-a-minute limit.
    private const int PageSize = 1000;

    public Task<List<XeroContactDto>> GetContactsAsync(XeroCallContext call, DateTimeOffset? since, CancellationToken ct) =>
        GetPagedAsync<XeroContactDto>(call, "Contacts", since, ct);

    public Task<List<XeroContactDto>> PutContactsAsync(XeroCallContext call, IReadOnlyList<XeroContactDto> contacts, string idempotencyKey, CancellationToken ct) =>
        SendAsync<XeroContactDto>(call, HttpMethod.Put, "Contacts?summarizeErrors=false", "Contacts", contacts, idempotencyKey, ct);

    public Task<List<XeroAccountDto>> GetAccountsAsync(XeroCallContext call, CancellationToken ct) => GetListAsync<XeroAccountDto>(call, "Accounts", "Accounts", null, ct);

    public Task<List<XeroTrackingCategoryDto>> GetTrackingCategoriesAsync(XeroCallContext call, CancellationToken ct) =>
        GetListAsync<XeroTrackingCategoryDto>(call, "TrackingCategories", "TrackingCategories", null, ct);

    public async Task<XeroTrackingCategoryDto> PutTrackingCategoryAsync(XeroCallContext call, string name, string idempotencyKey, CancellationToken ct) =>
        (await SendRawAsync<XeroTrackingCategoryDto>(call, HttpMethod.Put, "TrackingCategories", "TrackingCategories", new { Name = name }, idempotencyKey, ct)).Single();

    public async Task PutTrackingOptionAsync(XeroCallContext call, Guid categoryId, string name, string idempotencyKey, CancellationToken ct) =>
        await SendRawAsync<XeroTrackingOptionDto>(call, HttpMethod.Put, $"TrackingCategories/{categoryId}/Options", "Options", new { Name = name }, idempotencyKey, ct);

    public Task<List<XeroInvoiceDto>> GetInvoicesAsync(XeroCallContext call, DateTimeOffset? since, CancellationToken ct) =>
        GetPagedAsync<XeroInvoiceDto>(call, "Invoices", since, ct);

    /// <summary>Many invoices in one request; each answers for itself (<c>summarizeErrors=false</c>).</summary>
    public Task<List<XeroInvoiceDto>> PutInvoicesAsync(XeroCallContext call, IReadOnlyList<XeroInvoiceDto> invoices, string idempotencyKey, CancellationToken ct) =>
        SendAsync<XeroInvoiceDto>(call, HttpMethod.Put, "Invoices?summarizeErrors=false", "Invoices", invoices, idempotencyKey, ct);

    public Task<List<XeroCreditNoteDto>> GetCreditNotesAsync(XeroCallContext call, DateTimeOffset? since, CancellationToken ct) =>
        GetPagedAsync<XeroCreditNoteDto>(call, "CreditNotes", since, ct);

    public Task<List<XeroCreditNoteDto>> PutCreditNotesAsync(XeroCallContext call, IReadOnlyList<XeroCreditNoteDto> notes, string idempotencyKey, CancellationToken ct) =>
        SendAsync<XeroCreditNoteDto>(call, HttpMethod.Put, "CreditNotes?summarizeErrors=false", "CreditNotes", notes, idempotencyKey, ct);

    public Task<List<XeroPaymentDto>> GetPaymentsAsync(XeroCallContext call, DateTimeOffset? since, CancellationToken ct) =>
        GetListAsync<XeroPaymentDto>(call, "Payments", "Payments", since, ct);

    private async Task<List<T>> GetPagedAsync<T>(XeroCallContext call, string resource, DateTimeOffset? since, CancellationToken ct)
    {
        var all = new List<T>();
        for (var page = 1; ; page++)
        {
            var items = await GetListAsync<T>(call, $"{resource}?page={page}&pageSize={PageSize}", resource, since, ct);
            all.AddRange(items);
            if (items.Count < PageSize)
            {
                return all;
            }
        }
    }

    private async Task<List<T>> GetListAsync<T>(XeroCallContext call, string path, string name, DateTimeOffset? since, CancellationToken ct)
    {
        using var request = Request(call, HttpMethod.Get, path, null);
        if (since is { } s)
        {
            // Xero takes an ISO 8601 instant here; the RFC 1123 form would drop the milliseconds and repeat changes.
            request.Headers.TryAddWithoutValidation("If-Modified-Since", s.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fff", CultureInfo.InvariantCulture));
        }

        return await ReadAsync<T>(call, request, name, ct);
    }

    private Task<List<T>> SendAsync<T>(XeroCallContext call, HttpMethod method, string path, string name, IReadOnlyList<T> items, string idempotencyKey, CancellationToken ct) =>
        SendRawAsync<T>(call, method, path, name, new JsonObject { [name] = JsonSerializer.SerializeToNode(items, XeroJson.Options) }, idempotencyKey, ct);

    private async Task<List<T>> SendRawAsync<T>(XeroCallContext call, HttpMethod method, string path, string name, object body, string idempotencyKey, CancellationToken ct)
    {
        using var request = Request(call, method, path, idempotencyKey);
        request.Content = new StringContent(JsonSerializer.Serialize(body, XeroJson.Options), Encoding.UTF8, "application/json");
        return await ReadAsync<T>(call, request, name, ct);
    }

    private static HttpRequestMessage Request(XeroCallContext call, HttpMethod method, string path, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(method, "api.xro/2.0/" + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", call.AccessToken);
        request.Headers.Add(TenantHeader, call.XeroTenantId.ToString());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    private async Task<List<T>> ReadAsync<T>(XeroCallContext call, HttpRequestMessage request, string name, CancellationToken ct)
    {
        using var response = await http.SendAsync(request, ct);
        call.Count(response);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return [];
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new XeroApiException(response.StatusCode, Describe(response.StatusCode, text));
        }

        var node = JsonNode.Parse(text);
        return node?[name]?.Deserialize<List<T>>(XeroJson.Options) ?? [];
    }

    private static string Describe(HttpStatusCode status, string body)
    {
        try
        {
            var node = JsonNode.Parse(body);
            var message = node?["Message"]?.GetValue<string>() ?? node?["Detail"]?.GetValue<string>() ?? node?["Title"]?.GetValue<string>();
            return $"Xero answered {(int)status}: {message ?? status.ToString()}";
        }
        catch (JsonException)
        {
            return $"Xero answered {(int)status}.";
        }
    }

    /// <summary>
    /// The typed client with Xero's limits: per organisation at most the configured concurrent calls and
    /// calls a minute (queued, not refused), and retries of 429 and transient failures that wait for
    /// Xero's <c>Retry-After</c>. POST/PUT are retried too: their Idempotency-Key makes that safe.
    /// </summary>
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<XeroRateLimits>();
        services.AddHttpClient<XeroApiClient>((sp, client) =>
            {
                client.BaseAddress = new Uri(sp.GetRequiredService<IOptions<XeroOptions>>().Value.ApiBaseUrl.TrimEnd('/') + "/");
            })
            .AddResilienceHandler("xero", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<XeroOptions>>().Value;
                var limits = context.ServiceProvider.GetRequiredService<XeroRateLimits>();
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(0, options.RetryAttempts),
                    BackoffType = DelayBackoffType.Exponential,
                    Delay = TimeSpan.FromSeconds(1),
                    UseJitter = true,
                    ShouldRetryAfterHeader = true,
                });
                pipeline.AddRateLimiter(new HttpRateLimiterStrategyOptions
                {
                    RateLimiter = args => limits.AcquireAsync(args.Context.GetRequestMessage(), args.Context.CancellationToken),
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(60));
            });
    }
}

/// <summary>Our side of Xero's per-organisation limits: concurrent calls and a sliding minute, keyed by <c>xero-tenant-id</c>.</summary>
public sealed class XeroRateLimits(IOptions<XeroOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<HttpRequestMessage> _limiter = PartitionedRateLimiter.CreateChained(
        PartitionedRateLimiter.Create<HttpRequestMessage, string>(r => RateLimitPartition.GetConcurrencyLimiter(Organisation(r), _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Max(1, options.Value.ConcurrentCalls),
            QueueLimit = 100_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        })),
        PartitionedRateLimiter.Create<HttpRequestMessage, string>(r => RateLimitPartition.GetSlidingWindowLimiter(Organisation(r), _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.Value.CallsPerMinute),
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 12,
            QueueLimit = 100_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        })));

    public ValueTask<RateLimitLease> AcquireAsync(HttpRequestMessage? request, CancellationToken ct) =>
        request is null ? ValueTask.FromResult(Unlimited.Lease) : _limiter.AcquireAsync(request, 1, ct);

    private static string Organisation(HttpRequestMessage request) =>
        request.Headers.TryGetValues(XeroApiClient.TenantHeader, out var values) ? values.First() : string.Empty;

    public void Dispose() => _limiter.Dispose();

    private sealed class Unlimited : RateLimitLease
    {
        /// <summary>The one lease for requests outside any organisation: it holds nothing, so disposing it does nothing.</summary>
        public static readonly RateLimitLease Lease = new Unlimited();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
