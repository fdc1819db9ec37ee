using System.Security.Claims;
using Psa.Web.Auth;

namespace Psa.Web.Api;

/// <summary>The <c>/api/v1</c> surface: token-authenticated, rate limited, RFC 7807 errors.</summary>
public static class ApiEndpoints
{
    public const string RateLimitPolicy = "api-token";

    public static RouteGroupBuilder Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(PsaPolicies.Api)
            .RequireRateLimiting(RateLimitPolicy);

        api.MapGet("/me", (ClaimsPrincipal user) => TypedResults.Ok(new MeResponse(
                user.FindFirstValue(ClaimTypes.NameIdentifier)!,
                user.FindFirstValue(ClaimTypes.Email) ?? user.Identity!.Name!,
                user.FindFirstValue(PsaClaims.DisplayName) ?? string.Empty,
                user.FindFirstValue(PsaClaims.Tenant)!,
                user.FindAll(ClaimTypes.Role).Select(r => r.Value).Order().ToArray())))
            .WithName("GetMe").RequirePermission(Permission.UseWorkspace)
            .WithSummary("The user the token belongs to, with their workspace and roles.");
        BillingApi.Map(api);
        ClientsApi.Map(api);
        EngineersApi.Map(api);
        ProjectsApi.Map(api);
        TemplatesApi.Map(api);
        SowApi.Map(api);
        QuotesApi.Map(api);
        TimeApi.Map(api);
        TicketsApi.Map(api);
        ReconciliationApi.Map(api);
        TimeApi.MapDownloads(app);
        TicketsApi.MapDownloads(app);
        return api;
    }
}

public sealed record MeResponse(string Id, string Email, string Name, string Workspace, string[] Roles);
