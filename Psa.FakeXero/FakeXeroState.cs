using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Psa.FakeXero;

/// <summary>How the fake behaves: the one app it knows, its webhook key, limits and organisations.</summary>
public sealed class FakeXeroOptions
{
    public string ClientId { get; set; } = "fake-xero-client";

    public string ClientSecret { get; set; } = "fake-xero-secret";

    /// <summary>Signs webhook payloads (Xero shows it on the app's webhook page).</summary>
    public string WebhookKey { get; set; } = "fake-xero-webhook-key";

    /// <summary>Xero allows 60 calls a minute per organisation; tests shorten the window.</summary>
    public int CallsPerWindow { get; set; } = 60;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    public int ConcurrentCalls { get; set; } = 5;

    public int CallsPerDay { get; set; } = 5000;

    /// <summary>How long each Accounting call takes, so concurrent calls overlap (0 in most tests).</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Organisations the consenting user may connect.</summary>
    public List<string> Organisations { get; set; } = ["Fake Xero Demo Company"];
}

/// <summary>One organisation (a Xero "tenant") and everything in its books.</summary>
public sealed class FakeXeroOrganisation(Guid tenantId, string name)
{
    public Guid TenantId { get; } = tenantId;

    public string Name { get; } = name;

    public object Sync { get; } = new();

    public List<FakeXeroContact> Contacts { get; } = [];

    public List<FakeXeroAccount> Accounts { get; } = [];

    public List<FakeXeroTrackingCategory> TrackingCategories { get; } = [];

    public List<FakeXeroInvoice> Invoices { get; } = [];

    public List<FakeXeroCreditNote> CreditNotes { get; } = [];

    public List<FakeXeroPayment> Payments { get; } = [];

    /// <summary>Responses already given, by Idempotency-Key: a repeated request gets the same answer and changes nothing.</summary>
    public ConcurrentDictionary<string, (int Status, string Body)> IdempotentResponses { get; } = new(StringComparer.Ordinal);

    public int NextInvoiceNumber { get; set; } = 1;

    public int NextCreditNoteNumber { get; set; } = 1;

    // Rate limiting state, under Sync.
    internal DateTimeOffset WindowStart { get; set; }

    internal int CallsInWindow { get; set; }

    internal DateOnly Day { get; set; }

    internal int CallsToday { get; set; }

    internal int InFlight { get; set; }
}

public sealed record FakeXeroGrant(string ClientId, string RedirectUri, string CodeChallenge, string Scope, DateTimeOffset ExpiresUtc);

public sealed record FakeXeroAccessToken(string Token, DateTimeOffset ExpiresUtc, string RefreshToken);

/// <summary>Everything the fake remembers, in memory; tests read and change it directly (as a person would in Xero's UI).</summary>
public sealed class FakeXeroState(FakeXeroOptions options, TimeProvider time)
{
    private int _forcedTooManyRequests;
    private int _forcedRetryAfterSeconds = 1;

    public FakeXeroOptions Options { get; } = options;

    public TimeProvider Time { get; } = time;

    public ConcurrentDictionary<Guid, FakeXeroOrganisation> Organisations { get; } = new();

