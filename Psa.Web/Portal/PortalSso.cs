using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Psa.Domain.Portal;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Auth;

namespace Psa.Web.Portal;

/// <summary>
/// Single sign-on for client contacts with their own company's OpenID Connect provider, on ASP.NET
/// Core's OpenIdConnect handler (docs/decisions/004). Each client's provider is an authentication
/// scheme added at run time, named after the workspace, the client and a fingerprint of its settings,
/// so state protected for one workspace or one configuration never validates for another. The handler
/// does state, nonce, PKCE S256, the code redemption, signature, audience, lifetime and at_hash; this
/// class adds what is ours: an allow-list of signing algorithms, the issuer equal to the configured
/// authority, a verified email in an allowed domain that matches a contact of that client, and a
/// portal session (never a staff one).
/// </summary>
public sealed class PortalSso(
    TenantDbContextFactory databases,
    TenantContext tenant,
    PortalSignIn signIn,
    IDataProtectionProvider protection,
    IAuthenticationSchemeProvider schemes,
    IAuthenticationHandlerProvider handlers,
    IOptionsMonitorCache<OpenIdConnectOptions> optionsCache,
    SsoAuthorityGuard guard,
    TimeProvider time,
    ILogger<PortalSso> logger)
{
    public const string SchemePrefix = "portal-sso.";
    public const string DispatchCookie = ".psa.sso";
    public const string CallbackPath = "/portal/sso/callback";
    private const string ClientItem = "psa_client";

    /// <summary>Asymmetric algorithms only: a symmetric one would let anyone holding the client secret mint tokens.</summary>
    public static readonly IReadOnlyList<string> AllowedAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    /// <summary>Discovery and keys are fetched again at least this often, not kept forever.</summary>
    public static readonly TimeSpan DiscoveryLifetime = TimeSpan.FromHours(1);

    public const string SecretPurpose = "Psa.Portal.Sso.ClientSecret";
    private readonly IDataProtector _secrets = protection.CreateProtector(SecretPurpose);

    public string ProtectSecret(string secret) => _secrets.Protect(secret);

    /// <summary>The SSO set-up of the client whose allowed domains include this email, if any.</summary>
    public async Task<ClientSso?> FindForEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var all = await db.ClientSso.AsNoTracking().Where(s => s.Enabled).ToListAsync(cancellationToken);
        return all.FirstOrDefault(s => s.AllowsEmail(email.Trim()));
    }

    /// <summary>Starts the flow: the handler redirects to the provider; a problem comes back as a message instead.</summary>
    public async Task<string?> StartAsync(HttpContext http, ClientSso sso, string? loginHint, string returnUrl)
    {
        if (guard.Problem(sso.Authority) is { } problem)
        {
            logger.LogWarning("Refused to start SSO with {Authority}: {Problem}", sso.Authority, problem);
            return "Your organisation's sign-in is not set up correctly (" + problem + ") Ask your provider to correct it.";
        }

        var scheme = await EnsureSchemeAsync(sso);
        http.Response.Cookies.Append(DispatchCookie, DispatchProtector().Protect(JsonSerializer.Serialize(new Dispatch(scheme, sso.ClientId))), new CookieOptions
        {
            HttpOnly = true,
            // The provider sends the browser back with a top-level GET, which Lax cookies accompany.
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            Path = "/portal/sso",
            MaxAge = TimeSpan.FromMinutes(15),
        });
        var properties = new AuthenticationProperties { RedirectUri = returnUrl };
        properties.Items[ClientItem] = sso.ClientId.ToString("N");
        if (!string.IsNullOrWhiteSpace(loginHint))
        {
            properties.Items["login_hint"] = loginHint.Trim();
        }

        try
        {
            await http.ChallengeAsync(scheme, properties);
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException or TaskCanceledException)
        {
            logger.LogWarning(ex, "The SSO provider {Authority} could not be reached", sso.Authority);
            http.Response.Cookies.Delete(DispatchCookie, new CookieOptions { Path = "/portal/sso" });
            return "Your organisation's sign-in service could not be reached. Please try again later or sign in with your password.";
        }
    }

    /// <summary>
    /// Hands the provider's answer to the scheme that started the flow (remembered in a protected,
    /// workspace-bound cookie); the handler then signs in or reports through <see cref="OnRemoteFailureAsync"/>.
    /// Returns a message when the answer cannot even be matched to a sign-in.
    /// </summary>
    public async Task<string?> CallbackAsync(HttpContext http)
    {
        var cookie = http.Request.Cookies[DispatchCookie];
        http.Response.Cookies.Delete(DispatchCookie, new CookieOptions { Path = "/portal/sso" });
        Dispatch? dispatch = null;
        try
        {
            dispatch = cookie is null ? null : JsonSerializer.Deserialize<Dispatch>(DispatchProtector().Unprotect(cookie));
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException)
        {
            dispatch = null;
        }

        if (dispatch is null)
        {
            return "Your sign-in took too long or was started elsewhere. Please try again.";
        }

        await using var db = databases.Create();
        var sso = await db.ClientSso.AsNoTracking().SingleOrDefaultAsync(s => s.ClientId == dispatch.ClientId && s.Enabled, http.RequestAborted);
        if (sso is null)
        {
            return "Single sign-on is no longer set up for your organisation.";
        }

        if (guard.Problem(sso.Authority) is not null || SchemeName(sso) != dispatch.Scheme)
        {
            return "Your organisation's sign-in settings changed while you were signing in. Please try again.";
        }

        await EnsureSchemeAsync(sso);
        if (await handlers.GetHandlerAsync(http, dispatch.Scheme) is IAuthenticationRequestHandler handler && await handler.HandleRequestAsync())
        {
            return null;
        }

        return "Your sign-in took too long or was started elsewhere. Please try again.";
    }

    public static bool IsSsoScheme(string name) => name.StartsWith(SchemePrefix, StringComparison.Ordinal);

    private string SchemeName(ClientSso sso)
    {
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\n', sso.Id, sso.Authority, sso.OidcClientId, sso.ProtectedClientSecret))))[..16];
        return $"{SchemePrefix}{tenant.Required.Slug.Value}.{sso.ClientId:N}.{fingerprint}";
    }

    private IDataProtector DispatchProtector() => protection.CreateProtector("Psa.Portal.Sso.Dispatch", tenant.Required.Slug.Value);

    /// <summary>Adds the client's scheme and its options unless this node already has them (after a restart it does not).</summary>
    private async Task<string> EnsureSchemeAsync(ClientSso sso)
    {
        var name = SchemeName(sso);
        if (await schemes.GetSchemeAsync(name) is null)
        {
            schemes.TryAddScheme(new AuthenticationScheme(name, "Company sign-in", typeof(OpenIdConnectHandler)));
        }

        optionsCache.TryAdd(name, BuildOptions(name, sso));
        return name;
    }

    private OpenIdConnectOptions BuildOptions(string scheme, ClientSso sso)
    {
        // The back channel lives as long as the scheme's options (the scheme is rebuilt when the client's SSO changes).
#pragma warning disable CA2000
        var backchannel = new HttpClient(guard.CreateHandler(), disposeHandler: true) { Timeout = TimeSpan.FromSeconds(15) };
#pragma warning restore CA2000
        var options = new OpenIdConnectOptions
        {
            Authority = sso.Authority,
            ClientId = sso.OidcClientId,
            ClientSecret = _secrets.Unprotect(sso.ProtectedClientSecret),
            ResponseType = OpenIdConnectResponseType.Code,
            ResponseMode = OpenIdConnectResponseMode.Query,
            UsePkce = true,
            // The authorization request stays in the front channel, where every provider accepts it.
            PushedAuthorizationBehavior = PushedAuthorizationBehavior.Disable,
            CallbackPath = CallbackPath,
            SignInScheme = PsaSchemes.Portal,
            MapInboundClaims = false,
            SaveTokens = false,
            GetClaimsFromUserInfoEndpoint = false,
            DisableTelemetry = true,
            RequireHttpsMetadata = !guard.AllowsPrivate,
            Backchannel = backchannel,
            TimeProvider = time,
            DataProtectionProvider = protection,
            ConfigurationManager = new CheckedConfiguration(sso.Authority, new ConfigurationManager<OpenIdConnectConfiguration>(
                sso.Authority + "/.well-known/openid-configuration",
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever(backchannel) { RequireHttps = !guard.AllowsPrivate })
            {
                AutomaticRefreshInterval = DiscoveryLifetime,
                RefreshInterval = TimeSpan.FromMinutes(1),
            }),
            Events = new OpenIdConnectEvents
            {
                OnRedirectToIdentityProvider = context =>
                {
                    if (context.Properties.Items.TryGetValue("login_hint", out var hint))
                    {
                        context.ProtocolMessage.LoginHint = hint;
                    }

                    return Task.CompletedTask;
                },
                OnTokenResponseReceived = CheckAlgorithm,
                OnTokenValidated = context => context.HttpContext.RequestServices.GetRequiredService<PortalSso>().OnTokenValidatedAsync(context),
                OnRemoteFailure = context => context.HttpContext.RequestServices.GetRequiredService<PortalSso>().OnRemoteFailureAsync(context),
                OnAccessDenied = context =>
                {
                    context.Response.Redirect(PortalEndpoints.ErrorUrl(protection, tenant, "Your company's sign-in was not completed (access_denied)."));
                    context.HandleResponse();
                    return Task.CompletedTask;
                },
            },
        };
        options.Scope.Clear();
        options.Scope.Add("openid");
        options.Scope.Add("email");
        options.Scope.Add("profile");
        foreach (var cookie in new[] { options.CorrelationCookie, options.NonceCookie })
        {
            cookie.SameSite = SameSiteMode.Lax;
            cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.Path = "/portal/sso";
        }

        options.CorrelationCookie.Name = ".psa.sso.correlation.";
        options.NonceCookie.Name = ".psa.sso.nonce.";
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = sso.Authority,
            ValidAudience = sso.OidcClientId,
            ValidAlgorithms = AllowedAlgorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromMinutes(2),
            NameClaimType = sso.NameClaim,
            LifetimeValidator = (notBefore, expires, _, parameters) =>
                expires is { } e && e.ToUniversalTime() > time.GetUtcNow().UtcDateTime - parameters.ClockSkew
                && (notBefore is null || notBefore.Value.ToUniversalTime() < time.GetUtcNow().UtcDateTime + parameters.ClockSkew),
        };
        new OpenIdConnectPostConfigureOptions(protection).PostConfigure(scheme, options);
        options.Validate(scheme);
        return options;
    }

    private static Task CheckAlgorithm(TokenResponseReceivedContext context)
    {
        var idToken = context.TokenEndpointResponse.IdToken;
        string? algorithm = null;
        try
        {
            algorithm = string.IsNullOrEmpty(idToken) ? null : new JsonWebToken(idToken).Alg;
        }
        catch (ArgumentException)
        {
            algorithm = null;
        }

        if (algorithm is null || !AllowedAlgorithms.Contains(algorithm))
        {
            context.Fail(new SecurityTokenInvalidAlgorithmException($"The id_token is signed with {algorithm ?? "no algorithm"}, which is not allowed.") { InvalidAlgorithm = algorithm });
        }

        return Task.CompletedTask;
    }

    private async Task OnTokenValidatedAsync(TokenValidatedContext context)
    {
        var cancellationToken = context.HttpContext.RequestAborted;
        var claims = context.Principal!;
        await using var db = databases.Create();
        // The client travels inside the protected state, so it is the one that started this sign-in.
        var clientId = context.Properties?.Items.TryGetValue(ClientItem, out var value) == true && Guid.TryParse(value, out var id) ? id : Guid.Empty;
        var sso = await db.ClientSso.AsNoTracking().SingleOrDefaultAsync(s => s.ClientId == clientId && s.Enabled, cancellationToken);
        if (sso is null)
        {
            context.Fail("Single sign-on is no longer set up for your organisation.");
            return;
        }

        var subject = claims.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        if (string.IsNullOrWhiteSpace(subject))
        {
            context.Fail("Your company's sign-in could not be verified: the token names no account (sub).");
            return;
        }

        var email = claims.FindFirst(sso.EmailClaim)?.Value?.Trim().ToLowerInvariant();
        var verified = claims.FindFirst(sso.EmailVerifiedClaim)?.Value;
        if (string.IsNullOrEmpty(email) || !string.Equals(verified, "true", StringComparison.OrdinalIgnoreCase))
        {
            context.Fail("Your company account has no verified email address, so it cannot be linked to a contact.");
            return;
        }

        if (!sso.AllowsEmail(email))
        {
            context.Fail($"{email} is not in an email domain allowed for your organisation's portal.");
            return;
        }

        var contact = await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Email == email && c.ClientId == sso.ClientId, cancellationToken);
        if (contact is null)
        {
            context.Fail($"No portal access for {email}: you are not a contact of your organisation at {tenant.Required.Name}. Ask them to add you.");
            return;
        }

        if (await db.PortalAccounts.AnyAsync(a => a.Email == email && a.ContactId != contact.Id, cancellationToken))
        {
            context.Fail($"{email} already has portal access through another contact. Ask {tenant.Required.Name} to sort out the duplicate contact.");
            return;
        }

        var account = await db.PortalAccounts.SingleOrDefaultAsync(a => a.ContactId == contact.Id, cancellationToken);
        if (account is null)
        {
            account = PortalAccount.For(contact.Id, contact.ClientId, contact.Email);
            db.PortalAccounts.Add(account);
        }

        if (!account.IsActive)
        {
            context.Fail("Your portal access has been withdrawn.");
            return;
        }

        try
        {
            account.LinkExternal(sso.Authority, subject);
        }
        catch (Psa.Domain.DomainException ex)
        {
            context.Fail(ex.Message);
            return;
        }

        account.RecordSignIn(time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        context.Principal = await signIn.PrincipalAsync(db, account, "sso", cancellationToken);
    }

    private Task OnRemoteFailureAsync(RemoteFailureContext context)
    {
        logger.LogWarning(context.Failure, "Portal SSO refused on {Scheme}", context.Scheme.Name);
        context.Response.Redirect(PortalEndpoints.ErrorUrl(protection, tenant, Message(context.Failure)));
        context.HandleResponse();
        return Task.CompletedTask;
    }

    private static string Message(Exception? failure) => failure switch
    {
        SecurityTokenInvalidAlgorithmException => Verify("its signing algorithm is not allowed."),
        SecurityTokenInvalidAudienceException => Verify("it was issued for another application (audience)."),
        SecurityTokenInvalidIssuerException => Verify("it came from an unexpected issuer."),
        SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException => Verify("it has expired."),
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => Verify("its signature does not match the provider's keys."),
        OpenIdConnectProtocolInvalidNonceException => Verify("the token was not issued for this sign-in (nonce)."),
        OpenIdConnectProtocolInvalidAtHashException => Verify("the token does not belong to its access token (at_hash)."),
        OpenIdConnectProtocolException when failure.Message.Contains("'sub'", StringComparison.Ordinal) => Verify("the token names no account (sub)."),
        SecurityTokenException or OpenIdConnectProtocolException => Verify("the token is not valid."),
        null => "Your company's sign-in could not be completed.",
        _ when failure.Message.Contains("message.State", StringComparison.Ordinal) => "The sign-in response did not match the request (state). Please try again.",
        _ when failure.Message.Contains("Correlation failed", StringComparison.Ordinal) => "Your sign-in took too long or was started elsewhere. Please try again.",
        _ when failure.Message.Contains("error_description", StringComparison.Ordinal) || failure.Message.Contains("token_endpoint", StringComparison.OrdinalIgnoreCase) =>
            "Your company's sign-in could not be completed (the code was refused).",
        // Our own refusals (OnTokenValidated) are already worded for the contact.
        _ => failure.Message,
    };

    private static string Verify(string reason) => "Your company's sign-in could not be verified: " + reason;

    public static void Register(IServiceCollection services)
    {
        services.AddScoped<PortalSso>();
        services.AddSingleton<SsoAuthorityGuard>();
        services.TryAddSingleton(HtmlEncoder.Default);
        services.TryAddSingleton(UrlEncoder.Default);
        services.Replace(ServiceDescriptor.Singleton<IAuthenticationSchemeProvider, PortalSsoSchemeProvider>());
    }

    private sealed record Dispatch(string Scheme, Guid ClientId);

    /// <summary>The discovery document's issuer must be the authority the MSP configured, or nothing from it is trusted.</summary>
    private sealed class CheckedConfiguration(string authority, ConfigurationManager<OpenIdConnectConfiguration> inner) : IConfigurationManager<OpenIdConnectConfiguration>
    {
        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
        {
            var configuration = await inner.GetConfigurationAsync(cancel);
            if (!string.Equals(configuration.Issuer?.TrimEnd('/'), authority, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The provider's discovery document names issuer {configuration.Issuer}, not the configured authority {authority}.");
            }

            return configuration;
        }

        public void RequestRefresh() => inner.RequestRefresh();
    }
}

/// <summary>
/// Portal SSO schemes are run by the callback endpoint for the one scheme that started the flow, so
/// the authentication middleware does not offer every request to every client's handler.
/// </summary>
public sealed class PortalSsoSchemeProvider(IOptions<AuthenticationOptions> options) : AuthenticationSchemeProvider(options)
{
    public override async Task<IEnumerable<AuthenticationScheme>> GetRequestHandlerSchemesAsync() =>
        (await base.GetRequestHandlerSchemesAsync()).Where(s => !PortalSso.IsSsoScheme(s.Name)).ToList();
}
