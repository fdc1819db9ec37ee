namespace Psa.Web.Xero;

/// <summary>
/// <c>Psa:Xero</c>. Xero's own addresses are the defaults; tests and demos point them at the fake
/// Xero (Psa.FakeXero). Without a client id the integration says it is not configured.
/// </summary>
public sealed class XeroOptions
{
    public string LoginBaseUrl { get; set; } = "https://login.xero.com";

    public string IdentityBaseUrl { get; set; } = "https://identity.xero.com";

    public string ApiBaseUrl { get; set; } = "https://api.xero.com";

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The webhook signing key from the app's webhook page in Xero.</summary>
    public string? WebhookKey { get; set; }

    public string Scopes { get; set; } = "openid profile email offline_access accounting.transactions accounting.contacts accounting.settings";

    /// <summary>Xero's limits per organisation, kept on our side too so a sync rarely meets a 429.</summary>
    public int CallsPerMinute { get; set; } = 60;

    public int ConcurrentCalls { get; set; } = 5;

    /// <summary>Retries of a 429 or transient failure (each waits for Retry-After when Xero sends one).</summary>
    public int RetryAttempts { get; set; } = 6;

    /// <summary>Invoices or credit notes per request (Xero takes up to 50 comfortably per call).</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>Minutes between scheduled syncs of a connected workspace.</summary>
    public int SyncIntervalMinutes { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId);

    public string AuthorizeUrl => LoginBaseUrl.TrimEnd('/') + "/identity/connect/authorize";

    public string TokenUrl => IdentityBaseUrl.TrimEnd('/') + "/connect/token";

    public string RevocationUrl => IdentityBaseUrl.TrimEnd('/') + "/connect/revocation";

    public string ConnectionsUrl => ApiBaseUrl.TrimEnd('/') + "/connections";
}
