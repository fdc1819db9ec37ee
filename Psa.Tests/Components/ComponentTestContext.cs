using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Psa.Infrastructure;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Web.Settings;
using Psa.Web.Tenancy;
using MudBlazor.Services;

namespace Psa.Tests.Components;

/// <summary>bUnit with the application's real services over a real workspace database.</summary>
/// <remarks>MudBlazor's services only dispose asynchronously, so xunit disposes the context through <see cref="IAsyncLifetime"/>.</remarks>
public abstract class ComponentTestContext : BunitContext, IAsyncLifetime
{
    protected ComponentTestContext()
    {
        Services.AddMudServices();
        Services.AddSingleton(App.Service<IOptions<PsaOptions>>());
        Services.AddSingleton(App.Service<DatabaseLocator>());
        Services.AddSingleton(App.Service<LiveNotifier>());
        Services.AddScoped<Psa.Web.Live.WorkspaceLive>();
        Services.AddSingleton(App.Service<LiveLinkStatus>());
        Services.AddSingleton(App.Service<TenantProvisioner>());
        Services.AddSingleton(App.Service<HandoffTokens>());
        Services.AddSingleton(App.Service<WorkspaceLinks>());
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(Tenant);
        Services.AddScoped<TenantDbContextFactory>();
        Services.AddSingleton(App.Service<Psa.Infrastructure.Catalog.TenantDirectory>());
        Services.AddSingleton(App.Service<Psa.Web.Billing.BillingScheduler>());
        Services.AddScoped<WorkspaceSettingsService>();
        Services.AddScoped<Psa.Web.Audit.AuditTrail>();
        Services.AddScoped<Psa.Web.Projects.WorkspaceClock>();
        Services.AddLogging();
        Services.AddScoped<Psa.Infrastructure.Email.EmailSender>();
        Services.AddScoped<Psa.Web.Projects.StaffNotifications>();
        Services.AddScoped<Psa.Web.TimeTracking.EngineerDirectory>();
        Services.AddScoped<Psa.Web.TimeTracking.TimerService>();
        Services.AddScoped<Psa.Web.TimeTracking.TimeEntryService>();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    /// <summary>Renders as in a live circuit (after every service has been added).</summary>
    protected IRenderedComponent<T> RenderInteractive<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null)
        where T : Microsoft.AspNetCore.Components.IComponent
    {
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return parameters is null ? Render<T>() : Render<T>(parameters);
    }

    /// <summary>Generous: the whole suite runs in parallel on two cores.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    protected PsaAppFactory App { get; } = new();

    protected TenantContext Tenant { get; } = new();

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await App.DisposeAsync();
    }
}
