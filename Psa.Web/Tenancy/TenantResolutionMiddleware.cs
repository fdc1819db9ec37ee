using System.Net;
using Microsoft.Extensions.Options;
using Psa.Domain.Tenancy;
using Psa.Infrastructure;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Tenancy;

/// <summary>
/// Fixes the workspace of a request from its host name, <c>&lt;slug&gt;.&lt;BaseDomain&gt;</c>, before
/// anything else runs. The bare host is the public site and platform admin. Unknown workspaces get a
/// 404 page; suspended ones a 503 page and no data.
/// </summary>
public sealed class TenantResolutionMiddleware(RequestDelegate next, IOptions<PsaOptions> options, TenantDirectory directory, ActivityTracker activity)
{
    private readonly string _baseDomain = options.Value.BaseDomain.Trim().ToLowerInvariant();

    public async Task InvokeAsync(HttpContext context, TenantContext tenantContext)
    {
        var host = context.Request.Host.Host.ToLowerInvariant();
        if (context.Request.Path.StartsWithSegments("/healthz") || IsBareHost(host))
        {
            await next(context);
            return;
        }

        var label = host.EndsWith("." + _baseDomain, StringComparison.Ordinal)
            ? host[..^(_baseDomain.Length + 1)]
            : null;
        TenantInfo? tenant = null;
        if (label is not null && !label.Contains('.', StringComparison.Ordinal) && TenantSlug.TryParse(label, out var slug, out _))
        {
            tenant = await directory.FindAsync(slug, context.RequestAborted);
        }

        if (tenant is null || tenant.Status is TenantStatus.Deleted or TenantStatus.Provisioning)
        {
            await StatusPages.WriteAsync(context, HttpStatusCode.NotFound, "No workspace at this address",
                $"There is no Psa workspace at {WebUtility.HtmlEncode(host)}. Check the address, or create a workspace on the main site.");
            return;
        }

        if (tenant.Status == TenantStatus.Suspended)
        {
            await StatusPages.WriteAsync(context, HttpStatusCode.ServiceUnavailable, "This workspace is suspended",
                $"The workspace {WebUtility.HtmlEncode(tenant.Name)} has been suspended by the platform administrator. No data is available while it is suspended. Contact your provider to have it resumed.");
            return;
        }

        tenantContext.Set(tenant);
        activity.Touch(tenant.Slug.Value);
        await next(context);
    }

    private bool IsBareHost(string host) =>
        host == _baseDomain || host == "www." + _baseDomain || IPAddress.TryParse(host, out _);
}

/// <summary>Small self-contained HTML pages for requests that never reach the app.</summary>
internal static class StatusPages
{
    public static async Task WriteAsync(HttpContext context, HttpStatusCode status, string title, string message)
    {
        context.Response.StatusCode = (int)status;
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs"))
        {
            await Results.Problem(title: title, detail: message, statusCode: (int)status).ExecuteAsync(context);
            return;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{title}} · Psa</title>
            <style>
              body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f6fb;color:#1f2937;display:grid;place-items:center;min-height:100vh}
              main{background:#fff;border-radius:12px;box-shadow:0 10px 30px rgba(15,23,42,.08);padding:48px 56px;max-width:560px}
              .code{font-size:14px;font-weight:600;color:#6b7280;letter-spacing:.08em}
              h1{margin:8px 0 16px;font-size:28px} p{line-height:1.6;color:#4b5563} a{color:#2563eb}
            </style></head>
            <body><main><div class="code">{{(int)status}}</div><h1>{{title}}</h1><p>{{message}}</p></main></body></html>
            """);
    }
}
