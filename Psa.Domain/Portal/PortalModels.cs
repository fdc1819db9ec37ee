namespace Psa.Domain.Portal;

/// <summary>
/// A client's own OpenID Connect provider, configured by the MSP, so the client's contacts sign in
/// to the portal with their company account.
/// </summary>
public sealed class ClientSso
{
    private ClientSso()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid ClientId { get; private set; }

    /// <summary>The provider's issuer URL; its discovery document is at <c>/.well-known/openid-configuration</c>.</summary>
    public string Authority { get; private set; } = string.Empty;

    public string OidcClientId { get; private set; } = string.Empty;

    /// <summary>The client secret, encrypted with the application's data-protection keys.</summary>
    public string ProtectedClientSecret { get; private set; } = string.Empty;

    /// <summary>Comma-separated email domains allowed to sign in (e.g. <c>contoso.com,contoso.co.uk</c>).</summary>
    public string AllowedEmailDomains { get; private set; } = string.Empty;

    public string EmailClaim { get; private set; } = "email";

    public string NameClaim { get; private set; } = "name";

    /// <summary>The claim that says the provider verified the email (not every provider calls it <c>email_verified</c>).</summary>
    public string EmailVerifiedClaim { get; private set; } = "email_verified";

    public bool Enabled { get; private set; } = true;

    public IReadOnlyList<string> Domains => AllowedEmailDomains
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(d => d.ToLowerInvariant()).ToList();

    public static ClientSso Create(Guid clientId) => new() { ClientId = clientId };

    public void Configure(string authority, string oidcClientId, string? protectedSecret, string allowedDomains, string emailClaim, string nameClaim, bool enabled, string? emailVerifiedClaim = null)
    {
        if (!Uri.TryCreate(authority?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http"))
        {
            throw new DomainException("Authority must be the provider's absolute URL.", "Authority");
        }

        if (string.IsNullOrWhiteSpace(oidcClientId))
        {
            throw new DomainException("Client ID is required.", "Client ID");
        }

        if (string.IsNullOrEmpty(protectedSecret) && string.IsNullOrEmpty(ProtectedClientSecret))
        {
            throw new DomainException("Client secret is required.", "Client secret");
        }

        var domains = (allowedDomains ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (domains.Length == 0 || domains.Any(d => !d.Contains('.', StringComparison.Ordinal) || d.Contains('@', StringComparison.Ordinal)))
        {
            throw new DomainException("Allowed email domains must list at least one domain, like contoso.com.", "Allowed email domains");
        }

        Authority = uri.ToString().TrimEnd('/');
        OidcClientId = oidcClientId.Trim();
        if (!string.IsNullOrEmpty(protectedSecret))
        {
            ProtectedClientSecret = protectedSecret;
        }

        AllowedEmailDomains = string.Join(',', domains.Select(d => d.ToLowerInvariant()));
        EmailClaim = string.IsNullOrWhiteSpace(emailClaim) ? "email" : emailClaim.Trim();
        NameClaim = string.IsNullOrWhiteSpace(nameClaim) ? "name" : nameClaim.Trim();
        EmailVerifiedClaim = string.IsNullOrWhiteSpace(emailVerifiedClaim) ? "email_verified" : emailVerifiedClaim.Trim();
        Enabled = enabled;
    }

    public bool AllowsEmail(string email)
    {
        var at = email.LastIndexOf('@');
        return at > 0 && Domains.Contains(email[(at + 1)..].ToLowerInvariant());
    }
}

/// <summary>A client contact's way into the portal: a local password, a linked SSO identity, or both.</summary>
public sealed class PortalAccount
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockFor = TimeSpan.FromMinutes(15);

    private PortalAccount()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid ContactId { get; private set; }

    public Guid ClientId { get; private set; }

    public string Email { get; private set; } = string.Empty;

    public string? PasswordHash { get; private set; }

    /// <summary>The SSO identity (issuer and subject) linked on the first single sign-on.</summary>
    public string? ExternalIssuer { get; private set; }

    public string? ExternalSubject { get; private set; }

    public string? InvitationTokenHash { get; private set; }

    public DateTimeOffset? InvitationExpiresUtc { get; private set; }

    public int FailedSignIns { get; private set; }

    public DateTimeOffset? LockedUntilUtc { get; private set; }

    public DateTimeOffset? LastSignInUtc { get; private set; }

    public bool IsActive { get; private set; } = true;

    public static PortalAccount For(Guid contactId, Guid clientId, string email) =>
        new() { ContactId = contactId, ClientId = clientId, Email = email.Trim().ToLowerInvariant() };

    public void Invite(string tokenHash, DateTimeOffset expiresUtc)
    {
        InvitationTokenHash = tokenHash;
        InvitationExpiresUtc = expiresUtc;
        IsActive = true;
    }

    public bool InvitationValid(DateTimeOffset now) => InvitationTokenHash is not null && InvitationExpiresUtc > now;

    public void SetPassword(string passwordHash)
    {
        PasswordHash = passwordHash;
        InvitationTokenHash = null;
        InvitationExpiresUtc = null;
        FailedSignIns = 0;
        LockedUntilUtc = null;
    }

    public bool IsLocked(DateTimeOffset now) => LockedUntilUtc > now;

    public void RecordFailure(DateTimeOffset now)
    {
        FailedSignIns++;
        if (FailedSignIns >= MaxFailures)
        {
            LockedUntilUtc = now + LockFor;
            FailedSignIns = 0;
        }
    }

    public void RecordSignIn(DateTimeOffset now)
    {
        FailedSignIns = 0;
        LockedUntilUtc = null;
        LastSignInUtc = now;
    }

    /// <summary>Links the SSO identity on first use; afterwards only that identity may use this account.</summary>
    public void LinkExternal(string issuer, string subject)
    {
        if (ExternalSubject is not null && (ExternalIssuer != issuer || ExternalSubject != subject))
        {
            throw new DomainException("This contact is already linked to another company account.", "Email");
        }

        ExternalIssuer = issuer;
        ExternalSubject = subject;
    }

    public void Deactivate() => IsActive = false;

    /// <summary>
    /// The contact's email changed: the sign-in name follows it, and a company identity linked under the old
    /// address is unlinked so that only the new address's identity can sign in from now on.
    /// </summary>
    public bool ChangeEmail(string email)
    {
        var normalized = email.Trim().ToLowerInvariant();
        if (normalized == Email)
        {
            return false;
        }

        Email = normalized;
        ExternalIssuer = null;
        ExternalSubject = null;
        return true;
    }
}
