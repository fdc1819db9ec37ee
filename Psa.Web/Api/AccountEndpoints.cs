using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Auth;

namespace Psa.Web.Api;

/// <summary>Cookie-setting endpoints that cannot live inside an interactive circuit.</summary>
public static class AccountEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        // The public site signs an owner up on another origin, then sends the browser here with a one-time token.
        app.MapGet("/handoff", async (
            [FromQuery] string? token,
            TenantContext tenant,
            HandoffTokens handoffs,
            UserManager<StaffUser> users,
            SignInManager<StaffUser> signIn,
            TimeProvider time,
            HttpContext http) =>
        {
            if (!tenant.IsSet)
            {
                return Results.NotFound();
            }

            var userId = await handoffs.RedeemAsync(tenant.Required.Slug.Value, token, http.RequestAborted);
            var user = userId is null ? null : await users.FindByIdAsync(userId);
            if (user is null)
            {
                return Results.Redirect("/signin");
            }

            user.LastSignInUtc = time.GetUtcNow();
            await users.UpdateAsync(user);
            await signIn.SignInAsync(user, isPersistent: true);
            return Results.Redirect("/?welcome=1");
        }).AllowAnonymous();

        // Sign-up is a plain form; its page asks here whether the address typed so far is free.
        app.MapGet("/signup/address", async ([FromQuery] string? slug, TenantContext tenant, TenantProvisioner provisioner, HttpContext http) =>
            tenant.IsSet
                ? Results.NotFound()
                : Results.Ok(new SignupAddressCheck(await provisioner.SlugProblemAsync(slug?.Trim().ToLowerInvariant(), http.RequestAborted))))
            .AllowAnonymous();

        app.MapPost("/signout", async (SignInManager<StaffUser> signIn, TenantContext tenant, HttpContext http) =>
        {
            if (!tenant.IsSet)
            {
                return Results.NotFound();
            }

            if (!await FromOwnFormAsync(http))
            {
                return Results.BadRequest();
            }

            await signIn.SignOutAsync();
            return Results.Redirect("/signin");
        }).AllowAnonymous();

        app.MapPost("/admin/signout", async (HttpContext http, TenantContext tenant) =>
        {
            if (tenant.IsSet)
            {
                return Results.NotFound();
            }

            if (!await FromOwnFormAsync(http))
            {
                return Results.BadRequest();
            }

            await http.SignOutAsync(PsaSchemes.Platform);
            return Results.Redirect("/admin/signin");
        }).AllowAnonymous();

        app.MapGet("/branding/logo", async (TenantContext tenant, TenantDbContextFactory databases, HttpContext http) =>
        {
            if (!tenant.IsSet)
            {
                return Results.NotFound();
            }

            await using var db = databases.Create();
            var logo = await db.Settings.AsNoTracking().Select(s => new { s.Logo, s.LogoContentType }).SingleAsync(http.RequestAborted);
            if (logo.Logo is null || logo.LogoContentType is null)
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = "private, max-age=300";
            if (logo.LogoContentType == "image/svg+xml")
            {
                // An uploaded SVG could carry script; serve it so the browser never runs it.
                http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
            }

            return Results.File(logo.Logo, logo.LogoContentType);
        }).AllowAnonymous();
    }

    /// <summary>Sign-out is a form post from our own page: another site cannot sign a user out.</summary>
    public static async Task<bool> FromOwnFormAsync(HttpContext http)
    {
        try
        {
            await http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().ValidateRequestAsync(http);
            return true;
        }
        catch (Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException)
        {
            return false;
        }
    }
}

/// <summary>Why the address cannot be used, or null when it is free.</summary>
public sealed record SignupAddressCheck(string? Problem);
