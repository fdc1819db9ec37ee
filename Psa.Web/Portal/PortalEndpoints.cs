using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Auth;
using Psa.Web.Components.Pages.Account;

namespace Psa.Web.Portal;

public static class PortalEndpoints
{
    public const string ErrorPurpose = "Psa.Portal.SignInError";

    public static IServiceCollection AddPortal(this IServiceCollection services)
    {
        services.AddScoped<PortalSignIn>();
        PortalSso.Register(services);
        services.AddScoped<PortalQueries>();
        services.AddScoped<PortalService>();
        services.AddSingleton<PortalProjectViews>();
        services.AddScoped<PortalSettingsService>();
        services.AddScoped<AttachmentStore>();
        services.AddScoped<RequestOrigin>();
        return services;
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/portal/sso/start", async ([FromQuery] string? email, [FromQuery] string? returnUrl, PortalSso sso, TenantContext tenant, IDataProtectionProvider protection, HttpContext http) =>
        {
            if (!tenant.IsSet)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            var setup = string.IsNullOrWhiteSpace(email) ? null : await sso.FindForEmailAsync(email, http.RequestAborted);
            var problem = setup is null
                ? "Single sign-on is not set up for that email address. Sign in with your password, or ask your provider to set it up."
                : await sso.StartAsync(http, setup, email, LocalPortalUrl(returnUrl));
            if (problem is not null)
            {
                http.Response.Redirect(ErrorUrl(protection, tenant, problem));
            }
        }).AllowAnonymous();

        // The handler of the scheme that started the flow signs the contact in (portal cookie) or reports why not.
        app.MapGet(PortalSso.CallbackPath, async (PortalSso sso, TenantContext tenant, IDataProtectionProvider protection, HttpContext http) =>
        {
            if (!tenant.IsSet)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (await sso.CallbackAsync(http) is { } problem)
            {
                http.Response.Redirect(ErrorUrl(protection, tenant, problem));
            }
        }).AllowAnonymous();

        // Documents for the signed-in contact, always filtered by their client: another client's id is a 404.
        var documents = app.MapGroup("/portal").RequireAuthorization(PsaPolicies.Contact).ExcludeFromDescription();
        documents.MapGet("/attachments/{id:guid}", async (Guid id, PortalService portal, AttachmentStore files, HttpContext http) =>
            await portal.AttachmentAsync(http.User, id, http.RequestAborted) is { } a
                ? Results.File(files.Open(a), a.ContentType, a.FileName)
                : Results.NotFound());
        documents.MapGet("/invoices/{id:guid}/print", async (Guid id, PortalService portal, Psa.Web.Billing.InvoiceDocuments printer, HttpContext http) =>
            await portal.InvoiceAsync(http.User, id, http.RequestAborted) is { } d
                ? Results.Content(await printer.HtmlAsync(d), "text/html; charset=utf-8")
                : Results.NotFound());
        documents.MapGet("/invoices/{id:guid}/ubl", async (Guid id, PortalService portal, HttpContext http) =>
            await portal.InvoiceAsync(http.User, id, http.RequestAborted) is { } d
                ? Psa.Web.Billing.BillingDocumentEndpoints.UblResult(d)
                : Results.NotFound());

        // Staff download any attachment of their workspace from the project page.
        app.MapGet("/projects/{projectId:guid}/attachments/{id:guid}", async (Guid projectId, Guid id, TenantDbContextFactory databases, AttachmentStore files) =>
        {
            await using var db = databases.Create();
            var a = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleOrDefaultAsync(db.TaskAttachments, x => x.Id == id && x.ProjectId == projectId);
            return a is null ? Results.NotFound() : Results.File(files.Open(a), a.ContentType, a.FileName);
        }).RequirePermission(Permission.ProjectsRead).ExcludeFromDescription();

        app.MapPost("/portal/signout", async (HttpContext http, TenantContext tenant) =>
        {
            if (!tenant.IsSet)
            {
                return Results.NotFound();
            }

            if (!await Psa.Web.Api.AccountEndpoints.FromOwnFormAsync(http))
            {
                return Results.BadRequest();
            }

            await http.SignOutAsync(PsaSchemes.Portal);
            return Results.Redirect("/portal/signin");
        }).AllowAnonymous();
    }

    /// <summary>
    /// Errors travel to the sign-in page protected and bound to the workspace, so nobody (not even
    /// another workspace's SSO) can make the page say something else.
    /// </summary>
    public static string ErrorUrl(IDataProtectionProvider protection, TenantContext tenant, string message) =>
        "/portal/signin?e=" + Uri.EscapeDataString(ErrorProtector(protection, tenant).Protect(message, TimeSpan.FromMinutes(5)));

    public static ITimeLimitedDataProtector ErrorProtector(IDataProtectionProvider protection, TenantContext tenant) =>
        protection.CreateProtector(ErrorPurpose, tenant.Required.Slug.Value).ToTimeLimitedDataProtector();

    public static string LocalPortalUrl(string? url)
    {
        var safe = SignIn.SafeReturnUrl(url);
        return safe.StartsWith("/portal", StringComparison.Ordinal) ? safe : "/portal";
    }
}
