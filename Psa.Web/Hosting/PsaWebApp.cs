using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using Psa.Domain;
using Psa.Infrastructure;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Api;
using Psa.Web.Auth;
using Psa.Web.Billing;
using Psa.Web.Components;
using Psa.Web.Live;
using Psa.Web.Portal;
using Psa.Web.Projects;
using Psa.Web.ServiceDesk;
using Psa.Web.Sow;
using Psa.Web.Tenancy;
using MudBlazor.Services;
using Psa.Web.TimeTracking;

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
        services.AddProjects();
        services.AddSow();
        services.AddTimeTracking();
        services.AddServiceDesk();
        services.AddPsaAuthentication();
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddSignalR();
        services.AddSingleton<ILiveSink, LiveHubSink>();
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(ApiEndpoints.RateLimitPolicy, context =>
            {
                // One bucket per token (or per address for unauthenticated calls).
                var key = ApiTokenAuthenticationHandler.ReadToken(context.Request) is { Length: > 0 } token
                    ? Psa.Infrastructure.Identity.SecretTokens.Hash(token)
                    : context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                var limits = context.RequestServices.GetRequiredService<IOptions<ApiLimitOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.RequestsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            o.OnRejected = async (ctx, token) =>
            {
                ctx.HttpContext.Response.Headers.RetryAfter = "60";
                await Results.Problem(title: "Too many requests", detail: "The rate limit for this token is exceeded; retry in a minute.",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(ctx.HttpContext);
            };
        });
        services.Configure<ApiLimitOptions>(configuration.GetSection("Psa:Api"));
    }

    public static void UsePipeline(WebApplication app)
    {
        app.UseExceptionHandler(handler => handler.Run(async context =>
        {
            var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            if (error is DomainException domain)
            {
                await Results.Problem(title: "The request could not be completed", detail: domain.Message,
                    statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
                return;
            }

            await Results.Problem(title: "Something went wrong", statusCode: StatusCodes.Status500InternalServerError).ExecuteAsync(context);
        }));
        app.UseStatusCodePages();
        app.UseMiddleware<TenantResolutionMiddleware>();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapGet("/healthz", HealthCheck.CheckAsync).AllowAnonymous();
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
                return Results.Ok(new { managedBytes = GC.GetTotalMemory(forceFullCollection: false), workingSetBytes = process.WorkingSet64 });
            }).AllowAnonymous();
        }
        app.MapOpenApi().AllowAnonymous();
        app.MapHub<LiveHub>("/hubs/live");
        AccountEndpoints.Map(app);
        PortalEndpoints.Map(app);
        ApiEndpoints.Map(app);
        BillingDocumentEndpoints.Map(app);
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

public sealed class ApiLimitOptions
{
    public int RequestsPerMinute { get; set; } = 120;
}

internal static class HealthCheck
{
    public static async Task<IResult> CheckAsync(DatabaseLocator locator, CancellationToken cancellationToken)
    {
        try
        {
            await using var catalog = locator.CreateCatalog();
            return await catalog.Database.CanConnectAsync(cancellationToken)
                ? Results.Text("ok")
                : Results.Problem(title: "Catalog unreachable", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            return Results.Problem(title: "Catalog unreachable", detail: ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
