using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Psa.Domain.Portal;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Portal;

public sealed record SsoResult(ClaimsPrincipal? Principal, string? Problem, string ReturnUrl);

/// <summary>
/// Single sign-on for client contacts with their own company's OpenID Connect provider: the
/// authorization code flow with PKCE, state and nonce, and full id_token validation (issuer,
/// audience, signature against the provider's published keys, lifetime, nonce). The provider differs
/// per client, so the flow is ours rather than one statically configured handler (docs/decisions/004).
/// </summary>
public sealed class PortalSso(
    TenantDbContextFactory databases,
    TenantContext tenant,
    PortalSignIn signIn,
    IDataProtectionProvider protection,
    IHttpClientFactory httpClients,
    TimeProvider time,
    ILogger<PortalSso> logger)
{
    public const string CorrelationCookie = ".psa.sso";
    public const string CallbackPath = "/portal/sso/callback";
    private static readonly ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> Configurations = new(StringComparer.Ordinal);
    private readonly IDataProtector _state = protection.CreateProtector("Psa.Portal.Sso.State");
    private readonly IDataProtector _secrets = protection.CreateProtector("Psa.Portal.Sso.ClientSecret");

    public string ProtectSecret(string secret) => _secrets.Protect(secret);

    /// <summary>The SSO set-up of the client whose allowed domains include this email, if any.</summary>
    public async Task<ClientSso?> FindForEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var all = await db.ClientSso.AsNoTracking().Where(s => s.Enabled).ToListAsync(cancellationToken);
        return all.FirstOrDefault(s => s.AllowsEmail(email.Trim()));
    }

    /// <summary>Starts the flow: remembers state, nonce and PKCE verifier in a protected cookie and returns the provider's URL.</summary>
    public async Task<string> StartAsync(HttpContext http, ClientSso sso, string? loginHint, string returnUrl, CancellationToken cancellationToken = default)
    {
        var configuration = await ConfigurationAsync(sso.Authority, cancellationToken);
        var state = SecretTokens.Random();
        var nonce = SecretTokens.Random();
        var verifier = SecretTokens.Random() + SecretTokens.Random();
        var challenge = SecretTokens.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var correlation = new Correlation(state, nonce, verifier, sso.ClientId, tenant.Required.Slug.Value, returnUrl, time.GetUtcNow().AddMinutes(10));
        http.Response.Cookies.Append(CorrelationCookie, _state.Protect(JsonSerializer.Serialize(correlation)), new CookieOptions
        {
            HttpOnly = true,
            // The provider sends the browser back with a top-level GET, which Lax cookies accompany (also over plain http).
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            Path = "/portal/sso",
            MaxAge = TimeSpan.FromMinutes(10),
        });

        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = sso.OidcClientId,
            ["redirect_uri"] = RedirectUri(http),
            ["scope"] = "openid email profile",
            ["state"] = state,
            ["nonce"] = nonce,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["login_hint"] = loginHint,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(configuration.AuthorizationEndpoint, query);
    }

    /// <summary>Completes the flow; every failure comes back as a message a contact can act on.</summary>
    public async Task<SsoResult> CallbackAsync(HttpContext http, CancellationToken cancellationToken = default)
    {
        var query = http.Request.Query;
        var cookie = http.Request.Cookies[CorrelationCookie];
        http.Response.Cookies.Delete(CorrelationCookie, new CookieOptions { Path = "/portal/sso" });
        Correlation? correlation = null;
        try
        {
            correlation = cookie is null ? null : JsonSerializer.Deserialize<Correlation>(_state.Unprotect(cookie));
        }
        catch (CryptographicException)
        {
            correlation = null;
        }

        if (correlation is null || correlation.ExpiresUtc < time.GetUtcNow() || correlation.Tenant != tenant.Required.Slug.Value)
        {
            return Fail("Your sign-in took too long or was started elsewhere. Please try again.");
        }

        if (!FixedTimeEquals(query["state"].ToString(), correlation.State))
        {
            return Fail("The sign-in response did not match the request (state). Please try again.", correlation.ReturnUrl);
        }

        if (query.TryGetValue("error", out var error))
        {
            return Fail($"Your company's sign-in was not completed ({error}).", correlation.ReturnUrl);
        }

        await using var db = databases.Create();
        var sso = await db.ClientSso.AsNoTracking().SingleOrDefaultAsync(s => s.ClientId == correlation.ClientId && s.Enabled, cancellationToken);
        if (sso is null)
        {
            return Fail("Single sign-on is no longer set up for your organisation.", correlation.ReturnUrl);
        }

        var configuration = await ConfigurationAsync(sso.Authority, cancellationToken);
        var idToken = await RedeemCodeAsync(http, configuration, sso, query["code"].ToString(), correlation.Verifier, cancellationToken);
        if (idToken is null)
        {
            return Fail("Your company's sign-in could not be completed (the code was refused).", correlation.ReturnUrl);
        }

        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = sso.OidcClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromMinutes(2),
            LifetimeValidator = (notBefore, expires, _, parameters) =>
                expires is { } e && e.ToUniversalTime() > time.GetUtcNow().UtcDateTime - parameters.ClockSkew
                && (notBefore is null || notBefore.Value.ToUniversalTime() < time.GetUtcNow().UtcDateTime + parameters.ClockSkew),
        });
        if (!validation.IsValid)
        {
            logger.LogWarning(validation.Exception, "Rejected an id_token from {Authority}", sso.Authority);
            return Fail("Your company's sign-in could not be verified: " + Reason(validation.Exception), correlation.ReturnUrl);
        }

        var claims = validation.ClaimsIdentity;
        if (!FixedTimeEquals(claims.FindFirst("nonce")?.Value ?? string.Empty, correlation.Nonce))
        {
            return Fail("Your company's sign-in could not be verified: the token was not issued for this sign-in (nonce).", correlation.ReturnUrl);
        }

        var email = claims.FindFirst(sso.EmailClaim)?.Value?.Trim().ToLowerInvariant();
        var verified = claims.FindFirst("email_verified")?.Value;
        if (string.IsNullOrEmpty(email) || !string.Equals(verified, "true", StringComparison.OrdinalIgnoreCase))
        {
            return Fail("Your company account has no verified email address, so it cannot be linked to a contact.", correlation.ReturnUrl);
        }

        if (!sso.AllowsEmail(email))
        {
            return Fail($"{email} is not in an email domain allowed for your organisation's portal.", correlation.ReturnUrl);
        }

        var contact = await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Email == email && c.ClientId == sso.ClientId, cancellationToken);
        if (contact is null)
        {
            return Fail($"No portal access for {email}: you are not a contact of your organisation at {tenant.Required.Name}. Ask them to add you.", correlation.ReturnUrl);
        }

        var account = await db.PortalAccounts.SingleOrDefaultAsync(a => a.ContactId == contact.Id, cancellationToken);
        if (account is null)
        {
            account = PortalAccount.For(contact.Id, contact.ClientId, contact.Email);
            db.PortalAccounts.Add(account);
        }

        if (!account.IsActive)
        {
            return Fail("Your portal access has been withdrawn.", correlation.ReturnUrl);
        }

        try
        {
            account.LinkExternal(configuration.Issuer, claims.FindFirst("sub")?.Value ?? string.Empty);
        }
        catch (Psa.Domain.DomainException ex)
        {
            return Fail(ex.Message, correlation.ReturnUrl);
        }

        account.RecordSignIn(time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return new SsoResult(await signIn.PrincipalAsync(db, account, "sso", cancellationToken), null, correlation.ReturnUrl);
    }

    private async Task<string?> RedeemCodeAsync(HttpContext http, OpenIdConnectConfiguration configuration, ClientSso sso, string code, string verifier, CancellationToken cancellationToken)
    {
        using var client = httpClients.CreateClient("portal-sso");
        using var response = await client.PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = RedirectUri(http),
            ["client_id"] = sso.OidcClientId,
            ["client_secret"] = _secrets.Unprotect(sso.ProtectedClientSecret),
            ["code_verifier"] = verifier,
        }), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            logger.LogWarning("Token endpoint {Endpoint} answered {Status}", configuration.TokenEndpoint, response.StatusCode);
            return null;
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return json.RootElement.TryGetProperty("id_token", out var token) ? token.GetString() : null;
    }

    private static async Task<OpenIdConnectConfiguration> ConfigurationAsync(string authority, CancellationToken cancellationToken)
    {
        var manager = Configurations.GetOrAdd(authority, a =>
        {
            var uri = new Uri(a);
            // Plain http only for a provider on this machine (the test provider); real ones must use https.
            var retriever = new HttpDocumentRetriever { RequireHttps = !uri.IsLoopback };
            return new ConfigurationManager<OpenIdConnectConfiguration>(a + "/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever(), retriever);
        });
        return await manager.GetConfigurationAsync(cancellationToken);
    }

    private static string RedirectUri(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{CallbackPath}";

    private static string Reason(Exception? exception) => exception switch
    {
        SecurityTokenInvalidAudienceException => "it was issued for another application (audience).",
        SecurityTokenInvalidIssuerException => "it came from an unexpected issuer.",
        SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException => "it has expired.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "its signature does not match the provider's keys.",
        _ => "the token is not valid.",
    };

    private static SsoResult Fail(string problem, string returnUrl = "/portal") => new(null, problem, returnUrl);

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private sealed record Correlation(string State, string Nonce, string Verifier, Guid ClientId, string Tenant, string ReturnUrl, DateTimeOffset ExpiresUtc);
}
