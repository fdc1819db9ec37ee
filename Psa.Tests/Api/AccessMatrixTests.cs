using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain;
using Psa.Domain.Identity;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Web.Auth;
using Psa.Web.Engineers;
using Psa.Web.Users;
using Shouldly;
using Xunit.Abstractions;

namespace Psa.Tests.Api;

/// <summary>The permission matrix (README) holds for every endpoint and page, for every role.</summary>
public sealed class AccessMatrixTests(PsaAppFactory app, ITestOutputHelper output) : IClassFixture<PsaAppFactory>
{
    private readonly PsaAppFactory _app = app;
    private readonly string _acme = app.NewSlug("acme");

    /// <summary>Pages anyone may open (sign-in, sign-up, password reset, invitations) or that carry their own audience's policy.</summary>
    private static readonly string[] PublicPages =
    [
        "/", "/signin", "/signup", "/forgot-password", "/reset-password", "/accept-invitation", "/access-denied", "/not-found",
        "/portal/signin", "/portal/accept-invitation", "/admin/signin",
    ];

    /// <summary>Creates a staff member with the role in the workspace and a personal access token for them.</summary>
    internal static async Task<(string UserId, string Token)> CreateStaffAsync(PsaAppFactory app, ProvisionResult tenant, string role)
    {
        string userId;
        await using (var scope = app.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            var stem = role.Replace(" ", "-", StringComparison.Ordinal).ToLowerInvariant();
            userId = await TenantProvisioner.CreateUserAsync(scope.ServiceProvider, role + " Person", $"{stem}-{Guid.NewGuid():N}@example.com", TestData.Password, role);
        }

        return (userId, await ApiTests.CreateTokenAsync(app, tenant, userId));
    }

    private HttpClient Bearer(string token)
    {
        var client = _app.ClientFor(_acme);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private IReadOnlyList<RouteEndpoint> Endpoints()
    {
        _ = _app.Server;
        return _app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().ToList();
    }

    [Fact]
    public void EveryRoleHasEveryPermissionDecided()
    {
        foreach (var permission in Enum.GetValues<Permission>())
        {
            Permissions.Matrix.ContainsKey(permission).ShouldBeTrue(permission.ToString());
            Permissions.RolesFor(permission).ShouldAllBe(r => StaffRoles.All.Contains(r));
            Permissions.RolesFor(permission).ShouldContain(StaffRoles.Owner, $"{permission}: the Owner holds every permission");
        }
    }

    [Fact]
    public void EveryApiAndStaffEndpointDeclaresItsPermission()
    {
        var missing = new List<string>();
        foreach (var endpoint in Endpoints())
        {
            var route = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var isPage = endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var permission = endpoint.Metadata.GetMetadata<RequirePermissionAttribute>();
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            var otherAudience = policies.Contains(PsaPolicies.Contact) || policies.Contains(PsaPolicies.PlatformAdmin);
            if (route.StartsWith("/api/", StringComparison.Ordinal))
            {
                if (permission is null)
                {
                    missing.Add($"{string.Join(",", endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])} {route}");
                }
            }
            else if (isPage && permission is null && !otherAudience && !PublicPages.Contains(route, StringComparer.OrdinalIgnoreCase)
                     && !route.StartsWith("/_", StringComparison.Ordinal))
            {
                missing.Add("page " + route);
            }
            else if (!isPage && !anonymous && permission is null && !otherAudience && policies.Count > 0
                     && !route.StartsWith("/hubs/", StringComparison.Ordinal) && !route.StartsWith("/_", StringComparison.Ordinal))
            {
                missing.Add(route);
            }
        }

        missing.ShouldBeEmpty("Declare .RequirePermission(Permission.X) on these endpoints, or [RequirePermission(Permission.X)] on these pages (docs/development.md)");
    }

    [Fact]
    public async Task EveryApiEndpoint_AnswersEachRoleAsTheMatrixSays()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        var tokens = new Dictionary<string, string>();
        foreach (var role in StaffRoles.All)
        {
            tokens[role] = (await CreateStaffAsync(_app, tenant, role)).Token;
        }

        var api = Endpoints().Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/", StringComparison.Ordinal)).ToList();
        api.Count.ShouldBeGreaterThan(60);
        var wrong = new List<string>();
        foreach (var endpoint in api)
        {
            var permission = endpoint.Metadata.GetMetadata<RequirePermissionAttribute>().ShouldNotBeNull(endpoint.RoutePattern.RawText).Permission;
            var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods[0];
            var path = Concrete(endpoint.RoutePattern.RawText!);
            foreach (var role in StaffRoles.All)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT" or "PATCH")
                {
                    // The body's type must be one the endpoint accepts, or routing answers 415 before authorization runs.
                    var accepts = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes ?? [];
                    // The request disposes its content, and multipart content its parts.
#pragma warning disable CA2000
                    request.Content = accepts.Any(t => t.StartsWith("multipart/", StringComparison.Ordinal))
                        ? new MultipartFormDataContent { { new ByteArrayContent([]), "file", "empty.txt" } }
                        : new StringContent("{}", Encoding.UTF8, "application/json");
#pragma warning restore CA2000
                }

                using var response = await Bearer(tokens[role]).SendAsync(request);
                var allowed = Permissions.Allows(role, permission);
                var refused = response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized;
                if (allowed == refused)
                {
                    wrong.Add($"{role}: {method} {path} ({permission}) answered {(int)response.StatusCode}, expected {(allowed ? "not 401/403" : "403")}");
                }
            }
        }

