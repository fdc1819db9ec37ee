using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Psa.Domain;
using Psa.Infrastructure;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Api;
using Psa.Web.Auth;
using Psa.Web.Billing;
using Psa.Web.Clients;
using Psa.Web.Engineers;
using Psa.Web.Components;
using Psa.Web.Live;
using Psa.Web.Onboarding;
using Psa.Web.Portal;
using Psa.Web.Projects;
using Psa.Web.Quotes;
using Psa.Web.ServiceDesk;
using Psa.Web.Sow;
using Psa.Web.Tenancy;
using MudBlazor.Services;
using Psa.Web.TimeTracking;
using Psa.Web.Xero;

namespace Psa.Web.Hosting;

/// <summary>Builds the web application; Program and the test hosts share this.</summary>
public static class PsaWebApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Settings files are read from beside the executable, so the app starts the same from any folder.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        AddServices(builder.Services, builder.Configuration);
        var app = builder.Build();
        UsePipeline(app);
        return app;
    }

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        // Registered first so migrations finish before the scheduler or the server starts.
        services.AddHostedService<DatabaseStartup>();
        services.AddPsaInfrastructure(configuration);
        services.AddSingleton<ActivityTracker>();
        services.AddSingleton<WorkspaceLinks>();
        services.AddSingleton<SignupSubmissions>();
        services.AddSingleton<DemoSeeder>();
        services.AddScoped<Psa.Web.Settings.WorkspaceSettingsService>();
        services.AddScoped<Psa.Web.Users.StaffDirectory>();
        services.AddPortal();
        services.AddBilling();
        services.AddClients();
        services.AddEngineers();
        services.AddProjects();
        services.AddQuotes();
        services.AddOnboarding();
        services.AddSow(configuration);
        services.AddTimeTracking();
        services.AddServiceDesk();
        services.AddXero(configuration);
        Psa.Web.Reconciliation.ReconciliationServices.AddReconciliation(services);
        services.AddPsaAuthentication();
        services.AddPsaOAuthServer(configuration);
        services.AddScoped<Psa.Web.Audit.AuditTrail>();
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddScoped<SessionRevalidation>();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider>(sp => sp.GetRequiredService<SessionRevalidation>());
        services.AddSingleton<Psa.Web.Live.LiveConnections>();
        services.AddScoped<Psa.Web.Live.WorkspaceLive>();
        services.AddHostedService(sp => sp.GetRequiredService<Psa.Web.Live.LiveConnections>());
        services.AddMudServices();
        services.AddSingleton<ILiveSink, LiveHubSink>();
        services.AddRedisLive(services.AddSignalR(), configuration);
        services.AddNodeHealth(configuration);
        services.AddPsaTelemetry(configuration);
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(ApiEndpoints.RateLimitPolicy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<ApiLimitOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(ApiRateLimitKey(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.RequestsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            // Sign-in, sign-up and password-reset forms: one bucket per form, workspace host and client address,
            // so guessing passwords or flooding someone's inbox is slowed before account lockout even starts.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (!HttpMethods.IsPost(context.Request.Method) || !AccountForms.Contains(context.Request.Path.Value ?? string.Empty))
                {
                    return RateLimitPartition.GetNoLimiter(string.Empty);
                }

                var limits = context.RequestServices.GetRequiredService<IOptions<SignInLimitOptions>>().Value;
                var key = $"{context.Request.Path.Value}|{context.Request.Host.Host}|{context.Connection.RemoteIpAddress}";
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.AttemptsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            o.OnRejected = (ctx, _) => TooManyRequestsAsync(ctx.HttpContext, ctx.HttpContext.Request.Path.StartsWithSegments("/api")
                ? "The rate limit for this identity is exceeded; retry in a minute."
                : "Too many attempts from your address; retry in a minute.");
        });
        services.Configure<ApiLimitOptions>(configuration.GetSection("Psa:Api"));
        services.Configure<SignInLimitOptions>(configuration.GetSection("Psa:SignInLimit"));
        services.AddSingleton<AccountAttemptLimits>();
    }

    /// <summary>
    /// The API limiter's bucket: runs after authentication, so a valid token or client-credentials token counts
    /// against the identity it proves (a user or an API client, within its workspace, however many tokens it holds);
    /// anything else, made-up or expired tokens included, counts against the caller's address.
    /// </summary>
    internal static string ApiRateLimitKey(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true
        && context.User.FindFirst(PsaClaims.Tenant)?.Value is { Length: > 0 } tenant
        && context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value is { Length: > 0 } id
            ? $"id:{tenant}:{id}"
            : $"address:{context.Connection.RemoteIpAddress?.ToString() ?? "unknown"}";

    /// <summary>The one answer to a request over a limit: 429, <c>Retry-After</c> and a problem document.</summary>
    internal static async ValueTask TooManyRequestsAsync(HttpContext context, string detail)
    {
        context.Response.Headers.RetryAfter = "60";
        await Results.Problem(title: "Too many requests", detail: detail, statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context);
    }

    /// <summary>Whether the path is one of the account forms the sign-in limits apply to.</summary>
    internal static bool IsAccountForm(PathString path) => AccountForms.Contains(path.Value ?? string.Empty);

    /// <summary>Forms that take a password or send mail to an address typed by anyone.</summary>
    private static readonly HashSet<string> AccountForms = new(StringComparer.OrdinalIgnoreCase)
    {
        "/signin", "/portal/signin", "/admin/signin", "/signup", "/forgot-password", "/reset-password", "/portal/forgot-password",
    };

    /// <summary>A transient database failure anywhere in the chain (Npgsql marks a refused or broken connection and a server shutdown so).</summary>
    internal static bool IsDatabaseUnreachable(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is System.Data.Common.DbException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }

    public static void UsePipeline(WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<PsaOptions>>().Value.KnownProxies is { Length: > 0 } proxies)
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                forwarded.KnownProxies.Add(System.Net.IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new InvalidOperationException($"Psa:KnownProxies: '{proxy}' is not an IP address."));
            }

            app.UseForwardedHeaders(forwarded);
        }

        app.UseExceptionHandler(handler => handler.Run(async context =>
        {
            var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            if (error is DomainException domain)
            {
                await Results.Problem(title: "The request could not be completed", detail: domain.Message,
                    statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
                return;
            }

            if (IsDatabaseUnreachable(error))
            {
                // The database is away (restarting, failing over): a retry shortly may succeed, and nothing was half-written
                // (each write is one transaction). The pool opens fresh connections once it is back.
                context.Response.Headers.RetryAfter = "5";
                await Results.Problem(title: "The database is unavailable", detail: "Try again in a few seconds.",
                    statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);
                return;
            }

            await Results.Problem(title: "Something went wrong", statusCode: StatusCodes.Status500InternalServerError).ExecuteAsync(context);
        }));
        app.UseStatusCodePages();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.Use(SecurityHeaders.ApplyAsync);
        var mail = app.Services.GetRequiredService<IOptions<PsaOptions>>().Value;
        if (string.IsNullOrWhiteSpace(mail.Smtp.Host))
        {
            var folder = mail.Smtp.PickupFolder(mail.FullDataDirectory);
            app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogWarning(
                "No SMTP host is configured (Psa:Smtp:Host): mail is written as .eml files to {Folder}. This is for development only: "
                + "those files hold live password-reset and invitation links, so configure SMTP anywhere else.", folder));
        }

        app.UseMiddleware<TenantResolutionMiddleware>();
        app.UseStaticFiles();
        app.UseAuthentication();
        // Limits before authorization: a request refused for its token still counts (against its address).
        app.UseRateLimiter();
        app.Use((context, next) => context.RequestServices.GetRequiredService<AccountAttemptLimits>().InvokeAsync(context, next));
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapNodeHealth();
        if (app.Services.GetRequiredService<IOptions<PsaOptions>>().Value.MemoryDiagnostics)
        {
            app.MapGet("/healthz/memory", (HttpContext context) =>
            {
                if (context.Connection.RemoteIpAddress is not { } address || !System.Net.IPAddress.IsLoopback(address))
                {
                    return Results.NotFound();
                }

                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                using var process = System.Diagnostics.Process.GetCurrentProcess();
                var circuits = context.RequestServices.GetRequiredService<CircuitMetricsHandler>();
                return Results.Ok(new
                {
                    managedBytes = GC.GetTotalMemory(forceFullCollection: false),
                    workingSetBytes = process.WorkingSet64,
                    openCircuits = circuits.Open,
                    connectedCircuits = circuits.Connected,
                });
            }).AllowAnonymous();
        }
        app.MapOpenApi().AllowAnonymous();
        app.MapHub<LiveHub>("/hubs/live");
        AccountEndpoints.Map(app);
        PortalEndpoints.Map(app);
        ApiEndpoints.Map(app);
        BillingDocumentEndpoints.Map(app);
        Psa.Web.Audit.AuditEndpoints.Map(app);
        XeroEndpoints.Map(app);
        Psa.Web.Reconciliation.ProfitabilityEndpoints.Map(app);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }

    /// <summary>Prints where Psa answers once the server is listening.</summary>
    public static void PrintUrlsOnStart(WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<PsaOptions>>().Value;
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var url in app.Urls)
            {
                var uri = new Uri(url);
                var port = uri.IsDefaultPort ? string.Empty : ":" + uri.Port;
                Console.WriteLine($"Psa is running. Data folder: {options.FullDataDirectory}");
                Console.WriteLine($"  Public site and sign-up: {uri.Scheme}://{options.BaseDomain}{port}/");
                Console.WriteLine($"  Platform admin:          {uri.Scheme}://{options.BaseDomain}{port}/admin  (create one: Psa.Web admin create --email E --password P)");
                if (options.SeedDemo)
                {
                    Console.WriteLine($"  Demo workspace:          {uri.Scheme}://{DemoSeeder.Slug}.{options.BaseDomain}{port}/  sign in as {DemoSeeder.OwnerEmail} / {DemoSeeder.Password}");
                }

                break;
            }
        });
    }
}

public sealed class SignInLimitOptions
{
    /// <summary>Posts of one sign-in, sign-up or reset form per client address and workspace per minute.</summary>
    public int AttemptsPerMinute { get; set; } = 10;

    /// <summary>Posts of one sign-in, sign-up or reset form for one account (email) per minute, from any address.</summary>
    public int AttemptsPerAccountPerMinute { get; set; } = 10;
}

public sealed class ApiLimitOptions
{
    public int RequestsPerMinute { get; set; } = 120;
}
