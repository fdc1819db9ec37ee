using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Psa.Domain.Tenancy;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Auth;

namespace Psa.Web.Live;

/// <summary>
/// The hub connections open on this node, re-checked like circuits every
/// <see cref="SessionRevalidationOptions.RevalidateEvery"/>: a connection of a suspended workspace, a
/// deactivated member or a withdrawn contact is closed, not left listening.
/// </summary>
public sealed class LiveConnections(
    TenantDirectory directory,
    TenantScopeFactory scopes,
    IOptions<SessionRevalidationOptions> options,
    ILogger<LiveConnections> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, (HubCallerContext Context, TenantSlug Tenant)> _open = new(StringComparer.Ordinal);

    public void Opened(HubCallerContext context, TenantSlug tenant) => _open[context.ConnectionId] = (context, tenant);

    public void Closed(string connectionId) => _open.TryRemove(connectionId, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RevalidateEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var group in _open.Values.GroupBy(c => c.Tenant))
            {
                try
                {
                    await RevalidateAsync(group.Key, group.Select(c => c.Context).ToList(), stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not revalidate the live connections of {Tenant}", group.Key.Value);
                }
            }
        }
    }

    private async Task RevalidateAsync(TenantSlug slug, IReadOnlyList<HubCallerContext> connections, CancellationToken cancellationToken)
    {
        if (await directory.FindAsync(slug, cancellationToken) is not { Status: TenantStatus.Active } tenant)
        {
            foreach (var connection in connections)
            {
                connection.Abort();
            }

            return;
        }

        await using var scope = scopes.Open(tenant);
        var sessions = scope.ServiceProvider.GetRequiredService<SessionRevalidation>();
        foreach (var connection in connections)
        {
            if (!await sessions.IsStillAllowedAsync(connection.User ?? new ClaimsPrincipal(), cancellationToken))
            {
                connection.Abort();
            }
        }
    }
}