    public ConcurrentDictionary<string, FakeXeroGrant> Codes { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, FakeXeroAccessToken> AccessTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Live refresh tokens (each is single use: refreshing rotates it).</summary>
    public ConcurrentDictionary<string, string> RefreshTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Organisations disconnected from the app (DELETE /connections/{id}).</summary>
    public ConcurrentDictionary<Guid, bool> Disconnected { get; } = new();

    /// <summary>Every Accounting API call received, 429s included (method, path, status, when).</summary>
    public ConcurrentQueue<FakeXeroCall> Calls { get; } = new();

    public int TooManyRequestsSent => Calls.Count(c => c.Status == 429);

    public static FakeXeroState Create(FakeXeroOptions options, TimeProvider time)
    {
        var state = new FakeXeroState(options, time);
        foreach (var name in options.Organisations)
        {
            state.AddOrganisation(name);
        }

        return state;
    }

    public FakeXeroOrganisation AddOrganisation(string name)
    {
        var org = new FakeXeroOrganisation(Guid.NewGuid(), name);
        var now = Time.GetUtcNow();
        foreach (var (code, account, type) in new[] { ("200", "Sales", "REVENUE"), ("260", "Other Revenue", "REVENUE"), ("090", "Business Bank Account", "BANK"), ("400", "Advertising", "EXPENSE") })
        {
            org.Accounts.Add(new FakeXeroAccount { AccountID = Guid.NewGuid(), Code = code, Name = account, Type = type, UpdatedDateUTC = now });
        }

        Organisations[org.TenantId] = org;
        return org;
    }

    public FakeXeroOrganisation Single => Organisations.Values.Single();

    /// <summary>The next <paramref name="count"/> Accounting calls answer 429 with <c>Retry-After</c> (a storm).</summary>
    public void ForceTooManyRequests(int count, int retryAfterSeconds = 1)
    {
        _forcedRetryAfterSeconds = retryAfterSeconds;
        Interlocked.Exchange(ref _forcedTooManyRequests, count);
    }

    internal bool TakeForcedTooManyRequests(out int retryAfter)
    {
        retryAfter = _forcedRetryAfterSeconds;
        while (true)
        {
            var left = Volatile.Read(ref _forcedTooManyRequests);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _forcedTooManyRequests, left - 1, left) == left)
            {
                return true;
            }
        }
    }

    private int _answersToLose;

    /// <summary>
    /// The next <paramref name="count"/> POST/PUT calls are carried out but their answers are lost (503),
    /// as when a connection drops after Xero has saved the documents.
    /// </summary>
    public void LoseAnswers(int count) => Interlocked.Exchange(ref _answersToLose, count);

    internal bool TakeLostAnswer()
    {
        while (true)
        {
            var left = Volatile.Read(ref _answersToLose);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _answersToLose, left - 1, left) == left)
            {
                return true;
            }
        }
    }

    /// <summary>Makes every refresh token useless, as when a user removes the app's access in Xero.</summary>
    public void RevokeAllRefreshTokens() => RefreshTokens.Clear();

    /// <summary>Expires every access token now, so the next call needs a refresh.</summary>
    public void ExpireAccessTokens()
    {
        foreach (var (key, token) in AccessTokens)
        {
            AccessTokens[key] = token with { ExpiresUtc = Time.GetUtcNow().AddSeconds(-1) };
        }
    }

    /// <summary>Someone voids an invoice in Xero.</summary>
    public FakeXeroInvoice VoidInvoice(Guid tenantId, Guid invoiceId)
    {
        var org = Organisations[tenantId];
        lock (org.Sync)
        {
            var invoice = org.Invoices.Single(i => i.InvoiceID == invoiceId);
            invoice.Status = "VOIDED";
            invoice.AmountDue = 0;
            invoice.UpdatedDateUTC = Time.GetUtcNow();
            return invoice;
        }
    }

    /// <summary>A payment recorded in Xero against an invoice.</summary>
    public FakeXeroPayment Pay(Guid tenantId, Guid invoiceId, decimal amount, DateOnly date)
    {
        var org = Organisations[tenantId];
        lock (org.Sync)
        {
            var invoice = org.Invoices.Single(i => i.InvoiceID == invoiceId);
            return FakeXeroBooks.ApplyPayment(org, invoice, amount, date, null, Time.GetUtcNow());
        }
    }

    internal static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>PKCE S256: base64url(SHA-256(verifier)).</summary>
    public static string Challenge(string verifier) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed record FakeXeroCall(string Method, string Path, Guid? TenantId, int Status, DateTimeOffset AtUtc, string? IdempotencyKey);