        output.WriteLine($"{api.Count} API endpoints × {StaffRoles.All.Count} roles checked");
        wrong.ShouldBeEmpty();
    }

    /// <summary>Fills route parameters with plausible values so the request reaches the authorization check.</summary>
    private static string Concrete(string pattern) =>
        "/" + Regex.Replace(pattern.TrimStart('/'), @"\{([^}:]+)(:[^}]+)?\}", m => m.Groups[2].Value switch
        {
            ":guid" => Guid.NewGuid().ToString(),
            _ when m.Groups[1].Value == "weekStart" => "2026-11-30",
            _ when m.Groups[1].Value == "kind" => "utilisation",
            _ => "x",
        });

    [Fact]
    public async Task Engineer_SeesOnlyTheirOwnCostRate_AndCannotChangeIt()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        var (engineerUserId, engineerToken) = await CreateStaffAsync(_app, tenant, StaffRoles.Engineer);
        var (_, billingToken) = await CreateStaffAsync(_app, tenant, StaffRoles.Billing);
        var (_, managerToken) = await CreateStaffAsync(_app, tenant, StaffRoles.ProjectManager);
        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            var db = scope.ServiceProvider.GetRequiredService<TenantDbContext>();
            foreach (var e in db.Engineers)
            {
                e.Update(e.Code, e.Name, 55m, e.WeeklyCapacityHours);
            }

            await db.SaveChangesAsync();
        }

        var asEngineer = await Bearer(engineerToken).GetFromJsonAsync<JsonElement>("/api/v1/engineers");
        var rates = asEngineer.EnumerateArray().ToDictionary(e => e.GetProperty("userId").GetString() ?? e.GetProperty("code").GetString()!, e => e.GetProperty("costRate"));
        rates[engineerUserId].GetDecimal().ShouldBe(55m);
        rates.Where(r => r.Key != engineerUserId).ShouldAllBe(r => r.Value.ValueKind == JsonValueKind.Null);

        var asBilling = await Bearer(billingToken).GetFromJsonAsync<JsonElement>("/api/v1/engineers");
        asBilling.EnumerateArray().ShouldAllBe(e => e.GetProperty("costRate").GetDecimal() == 55m);

        // A project manager manages profiles but not rates: the rate they send is ignored.
        var own = asEngineer.EnumerateArray().Single(e => e.GetProperty("userId").GetString() == engineerUserId);
        var id = own.GetProperty("id").GetGuid();
        var update = new EngineerInput(own.GetProperty("code").GetString()!, "Renamed", null, null, 1m, 40m, Psa.Domain.Engineers.WorkingDays.Weekdays);
        (await Bearer(engineerToken).PutAsJsonAsync($"/api/v1/engineers/{id}", update)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Bearer(managerToken).PutAsJsonAsync($"/api/v1/engineers/{id}", update)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var after = await Bearer(billingToken).GetFromJsonAsync<JsonElement>($"/api/v1/engineers/{id}");
        after.GetProperty("name").GetString().ShouldBe("Renamed");
        after.GetProperty("costRate").GetDecimal().ShouldBe(55m);
        (await Bearer(managerToken).PutAsJsonAsync($"/api/v1/engineers/{id}/cost-rate", new { costRate = 1m })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Bearer(billingToken).PutAsJsonAsync($"/api/v1/engineers/{id}/cost-rate", new { costRate = 1m })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Bearer(billingToken).GetFromJsonAsync<JsonElement>($"/api/v1/engineers/{id}")).GetProperty("costRate").GetDecimal().ShouldBe(1m);
    }

    [Fact]
    public async Task Engineer_CannotStartARunOrApproveAnInvoice()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        var (_, token) = await CreateStaffAsync(_app, tenant, StaffRoles.Engineer);
        var client = Bearer(token);
        (await client.PostAsync("/api/v1/billing/runs?period=2026-11", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.PostAsync($"/api/v1/invoices/{Guid.NewGuid()}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync("/api/v1/invoices")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync("/api/v1/projects")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Engineer_MovesTaskStatus_ButCannotReplanIt()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        var (_, token) = await CreateStaffAsync(_app, tenant, StaffRoles.Engineer);
        using var replan = new StringContent("{\"title\":\"Mine now\"}", Encoding.UTF8, "application/json");
        (await Bearer(token).PatchAsync($"/api/v1/projects/{Guid.NewGuid()}/tasks/{Guid.NewGuid()}", replan)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var status = new StringContent("{\"status\":\"InProgress\"}", Encoding.UTF8, "application/json");
        (await Bearer(token).PatchAsync($"/api/v1/projects/{Guid.NewGuid()}/tasks/{Guid.NewGuid()}", status)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Engineer_SeesTheProject_WithoutItsPlanEditors()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            await TenantProvisioner.CreateUserAsync(scope.ServiceProvider, "Erin Engineer", "erin@example.com", TestData.Password, StaffRoles.Engineer);
        }

        var owner = Bearer(await ApiTests.CreateTokenAsync(_app, tenant));
        var client = await owner.PostAsJsonAsync("/api/v1/clients", new { code = "contoso", name = "Contoso Ltd", taxRatePercent = 0 });
        var clientId = (await client.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var created = await owner.PostAsJsonAsync("/api/v1/projects", new
        {
            code = "contoso-fw", clientId, name = "Firewall refresh", projectType = "Network", status = "Active",
            start = "2026-11-23", end = "2026-12-18", budgetHours = 20, billingModel = "AsWorked", routingMode = "Manual",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var projectId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var erin = await _app.SignedInClientAsync(_acme, "erin@example.com");
        var list = await erin.GetStringAsync($"/projects/{projectId}");
        list.ShouldContain("Firewall refresh");
        list.ShouldNotContain("data-testid=\"edit-project\"");
        list.ShouldNotContain("id=\"taskPhase\"");
        var phases = await erin.GetStringAsync($"/projects/{projectId}?view=phases");
        phases.ShouldContain("data-testid=\"phases-read-only\"");
        phases.ShouldNotContain("data-testid=\"phase-editor\"");

        var olive = await _app.SignedInClientAsync(_acme, "owner@example.com");
        var managed = await olive.GetStringAsync($"/projects/{projectId}?view=phases");
        managed.ShouldContain("data-testid=\"phase-editor\"");
        managed.ShouldContain("data-testid=\"edit-project\"");
    }

    [Fact]
    public async Task Admin_CannotMakeThemselvesOrAnyoneOwner()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        var (adminId, _) = await CreateStaffAsync(_app, tenant, StaffRoles.Admin);
        var (engineerId, _) = await CreateStaffAsync(_app, tenant, StaffRoles.Engineer);
        await using var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        var staff = scope.ServiceProvider.GetRequiredService<StaffDirectory>();

        (await Should.ThrowAsync<DomainException>(() => staff.ChangeRoleAsync(adminId, StaffRoles.Owner, adminId))).Field.ShouldBe("Role");
        await Should.ThrowAsync<DomainException>(() => staff.ChangeRoleAsync(engineerId, StaffRoles.Owner, adminId));
        await Should.ThrowAsync<DomainException>(() => staff.ChangeRoleAsync(tenant.OwnerUserId, StaffRoles.Engineer, adminId));
        var invite = await Should.ThrowAsync<ValidationFailedException>(() =>
            staff.InviteAsync("New Boss", "boss@example.com", StaffRoles.Owner, "Admin", new Uri($"http://{_acme}.localhost/"), adminId));
        invite.Errors.ShouldContain(e => e.Field == "Role");

        await staff.ChangeRoleAsync(engineerId, StaffRoles.ProjectManager, adminId);
        await staff.ChangeRoleAsync(engineerId, StaffRoles.Owner, tenant.OwnerUserId);
        (await staff.ListAsync()).Single(m => m.Id == engineerId).Role.ShouldBe(StaffRoles.Owner);
    }

    [Fact]
    public async Task StaffPages_RefuseRolesWithoutThePermission()
    {
        var tenant = await _app.CreateTenantAsync(_acme);
        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant))
        {
            await TenantProvisioner.CreateUserAsync(scope.ServiceProvider, "Eve Engineer", "eve@example.com", TestData.Password, StaffRoles.Engineer);
        }

        var engineer = await _app.SignedInClientAsync(_acme, "eve@example.com");
        foreach (var page in new[] { "/billing", "/billing/import", "/billing/agreements", "/settings/users", "/settings/outbox", "/reports", "/reconciliation", "/profitability", "/settings/integrations" })
        {
            var response = await engineer.GetAsync(page);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, page);
            response.Headers.Location!.ToString().ShouldContain("/access-denied", Case.Insensitive, page);
        }

        (await engineer.GetAsync("/projects")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var home = await engineer.GetStringAsync("/projects");
        home.ShouldNotContain("href=\"/billing\"");
        home.ShouldNotContain("href=\"/settings/outbox\"");
        (await engineer.GetAsync($"/billing/invoices/{Guid.NewGuid()}/csv")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}
