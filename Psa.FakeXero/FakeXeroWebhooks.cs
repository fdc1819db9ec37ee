using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Psa.FakeXero;

public sealed record FakeXeroWebhookEvent(string ResourceUrl, Guid ResourceId, DateTimeOffset EventDateUtc, string EventType, string EventCategory, Guid TenantId);

/// <summary>
/// Xero's webhooks as the fake sends them: a JSON payload of events signed with the app's webhook key
/// (<c>x-xero-signature</c> = base64 HMAC-SHA256 of the raw body). An empty event list is Xero's
/// "intent to receive" check.
/// </summary>
public static class FakeXeroWebhooks
{
    public static string Sign(string body, string key) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(body)));

    public static string Payload(IEnumerable<FakeXeroWebhookEvent> events, int sequence = 1)
    {
        var list = events.Select(e => new
        {
            resourceUrl = e.ResourceUrl,
            resourceId = e.ResourceId,
            eventDateUtc = e.EventDateUtc.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture),
            eventType = e.EventType,
            eventCategory = e.EventCategory,
            tenantId = e.TenantId,
            tenantType = "ORGANISATION",
        }).ToList();
        return JsonSerializer.Serialize(new
        {
            events = list,
            firstEventSequence = list.Count == 0 ? 0 : sequence,
            lastEventSequence = list.Count == 0 ? 0 : sequence + list.Count - 1,
            entropy = Convert.ToHexString(RandomNumberGenerator.GetBytes(10)),
        });
    }

    public static FakeXeroWebhookEvent InvoiceUpdated(Guid tenantId, Guid invoiceId, DateTimeOffset at) =>
        new($"https://api.xero.com/api.xro/2.0/Invoices/{invoiceId}", invoiceId, at, "UPDATE", "INVOICE", tenantId);

    /// <summary>Posts the payload signed with <paramref name="key"/> (a wrong key forges it).</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, Uri target, string payload, string key, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-xero-signature", Sign(payload, key));
        return await http.SendAsync(request, ct);
    }
}
