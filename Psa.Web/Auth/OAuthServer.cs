using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Validation.AspNetCore;
using Psa.Infrastructure.Tenancy;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Psa.Web.Auth;

/// <summary>
/// Psa as an OAuth 2.0 authorization server (OpenIddict) for integrations: a workspace's API clients ask
/// <c>POST /connect/token</c> on the workspace's host for an access token with <c>grant_type=client_credentials</c>.
/// Clients live in each workspace's own database, so OpenIddict runs in degraded mode with our handlers checking the
/// client against the request's workspace; tokens are protected with the shared Data Protection key ring (the catalog),
/// carry the workspace and the granted scopes, and are accepted by <c>/api/v1</c> next to personal access tokens.
/// </summary>
public static class OAuthServer
{
    public const string TokenPath = "/connect/token";
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromHours(1);

    public static IServiceCollection AddPsaOAuthServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ApiClientService>();
        // Tests and `dotnet run` talk plain http; anywhere else the token endpoint demands https (TLS ends at the proxy,
        // which says so in X-Forwarded-Proto from a known proxy).
        var allowHttp = configuration.GetValue<bool>("Psa:OAuth:AllowHttp")
                        || string.Equals(configuration[WebHostDefaults.EnvironmentKey], Environments.Development, StringComparison.OrdinalIgnoreCase);
        services.AddOpenIddict()
            .AddServer(o =>
            {
                o.SetTokenEndpointUris(TokenPath.TrimStart('/'));
                o.AllowClientCredentialsFlow();
                o.EnableDegradedMode();
                o.DisableAuthorizationStorage();
                o.DisableTokenStorage();
                o.RegisterScopes([.. ApiScopes.All]);
                o.SetAccessTokenLifetime(AccessTokenLifetime);
                // Access tokens are Data Protection payloads (keys shared by every node through the catalog); OpenIddict
                // still insists on signing and encryption credentials, which nothing issued here ends up using.
                o.UseDataProtection();
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                var aspNetCore = o.UseAspNetCore();
                if (allowHttp)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }

                o.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(b => b.UseScopedHandler<ClientCredentialsValidator>());
                o.AddEventHandler<OpenIddictServerEvents.HandleTokenRequestContext>(b => b.UseScopedHandler<ClientCredentialsIssuer>());
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.UseDataProtection();
                o.UseAspNetCore();
            });
        return services;
    }

    /// <summary>
    /// Turns a validated access token into the principal the permission checks read: the workspace, the client and
    /// the scopes still held by the client (narrowed if it lost some since). Null when the token is not one of this
    /// workspace's, or its client was revoked.
    /// </summary>
    public static async Task<ClaimsPrincipal?> AuthenticateAccessTokenAsync(HttpContext context, string scheme)
    {
        var result = await context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        if (!result.Succeeded || result.Principal is not { } token)
        {
            return null;
        }

        var tenant = context.RequestServices.GetRequiredService<TenantContext>();
        if (!tenant.IsSet || token.GetClaim(PsaClaims.Tenant) != tenant.Required.Slug.Value || token.GetClaim(Claims.Subject) is not { } clientId)
        {
            return null;
        }

        var client = await context.RequestServices.GetRequiredService<ApiClientService>().FindActiveAsync(clientId, context.RequestAborted);
        if (client is null)
        {
            return null;
        }

        var held = ApiScopes.Parse(client.Scopes, "Scopes");
        var identity = new ClaimsIdentity(scheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(PsaClaims.Tenant, tenant.Required.Slug.Value));
        identity.AddClaim(new Claim(ApiScopes.ClientClaim, client.ClientId));
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, "client:" + client.ClientId));
        identity.AddClaim(new Claim(ClaimTypes.Name, client.Name));
        identity.AddClaim(new Claim(PsaClaims.DisplayName, client.Name));
        ApiScopes.AddTo(identity, token.GetScopes().Where(held.Contains));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>Checks the client id and secret against the request's workspace and the scopes against the client's.</summary>
    private sealed class ClientCredentialsValidator(TenantContext tenant, ApiClientService clients) : IOpenIddictServerHandler<OpenIddictServerEvents.ValidateTokenRequestContext>
    {
        public async ValueTask HandleAsync(OpenIddictServerEvents.ValidateTokenRequestContext context)
        {
            if (!context.Request.IsClientCredentialsGrantType())
            {
                context.Reject(Errors.UnsupportedGrantType, "Only the client_credentials grant is supported.");
                return;
            }

            var client = tenant.IsSet ? await clients.AuthenticateAsync(context.Request.ClientId, context.Request.ClientSecret, context.CancellationToken) : null;
            if (client is null)
            {
                context.Reject(Errors.InvalidClient, "The client id or secret is not valid for this workspace.");
                return;
            }

            var held = ApiScopes.Parse(client.Scopes, "Scopes");
            var asked = context.Request.GetScopes();
            if (asked.FirstOrDefault(s => !held.Contains(s)) is { } refused)
            {
                context.Reject(Errors.InvalidScope, $"The client may not ask for the scope '{refused}'.");
            }
        }
    }

    /// <summary>Issues the token: subject the client id, the workspace, and the scopes asked for (all the client holds when none are).</summary>
    private sealed class ClientCredentialsIssuer(TenantContext tenant, ApiClientService clients) : IOpenIddictServerHandler<OpenIddictServerEvents.HandleTokenRequestContext>
    {
        public async ValueTask HandleAsync(OpenIddictServerEvents.HandleTokenRequestContext context)
        {
            if (context.Request.ClientId is not { } clientId || await clients.FindActiveAsync(clientId, context.CancellationToken) is not { } client)
            {
                context.Reject(Errors.InvalidClient, "The client is not registered in this workspace.");
                return;
            }

            var asked = context.Request.GetScopes();
            var scopes = asked.IsEmpty ? ApiScopes.Parse(client.Scopes, "Scopes") : [.. asked];
            var identity = new ClaimsIdentity(OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, client.ClientId);
            identity.SetClaim(Claims.Name, client.Name);
            identity.SetClaim(PsaClaims.Tenant, tenant.Required.Slug.Value);
            identity.SetScopes(scopes);
            identity.SetDestinations(_ => [Destinations.AccessToken]);
            context.SignIn(new ClaimsPrincipal(identity));
        }
    }
}
