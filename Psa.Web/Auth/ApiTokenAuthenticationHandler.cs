using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer psa_…</c> personal access tokens against the hashes
/// stored in the request's own workspace, so a token of workspace A means nothing on B; any other bearer
/// token must be an access token this workspace's token endpoint issued to one of its API clients.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TenantContext tenant)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string TokenPrefix = ApiTokenService.Prefix;

    public static string? ReadToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        // SignalR clients in browsers pass the token in the query string.
        return request.Path.StartsWithSegments("/hubs") ? request.Query["access_token"].ToString() : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken(Request);
        if (string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.NoResult();
        }

        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return tenant.IsSet && await OAuthServer.AuthenticateAccessTokenAsync(Context, Scheme.Name) is { } client
                ? AuthenticateResult.Success(new AuthenticationTicket(client, Scheme.Name))
                : AuthenticateResult.Fail("The token is not valid for this workspace.");
        }

        if (!tenant.IsSet
            || await Context.RequestServices.GetRequiredService<ApiTokenService>().ResolveAsync(token, Context.RequestAborted) is not { } row)
        {
            return AuthenticateResult.Fail("The token is not valid for this workspace.");
        }

        var users = Context.RequestServices.GetRequiredService<UserManager<StaffUser>>();
        var user = await users.FindByIdAsync(row.UserId);
        if (user is null || !user.IsActive)
        {
            return AuthenticateResult.Fail("The token's user no longer exists.");
        }

        var factory = Context.RequestServices.GetRequiredService<IUserClaimsPrincipalFactory<StaffUser>>();
        var principal = await factory.CreateAsync(user);
        var identity = new ClaimsIdentity(principal.Claims, Scheme.Name);
        identity.AddClaim(new Claim("psa:token", row.Id.ToString()));
        if (row.Scopes is not null)
        {
            ApiScopes.AddTo(identity, ApiScopes.Parse(row.Scopes, "Scopes"));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
