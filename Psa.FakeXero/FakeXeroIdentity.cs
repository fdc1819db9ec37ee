using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Psa.FakeXero;

/// <summary>
/// The fake's identity service: OAuth 2.0 authorization code with PKCE (S256), refresh with rotation,
/// revocation and <c>/connections</c>. The "user" consents at once to every organisation of the fake.
/// </summary>
public static class FakeXeroIdentity
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/identity/connect/authorize", (HttpContext http, FakeXeroState state) =>
        {
            var q = http.Request.Query;
            string? Get(string name) => q[name].FirstOrDefault();
            if (Get("client_id") != state.Options.ClientId)
            {
                return Results.BadRequest(new { error = "unauthorized_client" });
            }

            if (Get("response_type") != "code" || Get("redirect_uri") is not { Length: > 0 } redirect)
            {
                return Results.BadRequest(new { error = "invalid_request" });
            }

            if (Get("code_challenge") is not { Length: >= 43 } challenge || Get("code_challenge_method") != "S256")
            {
                return Results.BadRequest(new { error = "invalid_request", error_description = "PKCE with S256 is required" });
            }

            var code = FakeXeroState.NewSecret();
            state.Codes[code] = new FakeXeroGrant(state.Options.ClientId, redirect, challenge, Get("scope") ?? string.Empty, state.Time.GetUtcNow().AddMinutes(5));
            var separator = redirect.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            return Results.Redirect($"{redirect}{separator}code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(Get("state") ?? string.Empty)}&scope={Uri.EscapeDataString(Get("scope") ?? string.Empty)}");
        });

        app.MapPost("/connect/token", async (HttpContext http, FakeXeroState state) =>
        {
            var form = await http.Request.ReadFormAsync();
            if (!ClientAuthenticated(http, form, state))
            {
                return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            }

            switch (form["grant_type"].FirstOrDefault())
            {
                case "authorization_code":
                    if (form["code"].FirstOrDefault() is not { } code || !state.Codes.TryRemove(code, out var grant) || grant.ExpiresUtc < state.Time.GetUtcNow())
                    {
                        return Results.BadRequest(new { error = "invalid_grant" });
                    }

                    if (grant.RedirectUri != form["redirect_uri"].FirstOrDefault())
                    {
                        return Results.BadRequest(new { error = "invalid_grant", error_description = "redirect_uri does not match" });
                    }

                    if (form["code_verifier"].FirstOrDefault() is not { } verifier || FakeXeroState.Challenge(verifier) != grant.CodeChallenge)
                    {
                        return Results.BadRequest(new { error = "invalid_grant", error_description = "code_verifier does not match the code_challenge" });
                    }

                    return Issue(state, grant.Scope);
                case "refresh_token":
                    if (form["refresh_token"].FirstOrDefault() is not { } refresh || !state.RefreshTokens.TryRemove(refresh, out var scope))
                    {
                        return Results.BadRequest(new { error = "invalid_grant" });
                    }

                    return Issue(state, scope);
                default:
                    return Results.BadRequest(new { error = "unsupported_grant_type" });
            }
        });

        app.MapPost("/connect/revocation", async (HttpContext http, FakeXeroState state) =>
        {
            var form = await http.Request.ReadFormAsync();
            if (!ClientAuthenticated(http, form, state))
            {
                return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            }

            if (form["token"].FirstOrDefault() is { } token && state.RefreshTokens.TryRemove(token, out _))
            {
                foreach (var access in state.AccessTokens.Where(a => a.Value.RefreshToken == token).Select(a => a.Key).ToList())
                {
                    state.AccessTokens.TryRemove(access, out _);
                }
            }

            return Results.Ok();
        });

        app.MapGet("/connections", (HttpContext http, FakeXeroState state) =>
        {
            if (!Authorized(http, state))
            {
                return Results.Unauthorized();
            }

            var now = state.Time.GetUtcNow();
            return Results.Json(state.Organisations.Values.Where(o => !state.Disconnected.ContainsKey(o.TenantId)).OrderBy(o => o.Name, StringComparer.Ordinal).Select(o => new
            {
                id = o.TenantId,
                authEventId = Guid.NewGuid(),
                tenantId = o.TenantId,
                tenantType = "ORGANISATION",
                tenantName = o.Name,
                createdDateUtc = now.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture),
                updatedDateUtc = now.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture),
            }));
        });

        app.MapDelete("/connections/{id:guid}", (Guid id, HttpContext http, FakeXeroState state) =>
        {
            if (!Authorized(http, state))
            {
                return Results.Unauthorized();
            }

            state.Disconnected[id] = true;
            return Results.NoContent();
        });
    }

    /// <summary>A valid, unexpired bearer token from this fake.</summary>
    public static bool Authorized(HttpContext http, FakeXeroState state) =>
        AuthenticationHeaderValue.TryParse(http.Request.Headers.Authorization, out var auth)
        && auth.Scheme == "Bearer" && auth.Parameter is { } token
        && state.AccessTokens.TryGetValue(token, out var access) && access.ExpiresUtc > state.Time.GetUtcNow();

    private static IResult Issue(FakeXeroState state, string scope)
    {
        var access = FakeXeroState.NewSecret();
        var refresh = FakeXeroState.NewSecret();
        state.RefreshTokens[refresh] = scope;
        state.AccessTokens[access] = new FakeXeroAccessToken(access, state.Time.GetUtcNow().Add(state.Options.AccessTokenLifetime), refresh);
        return Results.Json(new
        {
            access_token = access,
            expires_in = (int)state.Options.AccessTokenLifetime.TotalSeconds,
            token_type = "Bearer",
            refresh_token = refresh,
            scope,
        });
    }

    /// <summary>Confidential clients send HTTP Basic; PKCE clients may send client_id alone (no secret).</summary>
    private static bool ClientAuthenticated(HttpContext http, IFormCollection form, FakeXeroState state)
    {
        if (AuthenticationHeaderValue.TryParse(http.Request.Headers.Authorization, out var auth) && auth.Scheme == "Basic" && auth.Parameter is { } encoded)
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded)).Split(':', 2);
            return pair.Length == 2 && pair[0] == state.Options.ClientId && pair[1] == state.Options.ClientSecret;
        }

        return form["client_id"].FirstOrDefault() == state.Options.ClientId;
    }
}
