using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Psa.FakeXero;

/// <summary>
/// The fake's Accounting API under <c>/api.xro/2.0</c>: bearer token and <c>xero-tenant-id</c> required,
/// Xero's limits enforced per organisation (calls per minute, concurrent calls, calls per day, each a 429
/// with <c>Retry-After</c> and <c>X-Rate-Limit-Problem</c>), and <c>Idempotency-Key</c> honoured on
/// POST and PUT: the same key gets the first answer again and changes nothing.
/// </summary>
public static class FakeXeroAccounting
{
    public const string Prefix = "/api.xro/2.0";
    // Xero pages by 100 unless the request asks for up to 1,000 (pageSize, on Invoices, Contacts, CreditNotes and more).
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    public static void Map(WebApplication app) =>
        app.Map(Prefix + "/{**path}", (Delegate)HandleAsync);

    private static async Task HandleAsync(HttpContext http, FakeXeroState state)
    {
        var method = http.Request.Method;
        var path = http.Request.Path.Value![Prefix.Length..].Trim('/');
        var key = http.Request.Headers["Idempotency-Key"].FirstOrDefault();
        Guid? tenantId = Guid.TryParse(http.Request.Headers["xero-tenant-id"].FirstOrDefault(), out var t) ? t : null;
        // Xero keeps instants to the millisecond, as its "/Date(ms)/" values show.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(state.Time.GetUtcNow().ToUnixTimeMilliseconds());

        async Task Finish(int status, string body)
        {
            state.Calls.Enqueue(new FakeXeroCall(method, path, tenantId, status, now, key));
            http.Response.StatusCode = status;
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(body);
        }

        if (!FakeXeroIdentity.Authorized(http, state))
        {
            await Finish(401, """{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"}""");
            return;
        }

        if (tenantId is not { } id || !state.Organisations.TryGetValue(id, out var org) || state.Disconnected.ContainsKey(id))
        {
            await Finish(403, """{"Type":null,"Title":"Forbidden","Status":403,"Detail":"AuthorizationUnsuccessful"}""");
            return;
        }

        if (!Admit(state, org, http, now))
        {
            await Finish(429, """{"Title":"Too Many Requests","Status":429}""");
            return;
        }

        try
        {
            if (state.Options.Latency > TimeSpan.Zero)
            {
                await Task.Delay(state.Options.Latency);
            }

            string? body = null;
            if (method is "POST" or "PUT")
            {
                using var reader = new StreamReader(http.Request.Body);
                body = await reader.ReadToEndAsync();
            }

            (int Status, string Body) answer;
            lock (org.Sync)
            {
                if (method is "POST" or "PUT" && key is { Length: > 0 } && org.IdempotentResponses.TryGetValue(key, out var replay))
                {
                    answer = replay;
                }
                else
                {
                    answer = Dispatch(state, org, method, path, http.Request.Query, http.Request.Headers.IfModifiedSince.FirstOrDefault(), body, now);
                    if (method is "POST" or "PUT" && key is { Length: > 0 } && answer.Status < 500)
                    {
                        org.IdempotentResponses[key] = answer;
                    }
                }
            }

            if (method is "POST" or "PUT" && state.TakeLostAnswer())
            {
                await Finish(503, """{"Title":"Service Unavailable","Status":503}""");
                return;
            }

            await Finish(answer.Status, answer.Body);
        }
        finally
        {
            lock (org.Sync)
            {
                org.InFlight--;
            }
        }
    }

    /// <summary>Counts the call against the organisation's limits, or answers 429 with how long to wait.</summary>
    private static bool Admit(FakeXeroState state, FakeXeroOrganisation org, HttpContext http, DateTimeOffset now)
    {
        var o = state.Options;
        if (state.TakeForcedTooManyRequests(out var forced))
        {
            http.Response.Headers.RetryAfter = forced.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["X-Rate-Limit-Problem"] = "minute";
            return false;
        }

        lock (org.Sync)
        {
            if (now - org.WindowStart >= o.Window)
            {
                org.WindowStart = now;
                org.CallsInWindow = 0;
            }

            var today = DateOnly.FromDateTime(now.UtcDateTime);
            if (org.Day != today)
            {
                org.Day = today;
                org.CallsToday = 0;
            }

            string? problem = null;
            var retryAfter = 1;
            if (org.CallsToday >= o.CallsPerDay)
            {
                problem = "day";
                retryAfter = (int)Math.Ceiling((today.AddDays(1).ToDateTime(TimeOnly.MinValue) - now.UtcDateTime).TotalSeconds);
            }
            else if (org.CallsInWindow >= o.CallsPerWindow)
            {
                problem = "minute";
                retryAfter = Math.Max(1, (int)Math.Ceiling((org.WindowStart + o.Window - now).TotalSeconds));
            }
            else if (org.InFlight >= o.ConcurrentCalls)
            {
                problem = "concurrent";
            }

            if (problem is not null)
            {
                http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                http.Response.Headers["X-Rate-Limit-Problem"] = problem;
                return false;
            }

            org.CallsInWindow++;
            org.CallsToday++;
            org.InFlight++;
            http.Response.Headers["X-MinLimit-Remaining"] = (o.CallsPerWindow - org.CallsInWindow).ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["X-DayLimit-Remaining"] = (o.CallsPerDay - org.CallsToday).ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["X-AppMinLimit-Remaining"] = "9999";
            return true;
        }
    }

