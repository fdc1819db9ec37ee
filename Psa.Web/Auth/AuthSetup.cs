using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Auth;

public static class AuthSetup
{
    public static IServiceCollection AddPsaAuthentication(this IServiceCollection services)
    {
        services.AddScoped<IUserClaimsPrincipalFactory<StaffUser>, StaffClaimsFactory>();
        services.AddScoped<ApiTokenService>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, PermissionHandler>();
        services.AddOptions<SessionRevalidationOptions>().BindConfiguration("Psa:Sessions");
        // Cookies re-check the security stamp (changed by deactivation, role change, password reset) this often.
        services.AddOptions<SecurityStampValidatorOptions>().Configure<Microsoft.Extensions.Options.IOptions<SessionRevalidationOptions>>((o, sessions) => o.ValidationInterval = sessions.Value.RevalidateEvery);
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = PsaSchemes.Selector;
                o.DefaultChallengeScheme = PsaSchemes.Selector;
            })
            // Which credential a request carries depends on where it goes: a bearer token to the API,
            // the staff cookie on a workspace host, the platform cookie on the bare host.
            .AddPolicyScheme(PsaSchemes.Selector, "Psa", o => o.ForwardDefaultSelector = context =>
            {
                if (ApiTokenAuthenticationHandler.ReadToken(context.Request) is { Length: > 0 })
                {
                    return PsaSchemes.ApiToken;
                }

                return context.RequestServices.GetRequiredService<TenantContext>().IsSet
                    ? PsaSchemes.WorkspaceCookies
                    : PsaSchemes.Platform;
            })
            .AddCookie(PsaSchemes.Platform, o =>
            {
                o.Cookie.Name = ".psa.platform";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.LoginPath = "/admin/signin";
                o.AccessDeniedPath = "/admin/signin";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(PsaSchemes.ApiToken, null)
            .AddScheme<AuthenticationSchemeOptions, WorkspaceCookiesHandler>(PsaSchemes.WorkspaceCookies, null)
            .AddCookie(PsaSchemes.Portal, o =>
            {
                o.Cookie.Name = ".psa.portal";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.LoginPath = "/portal/signin";
                o.AccessDeniedPath = "/portal/signin";
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = Portal.PortalSignIn.ValidatePrincipalAsync;
            })
            .AddIdentityCookies(cookies => cookies.ApplicationCookie!.Configure(o =>
            {
                // No Domain attribute: the cookie belongs to exactly one workspace host.
                o.Cookie.Name = ".psa.staff";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.LoginPath = "/signin";
                o.LogoutPath = "/signout";
                o.AccessDeniedPath = "/access-denied";
                o.ExpireTimeSpan = TimeSpan.FromDays(7);
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = ValidateStaffPrincipalAsync;
                o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
            }));

        services.AddAuthorizationBuilder()
            .AddPolicy(PsaPolicies.Staff, p => p.RequireAuthenticatedUser().RequireClaim(PsaClaims.Tenant))
            .AddPolicy(PsaPolicies.WorkspaceAdmin, p => p.RequireAuthenticatedUser().RequireClaim(PsaClaims.Tenant)
                .RequireRole(Permissions.RolesFor(Permission.Settings)))
            .AddPolicy(PsaPolicies.Api, p => p.AddAuthenticationSchemes(PsaSchemes.ApiToken).RequireAuthenticatedUser()
                .RequireClaim(PsaClaims.Tenant))
            .AddPolicy(PsaPolicies.Contact, p => p.RequireAuthenticatedUser().RequireClaim(PsaClaims.Contact).RequireClaim(PsaClaims.PortalTenant))
            .AddPolicy(PsaPolicies.PlatformAdmin, p => p.RequireAuthenticatedUser().RequireClaim(PsaClaims.PlatformAdmin)
                .AddAuthenticationSchemes(PsaSchemes.Platform))
            .AddPermissionPolicies();
        return services;
    }

    /// <summary>
    /// A staff cookie is only good on the workspace that issued it: copied to another workspace's
    /// host it is rejected, even though the same keys could decrypt it.
    /// </summary>
    private static async Task ValidateStaffPrincipalAsync(CookieValidatePrincipalContext context)
    {
        var tenant = context.HttpContext.RequestServices.GetRequiredService<TenantContext>();
        var claimed = context.Principal?.FindFirstValue(PsaClaims.Tenant);
        if (!tenant.IsSet || claimed != tenant.Required.Slug.Value)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
