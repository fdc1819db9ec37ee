using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Psa.Domain;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Auth;
using Quartz;

namespace Psa.Web.Xero;

/// <summary>
/// <c>/integrations/xero/connect</c> and <c>/callback</c> (OAuth code + PKCE; the state and verifier
/// travel in an encrypted cookie), and <c>/integrations/xero/webhooks</c>: a correctly signed delivery
/// answers 200 and queues an incremental pull; any other answers 401, as Xero's intent-to-receive
/// check requires.
/// </summary>
public static class XeroEndpoints
{
    public const string CallbackPath = "/integrations/xero/callback";
    private const string Cookie = "psa.xero.authorize";
    private const string SettingsPage = "/settings/integrations";

    public static void Map(WebApplication app)
    {
        app.MapGet("/integrations/xero/connect", (HttpContext http, XeroIdentityClient identity, IOptions<XeroOptions> options, IDataProtectionProvider protection) =>
        {
            if (!options.Value.IsConfigured)
            {
                return Results.Redirect(SettingsPage + "?xero=not-configured");
            }

            var (verifier, challenge) = XeroIdentityClient.NewPkce();
            var state = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            http.Response.Cookies.Append(Cookie, Protector(protection).Protect($"{state}|{verifier}"), new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = http.Request.IsHttps,
                Path = "/integrations/xero",
                MaxAge = TimeSpan.FromMinutes(15),
            });
            return Results.Redirect(identity.AuthorizeUrl(RedirectUri(http), state, challenge));
        }).RequirePermission(Permission.Integrations);

        app.MapGet(CallbackPath, async (HttpContext http, XeroConnectionService connections, IDataProtectionProvider protection, CancellationToken ct) =>
        {
            var query = http.Request.Query;
            var cookie = http.Request.Cookies[Cookie];
            http.Response.Cookies.Delete(Cookie, new CookieOptions { Path = "/integrations/xero" });
            if (query["error"].FirstOrDefault() is { } error)
            {
                return Results.Redirect($"{SettingsPage}?xero=refused&reason={Uri.EscapeDataString(error)}");
            }

            string[] saved;
            try
            {
                saved = cookie is null ? [] : Protector(protection).Unprotect(cookie).Split('|', 2);
            }
            catch (CryptographicException)
            {
                saved = [];
            }

            if (saved.Length != 2 || query["state"].FirstOrDefault() != saved[0] || query["code"].FirstOrDefault() is not { Length: > 0 } code)
            {
                return Results.Redirect(SettingsPage + "?xero=state-mismatch");
            }

            try
            {
                await connections.CompleteAuthorizationAsync(code, RedirectUri(http), saved[1], http.User.FindFirstValue(ClaimTypes.Name) ?? "someone", ct);
            }
            catch (Exception ex) when (ex is XeroReconnectNeededException or DomainException or HttpRequestException)
            {
                return Results.Redirect($"{SettingsPage}?xero=failed&reason={Uri.EscapeDataString(ex.Message)}");
            }

            return Results.Redirect(SettingsPage + "?xero=connected");
        }).RequirePermission(Permission.Integrations);

        app.MapPost("/integrations/xero/webhooks", ReceiveWebhookAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
    }

    /// <summary>HMAC-SHA256 of the raw body with the webhook key, base64: what <c>x-xero-signature</c> must be.</summary>
    public static bool SignatureValid(byte[] body, string? signature, string? key)
    {
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(signature))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), body)));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }

    private static async Task<IResult> ReceiveWebhookAsync(HttpContext http, IOptions<XeroOptions> options, TenantContext tenant, TenantDirectory directory,
        TenantScopeFactory scopes, ISchedulerFactory quartz, TimeProvider time, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, ct);
        var body = buffer.ToArray();
        if (!SignatureValid(body, http.Request.Headers["x-xero-signature"].FirstOrDefault(), options.Value.WebhookKey))
        {
            return Results.Unauthorized();
        }

        var organisations = new HashSet<Guid>();
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("events", out var events))
            {
                foreach (var e in events.EnumerateArray())
                {
                    if (e.TryGetProperty("tenantId", out var id) && id.TryGetGuid(out var guid))
                    {
                        organisations.Add(guid);
                    }
                }
            }
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }

        if (organisations.Count == 0)
        {
            return Results.Ok();
        }

        // Xero has one webhook address per app: deliveries on the bare host find their workspaces by organisation.
        var candidates = tenant.Current is { } current ? [current] : await directory.ListActiveAsync(ct);
        foreach (var workspace in candidates)
        {
            await using var scope = scopes.Open(workspace);
            await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
            var connection = await db.XeroConnections.SingleOrDefaultAsync(ct);
            if (connection?.XeroTenantId is { } id && organisations.Contains(id) && connection.IsUsable)
            {
                connection.PullRequestedUtc = time.GetUtcNow();
                await db.SaveChangesAsync(ct);
                await XeroSyncJob.QueueAsync(quartz, workspace.Slug.Value, "webhook", ct);
            }
        }

        return Results.Ok();
    }

    private static IDataProtector Protector(IDataProtectionProvider protection) => protection.CreateProtector("Psa.Xero.Authorize.v1");

    private static string RedirectUri(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{CallbackPath}";
}
