using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Tenancy;
using Psa.Domain;
using Psa.Domain.Identity;
using Psa.Tests.Support;
using Psa.Web.Auth;
using Shouldly;

namespace Psa.Tests.Api;

public sealed class ApiTests(PsaAppFactory app) : IClassFixture<PsaAppFactory>
{
    private readonly PsaAppFactory _app = app;
    private readonly string _acme = app.NewSlug("acme");
    private readonly string _alpha = app.NewSlug("alpha");
    private readonly string _bravo = app.NewSlug("bravo");

    /// <summary>Creates a token through the service the profile page uses and returns its secret.</summary>
    internal static async Task<string> CreateTokenAsync(PsaAppFactory app, ProvisionResult tenant, string? userId = null)
    {
        await using var scope = app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        var issued = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(userId ?? tenant.OwnerUserId, "test");
        return issued.Secret;
    }

    private HttpClient Bearer(string slug, string token) => Bearer(_app, slug, token);

    private static HttpClient Bearer(PsaAppFactory app, string slug, string token)
    {
        var client = app.ClientFor(slug);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task Me_WithToken_ReturnsTheUserAndWorkspace()
    {
        var tenant = await _app.CreateTenantAsync(_acme, "owner@acme.test");
        var token = await CreateTokenAsync(_app, tenant);
        var me = await Bearer(_acme, token).GetFromJsonAsync<JsonElement>("/api/v1/me");
        me.GetProperty("email").GetString().ShouldBe("owner@acme.test");
        me.GetProperty("workspace").GetString().ShouldBe(_acme);
        me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["Owner"]);
    }

    [Fact]
    public async Task Me_WithoutToken_Is401Problem()
    {
        await _app.CreateTenantAsync(_acme);
        var response = await _app.ClientFor(_acme).GetAsync("/api/v1/me");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_WithCookieOnly_Is401_TheApiTakesTokensOnly()
    {
        await _app.CreateTenantAsync(_acme);
        var client = await _app.SignedInClientAsync(_acme, "owner@example.com");
        (await client.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TokenOfWorkspaceA_IsRejectedOnWorkspaceB()
    {
        var a = await _app.CreateTenantAsync(_alpha);
        await _app.CreateTenantAsync(_bravo);
        var token = await CreateTokenAsync(_app, a);
        (await Bearer(_alpha, token).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Bearer(_bravo, token).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RevokedToken_IsRejected_AndOnlyItsOwnerMayRevokeIt()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        var token = await CreateTokenAsync(_app, tenant);
        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            var tokens = scope.ServiceProvider.GetRequiredService<ApiTokenService>();
            var row = (await tokens.ListAsync(tenant.OwnerUserId)).ShouldHaveSingleItem();
            (await Should.ThrowAsync<DomainException>(() => tokens.RevokeAsync("someone-else", row.Id))).Field.ShouldBe("Token");
            (await Bearer(_acme, token).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

            await tokens.RevokeAsync(tenant.OwnerUserId, row.Id);
            (await tokens.ListAsync(tenant.OwnerUserId)).ShouldHaveSingleItem().RevokedUtc.ShouldNotBeNull();
        }

        (await Bearer(_acme, token).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task ATokenNeedsAName(string? name)
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        await using var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        var tokens = scope.ServiceProvider.GetRequiredService<ApiTokenService>();
        (await Should.ThrowAsync<DomainException>(() => tokens.CreateAsync(tenant.OwnerUserId, name))).Field.ShouldBe("Token name");
        (await tokens.ListAsync(tenant.OwnerUserId)).ShouldBeEmpty();
        (await Should.ThrowAsync<DomainException>(() => tokens.CreateAsync(tenant.OwnerUserId, new string('x', 101)))).Message.ShouldContain("100");
    }

    [Fact]
    public async Task TokensAreStoredHashed()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        var token = await CreateTokenAsync(_app, tenant);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(_app.DataDirectory, "tenants", _acme + ".db"));
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        text.ShouldNotContain(token);
    }

    [Fact]
    public async Task RateLimit_PerIdentity_Answers429Problem_AndMadeUpTokensCountPerAddress()
    {
        // Its own host: the limit is a setting of the host.
        using var strict = new PsaAppFactory();
        strict.Settings["Psa:Api:RequestsPerMinute"] = "3";
        var tenant = await strict.CreateTenantAsync(_acme);
        var token = await CreateTokenAsync(strict, tenant);
        var sameOwner = await CreateTokenAsync(strict, tenant);
        var client = Bearer(strict, _acme, token);
        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var limited = await client.GetAsync("/api/v1/me");
        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter.ShouldNotBeNull();
        limited.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await limited.Content.ReadAsStringAsync()).ShouldContain("identity");

        // A second token of the same person is the same identity: a new token is no way round the limit.
        (await Bearer(strict, _acme, sameOwner).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        // Made-up tokens are refused (401) and count against the address, each of them in one bucket,
        // so guessing tokens is limited too; the limited identity's bucket is not the address's.
        for (var i = 0; i < 3; i++)
        {
            (await Bearer(strict, _acme, $"psa_madeup{i}").GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        (await Bearer(strict, _acme, "psa_madeup-again").GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        // Another user of the workspace has a bucket of their own.
        string engineerId;
        await using (var scope = strict.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            engineerId = await TenantProvisioner.CreateUserAsync(scope.ServiceProvider, "Eve Engineer", "eve@example.com", TestData.Password, StaffRoles.Engineer);
        }

        var engineer = await CreateTokenAsync(strict, tenant, engineerId);
        (await Bearer(strict, _acme, engineer).GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheApi()
    {
        _ = _app.Server;
        var doc = await _app.ClientFor(null).GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        doc.GetProperty("openapi").GetString().ShouldStartWith("3.");
        doc.GetProperty("paths").TryGetProperty("/api/v1/me", out _).ShouldBeTrue();
    }
}
