using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain;
using Psa.Domain.Identity;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Web.Auth;
using Shouldly;

namespace Psa.Tests.Api;

/// <summary>
/// Psa as an OAuth 2.0 authorization server: API clients of a workspace get access tokens with scopes from
/// <c>/connect/token</c> (client credentials, over real HTTP through the host), and <c>/api/v1</c> honours the
/// scopes through the same permission checks as personal tokens, which gain scopes and an expiry.
/// </summary>
public sealed class OAuthClientCredentialsTests(PsaAppFactory app) : IClassFixture<PsaAppFactory>
{
    private readonly PsaAppFactory _app = app;
    private readonly string _acme = app.NewSlug("acme");
    private readonly string _bravo = app.NewSlug("bravo");

    private async Task<ApiClientService.Registered> RegisterAsync(ProvisionResult tenant, params string[] scopes)
    {
        await using var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        return await scope.ServiceProvider.GetRequiredService<ApiClientService>().CreateAsync("RMM connector", scopes);
    }

    private async Task<HttpResponseMessage> RequestTokenAsync(string slug, string clientId, string secret, string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        using var content = new FormUrlEncodedContent(form);
        return await _app.ClientFor(slug).PostAsync(OAuthServer.TokenPath, content);
    }

    private async Task<string> TokenAsync(string slug, ApiClientService.Registered client, string? scope = null)
    {
        using var response = await RequestTokenAsync(slug, client.Client.ClientId, client.Secret, scope);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body.ToString());
        body.GetProperty("token_type").GetString().ShouldBe("Bearer");
        body.GetProperty("expires_in").GetInt32().ShouldBeInRange((int)OAuthServer.AccessTokenLifetime.TotalSeconds - 60, (int)OAuthServer.AccessTokenLifetime.TotalSeconds);
        return body.GetProperty("access_token").GetString()!;
    }

    private HttpClient Bearer(string slug, string token)
    {
        var client = _app.ClientFor(slug);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task ClientCredentials_TokenOverHttp_ReadsWithItsScope_AndAReadScopeCannotWrite()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        var client = await RegisterAsync(tenant, "clients:read", "billing:read");
        client.Secret.ShouldStartWith(ApiClientService.SecretPrefix);

        var token = await TokenAsync(_acme, client, "clients:read");
        var api = Bearer(_acme, token);
        (await api.GetAsync("/api/v1/clients")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A read scope does not write, and a scope not asked for in the token is not held.
        using var create = new StringContent("""{"code":"NEW","name":"New client","taxRatePercent":20}""", Encoding.UTF8, "application/json");
        (await api.PostAsync("/api/v1/clients", create)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await api.GetAsync("/api/v1/invoices")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await api.GetAsync("/api/v1/engineers")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // A client acts for nobody: "own" time and the caller's profile are not its to read.
        (await api.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // With no scope asked for, the token carries every scope the client holds.
        var all = Bearer(_acme, await TokenAsync(_acme, client));
        (await all.GetAsync("/api/v1/invoices")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ClientCredentials_WriteScope_Writes_AndTheChangeIsAudited()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        var client = await RegisterAsync(tenant, "clients:write");
        var api = Bearer(_acme, await TokenAsync(_acme, client));
        var response = await api.PostAsJsonAsync("/api/v1/clients", new { code = "NEW", name = "New client", taxRatePercent = 20m });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        await using var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        var db = scope.ServiceProvider.GetRequiredService<TenantDbContext>();
        (await db.AuditTrail.SingleAsync(e => e.Action == "api-client.created")).After.ShouldBe("clients:write");
    }

    [Fact]
    public async Task TokenEndpoint_RefusesWrongSecret_UnheldScope_AndAnotherWorkspacesClient()
    {
        var acme = await _app.CreateTenantAsync(_acme);
        await _app.CreateTenantAsync(_bravo);
        var client = await RegisterAsync(acme, "clients:read");

        using (var wrong = await RequestTokenAsync(_acme, client.Client.ClientId, client.Secret + "x"))
        {
            wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().ShouldBe("invalid_client");
        }

        using (var unheld = await RequestTokenAsync(_acme, client.Client.ClientId, client.Secret, "billing:write"))
        {
            unheld.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await unheld.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().ShouldBe("invalid_scope");
        }

        using (var elsewhere = await RequestTokenAsync(_bravo, client.Client.ClientId, client.Secret))
        {
            elsewhere.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await elsewhere.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().ShouldBe("invalid_client");
        }
    }

    [Fact]
    public async Task AccessToken_OfWorkspaceA_IsRefusedOnB_AndStopsWhenTheClientIsRevoked()
    {
        var acme = await _app.CreateTenantAsync(_acme);
        await _app.CreateTenantAsync(_bravo);
        var client = await RegisterAsync(acme, "clients:read");
        var token = await TokenAsync(_acme, client);
        (await Bearer(_acme, token).GetAsync("/api/v1/clients")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Bearer(_bravo, token).GetAsync("/api/v1/clients")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        await using (var scope = _app.Service<TenantScopeFactory>().Open(acme.Tenant))
        {
            await scope.ServiceProvider.GetRequiredService<ApiClientService>().RevokeAsync(client.Client.Id);
        }

        (await Bearer(_acme, token).GetAsync("/api/v1/clients")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var again = await RequestTokenAsync(_acme, client.Client.ClientId, client.Secret);
        again.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task PersonalToken_Scopes_LimitItsUsersRole_AndAnExpiredOneIsRefused()
    {
        var clock = new Psa.Tests.TimeTracking.TestClock(DateTimeOffset.UtcNow);
        _app.ConfigureTestServices = services => services.AddSingleton<TimeProvider>(clock);
        var tenant = await _app.CreateTenantAsync(_acme);
        string readOnly, expiring;
        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            var tokens = scope.ServiceProvider.GetRequiredService<ApiTokenService>();
            readOnly = (await tokens.CreateAsync(tenant.OwnerUserId, "reader", scopes: ["clients:read", "time:read"])).Secret;
            expiring = (await tokens.CreateAsync(tenant.OwnerUserId, "short", scopes: ["clients:write"], expiresUtc: clock.GetUtcNow().AddDays(1))).Secret;
            (await Should.ThrowAsync<DomainException>(() => tokens.CreateAsync(tenant.OwnerUserId, "none", scopes: []))).Field.ShouldBe("Scopes");
            (await Should.ThrowAsync<DomainException>(() => tokens.CreateAsync(tenant.OwnerUserId, "bad", scopes: ["everything"]))).Field.ShouldBe("Scopes");
            (await Should.ThrowAsync<DomainException>(() => tokens.CreateAsync(tenant.OwnerUserId, "past", scopes: ["clients:read"], expiresUtc: clock.GetUtcNow().AddDays(-1)))).Field.ShouldBe("Expires");
            var listed = await tokens.ListAsync(tenant.OwnerUserId);
            listed.Single(t => t.Name == "reader").Scopes.ShouldBe("time:read clients:read");
        }

        var reader = Bearer(_acme, readOnly);
        (await reader.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reader.GetAsync("/api/v1/clients")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reader.PostAsJsonAsync("/api/v1/clients", new { code = "NEW", name = "New client", taxRatePercent = 20m })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.GetAsync("/api/v1/invoices")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var shortLived = Bearer(_acme, expiring);
        (await shortLived.PostAsJsonAsync("/api/v1/clients", new { code = "NEW", name = "New client", taxRatePercent = 20m })).StatusCode.ShouldBe(HttpStatusCode.Created);
        clock.Now += TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1);
        (await shortLived.GetAsync("/api/v1/clients")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task PersonalToken_Scopes_NeverExceedTheRole()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        string token;
        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            var userId = await TenantProvisioner.CreateUserAsync(scope.ServiceProvider, "Eng", "eng@example.com", TestData.Password, StaffRoles.Engineer);
            token = (await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(userId, "eng", scopes: ["billing:write"])).Secret;
        }

        (await Bearer(_acme, token).GetAsync("/api/v1/invoices")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
