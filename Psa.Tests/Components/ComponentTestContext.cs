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
    /// <param name="app">The class's host (<c>IClassFixture&lt;PsaAppFactory&gt;</c>): each test makes its own workspace with <c>App.NewSlug</c>.</param>
    protected ComponentTestContext(PsaAppFactory app)
    {
        App = app;
        Services.AddMudServices();
        Services.AddSingleton(Tenant);
        AddTheAppsServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    /// <summary>
    /// Registers every service the real host was built from (<see cref="PsaAppFactory.Registrations"/>), so
    /// a page finds exactly what it finds in production and nothing is copied by hand. What bUnit itself
    /// provides (renderer, JS, navigation, authentication when a test adds it) and the test's workspace stay
    /// bUnit's. Singletons are the host's own instances (one live notifier, catalog and scheduler with the
    /// host the test seeds through); scoped and transient services are made in the test's context, so a
    /// test that replaces a dependency (a clock) gets it in every service that uses it.
    /// </summary>
    private void AddTheAppsServices()
    {
        var host = App.Services; // builds the host, which records its registrations
        // As the host itself outside Development: services are made when asked for (Quartz's ADO store parts,
        // unused by the in-memory scheduler, are registered without their dependencies).
        Services.Options = new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = false };
        var bunits = Services.Select(d => d.ServiceType).ToHashSet();
        foreach (var group in App.Registrations.Where(d => !bunits.Contains(d.ServiceType)).GroupBy(d => d.ServiceType))
        {
            var type = group.Key;
            if (type.IsGenericTypeDefinition || group.Any(d => d.IsKeyedService || d.Lifetime != ServiceLifetime.Singleton))
            {
                foreach (var descriptor in group)
                {
                    Services.Add(descriptor);
                }

                continue;
            }

            // Registered as instances, so disposing this context leaves the host's singletons to the host.
            object?[] instances;
            try
            {
                instances = [.. host.GetServices(type)];
            }
            catch (InvalidOperationException)
            {
                continue; // the host cannot make it either (Quartz's ADO store parts), so no page uses it
            }

            foreach (var instance in instances)
            {
                Services.Add(ServiceDescriptor.Singleton(type, instance!));
            }
        }
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

    protected PsaAppFactory App { get; }

    protected TenantContext Tenant { get; } = new();

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