    private static (int Status, string Body) Dispatch(FakeXeroState state, FakeXeroOrganisation org, string method, string path, IQueryCollection query,
        string? ifModifiedSince, string? body, DateTimeOffset now)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var resource = segments.ElementAtOrDefault(0) ?? string.Empty;
        Guid? itemId = segments.Length > 1 && Guid.TryParse(segments[1], out var parsed) ? parsed : null;
        DateTimeOffset? since = ifModifiedSince is { Length: > 0 } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var s) ? s : null;
        var summarize = !string.Equals(query["summarizeErrors"].FirstOrDefault(), "false", StringComparison.OrdinalIgnoreCase);
        var ids = (query["IDs"].FirstOrDefault() ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(i => Guid.TryParse(i, out var g) ? g : Guid.Empty).ToHashSet();
        var page = int.TryParse(query["page"].FirstOrDefault(), out var p) && p > 0 ? p : (int?)null;
        var pageSize = int.TryParse(query["pageSize"].FirstOrDefault(), out var size) && size > 0 ? Math.Min(size, MaxPageSize) : DefaultPageSize;

        IEnumerable<T> Filter<T>(IEnumerable<T> items, Func<T, Guid> idOf, Func<T, DateTimeOffset> updated)
        {
            var result = items.Where(i => (since is null || updated(i) > since) && (ids.Count == 0 || ids.Contains(idOf(i))) && (itemId is null || idOf(i) == itemId));
            return page is { } n ? result.Skip((n - 1) * pageSize).Take(pageSize) : result;
        }

        switch (method, resource.ToLowerInvariant())
        {
            case ("GET", "contacts"):
                return Ok("Contacts", Filter(org.Contacts, c => c.ContactID, c => c.UpdatedDateUTC), now);
            case ("PUT" or "POST", "contacts"):
                return Batch<FakeXeroContact>(body, "Contacts", summarize, now, c => FakeXeroBooks.SaveContact(org, c, now), c => c.HasValidationErrors,
                    c => org.Contacts.Remove(c));
            case ("GET", "accounts"):
                return Ok("Accounts", Filter(org.Accounts, a => a.AccountID, a => a.UpdatedDateUTC), now);
            case ("GET", "trackingcategories"):
                return Ok("TrackingCategories", org.TrackingCategories.Where(c => itemId is null || c.TrackingCategoryID == itemId), now);
            case ("PUT", "trackingcategories") when itemId is null:
                return AddTrackingCategory(org, body, now);
            case ("PUT", "trackingcategories") when segments.ElementAtOrDefault(2)?.Equals("Options", StringComparison.OrdinalIgnoreCase) == true:
                return AddTrackingOption(org, itemId!.Value, body, now);
            case ("GET", "invoices"):
                return Ok("Invoices", Filter(org.Invoices, i => i.InvoiceID, i => i.UpdatedDateUTC), now);
            case ("PUT" or "POST", "invoices"):
                if (itemId is { } invoiceId && body is not null)
                {
                    body = $"{{\"Invoices\":[{SetId(body, "InvoiceID", invoiceId)}]}}";
                }

                return Batch<FakeXeroInvoice>(body, "Invoices", summarize, now, i => FakeXeroBooks.SaveInvoice(org, i, now, allowUpdate: method == "POST"), i => i.HasErrors,
                    i => org.Invoices.Remove(i));
            case ("GET", "creditnotes"):
                return Ok("CreditNotes", Filter(org.CreditNotes, c => c.CreditNoteID, c => c.UpdatedDateUTC), now);
            case ("PUT" or "POST", "creditnotes"):
                return Batch<FakeXeroCreditNote>(body, "CreditNotes", summarize, now, c => FakeXeroBooks.SaveCreditNote(org, c, now), c => c.HasErrors,
                    c => org.CreditNotes.Remove(c));
            case ("GET", "payments"):
                return Ok("Payments", Filter(org.Payments, x => x.PaymentID, x => x.UpdatedDateUTC), now);
            case ("PUT", "payments"):
                return Batch<FakeXeroPayment>(body, "Payments", summarize, now, x => Pay(org, x, now), x => x.PaymentID == Guid.Empty, _ => { });
            default:
                return (404, """{"Title":"Resource not found","Status":404}""");
        }
    }

    private static FakeXeroPayment Pay(FakeXeroOrganisation org, FakeXeroPayment input, DateTimeOffset now)
    {
        var invoice = org.Invoices.SingleOrDefault(i => i.InvoiceID == input.Invoice?.InvoiceID);
        if (invoice is null)
        {
            return input;
        }

        try
        {
            return FakeXeroBooks.ApplyPayment(org, invoice, input.Amount, DateOnly.FromDateTime((input.Date ?? now).UtcDateTime), input.Account?.Code, now);
        }
        catch (InvalidOperationException)
        {
            return input;
        }
    }

    private static string SetId(string body, string field, Guid id)
    {
        var node = JsonNode.Parse(body)!;
        if (node is JsonObject obj && obj.FirstOrDefault(p => p.Value is JsonArray).Value is JsonArray array && array.Count > 0)
        {
            node = array[0]!.DeepClone();
        }

        node[field] = id.ToString();
        return node.ToJsonString();
    }

    private static (int, string) AddTrackingCategory(FakeXeroOrganisation org, string? body, DateTimeOffset now)
    {
        var name = JsonNode.Parse(body ?? "{}")?["Name"]?.GetValue<string>()?.Trim();
        if (string.IsNullOrEmpty(name) || org.TrackingCategories.Any(c => c.Name == name))
        {
            return Error(string.IsNullOrEmpty(name) ? "Tracking category name is required" : "For each specified tracking category name a unique name must be specified");
        }

        if (org.TrackingCategories.Count(c => c.Status == "ACTIVE") >= 2)
        {
            return Error("You can only have 2 active tracking categories");
        }

        var category = new FakeXeroTrackingCategory { TrackingCategoryID = Guid.NewGuid(), Name = name };
        org.TrackingCategories.Add(category);
        return Ok("TrackingCategories", [category], now);
    }

    private static (int, string) AddTrackingOption(FakeXeroOrganisation org, Guid categoryId, string? body, DateTimeOffset now)
    {
        var category = org.TrackingCategories.SingleOrDefault(c => c.TrackingCategoryID == categoryId);
        var name = JsonNode.Parse(body ?? "{}")?["Name"]?.GetValue<string>()?.Trim();
        if (category is null || string.IsNullOrEmpty(name) || category.Options.Any(o => o.Name == name))
        {
            return Error(category is null ? "Tracking category not found" : "A unique tracking option name is required");
        }

        var option = new FakeXeroTrackingOption { TrackingOptionID = Guid.NewGuid(), Name = name };
        category.Options.Add(option);
        return Ok("Options", [option], now);
    }

    /// <summary>
    /// Many items in one request. With <c>summarizeErrors=false</c> each item answers for itself
    /// (<c>ValidationErrors</c> on the ones refused); otherwise one invalid item refuses the whole batch.
    /// </summary>
    private static (int, string) Batch<T>(string? body, string name, bool summarize, DateTimeOffset now, Func<T, T> save, Func<T, bool> failed, Action<T> undo)
    {
        List<T> items;
        try
        {
            var node = JsonNode.Parse(body ?? "{}");
            items = node?[name] is JsonArray array
                ? array.Deserialize<List<T>>(FakeXeroJson.Options) ?? []
                : node is JsonObject single && single.Count > 0 ? [single.Deserialize<T>(FakeXeroJson.Options)!] : [];
        }
        catch (JsonException ex)
        {
            return Error("The request body could not be read: " + ex.Message);
        }

        if (items.Count == 0)
        {
            return Error($"No {name} were supplied");
        }

        var results = items.Select(save).ToList();
        if (summarize && results.Any(failed))
        {
            foreach (var saved in results.Where(r => !failed(r)))
            {
                undo(saved);
            }

            var elements = JsonSerializer.SerializeToNode(results, FakeXeroJson.Options);
            return (400, new JsonObject
            {
                ["ErrorNumber"] = 10,
                ["Type"] = "ValidationException",
                ["Message"] = "A validation exception occurred",
                ["Elements"] = elements,
            }.ToJsonString());
        }

        return Ok(name, results, now);
    }

    private static (int, string) Ok<T>(string name, IEnumerable<T> items, DateTimeOffset now)
    {
        var envelope = new JsonObject
        {
            ["Id"] = Guid.NewGuid().ToString(),
            ["Status"] = "OK",
            ["ProviderName"] = "Psa",
            ["DateTimeUTC"] = FakeXeroJson.Format(now),
            [name] = JsonSerializer.SerializeToNode(items.ToList(), FakeXeroJson.Options),
        };
        return (200, envelope.ToJsonString());
    }

    private static (int, string) Error(string message) =>
        (400, new JsonObject
        {
            ["ErrorNumber"] = 10,
            ["Type"] = "ValidationException",
            ["Message"] = message,
        }.ToJsonString());
}
