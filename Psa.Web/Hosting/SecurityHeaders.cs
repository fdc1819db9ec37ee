namespace Psa.Web.Hosting;

/// <summary>Headers every response carries; pages also get a content security policy that Blazor Server and the component libraries work under.</summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts and styles from our own origin only (inline styles and the framework's inline bootstrap
    /// allowed), the circuit's WebSocket to our origin, no framing by other sites, no plugins.
    /// </summary>
    public const string PagePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        + "connect-src 'self' ws: wss:; frame-ancestors 'self'; base-uri 'self'; object-src 'none'";

    public static Task ApplyAsync(HttpContext context, Func<Task> next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true && !headers.ContainsKey("Content-Security-Policy"))
            {
                headers.ContentSecurityPolicy = PagePolicy;
            }

            return Task.CompletedTask;
        });
        return next();
    }
}
