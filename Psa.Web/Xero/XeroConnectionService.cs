using System.Collections.Concurrent;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Psa.Domain;
using Psa.Domain.Accounting;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Live;

namespace Psa.Web.Xero;

public sealed record XeroConnectionView(XeroConnectionStatus Status, string? OrganisationName, IReadOnlyList<XeroOrganisation> Choices, DateTimeOffset? ConnectedUtc,
    string? ConnectedBy, string? LastError, int? DayLimitRemaining, bool Configured);

/// <summary>
/// The workspace's Xero connection: authorise (code + PKCE), choose the organisation, keep the tokens
/// encrypted and fresh, and disconnect (revoking them at Xero).
/// </summary>
public sealed class XeroConnectionService(TenantDbContextFactory factory, TenantContext tenant, XeroIdentityClient identity, IDataProtectionProvider protection,
    IOptions<XeroOptions> options, TimeProvider time, WorkspaceLive live)
{

    /// <summary>Refresh this long before the access token expires, so no call meets an expired one.</summary>
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    // Xero's refresh tokens are single use: two refreshes at once would lock the workspace out.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> RefreshLocks = new(StringComparer.Ordinal);

    private IDataProtector Protector => protection.CreateProtector("Psa.Xero.Tokens.v1", tenant.Required.Slug.Value);

    public async Task<XeroConnectionView> GetAsync(CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var c = await db.XeroConnections.AsNoTracking().SingleOrDefaultAsync(ct) ?? new XeroConnection();
        return new XeroConnectionView(c.Status, c.OrganisationName, ParseChoices(c.OrganisationChoices), c.ConnectedUtc, c.ConnectedBy, c.LastError, c.DayLimitRemaining,
            options.Value.IsConfigured);
    }

    /// <summary>Exchanges the code for tokens and reads which organisations the person allowed.</summary>
    public async Task CompleteAuthorizationAsync(string code, string redirectUri, string verifier, string user, CancellationToken ct = default)
    {
        var tokens = await identity.ExchangeCodeAsync(code, redirectUri, verifier, ct);
        var organisations = await identity.ConnectionsAsync(tokens.AccessToken, ct);
        if (organisations.Count == 0)
        {
            throw new DomainException("Xero gave access to no organisation. Connect again and choose one.", "Organisation");
        }

        await using var db = factory.Create();
        var connection = await LoadAsync(db, ct);
        Store(connection, tokens);
        connection.ConnectedBy = user;
        connection.LastError = null;
        connection.PulledThroughUtc = null;
        if (organisations.Count == 1)
        {
            Choose(connection, organisations[0]);
        }
        else
        {
            connection.Status = XeroConnectionStatus.ChoosingOrganisation;
            connection.OrganisationChoices = string.Join('\n', organisations.Select(o => $"{o.TenantId}|{o.Name}"));
        }

        await db.SaveChangesAsync(ct);
        Publish();
    }

    public async Task ChooseOrganisationAsync(Guid tenantId, CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var connection = await LoadAsync(db, ct);
        var choice = ParseChoices(connection.OrganisationChoices).FirstOrDefault(o => o.TenantId == tenantId)
            ?? throw new DomainException("Choose one of the organisations Xero offered.", "Organisation");
        Choose(connection, choice);
        await db.SaveChangesAsync(ct);
        Publish();
    }

    /// <summary>Revokes the tokens at Xero and forgets them; links and pulled documents stay for the record.</summary>
    public async Task DisconnectAsync(CancellationToken ct = default)
    {
        await using var db = factory.Create();
        var connection = await LoadAsync(db, ct);
        if (connection.ProtectedRefreshToken is { } refresh)
        {
            try
            {
                if (connection.XeroTenantId is { } tenantId && connection.ProtectedAccessToken is { } access && connection.AccessTokenExpiresUtc > time.GetUtcNow())
                {
                    await identity.DeleteConnectionAsync(Protector.Unprotect(access), tenantId, ct);
                }

                await identity.RevokeAsync(Protector.Unprotect(refresh), ct);
            }
            catch (Exception ex) when (ex is HttpRequestException or System.Security.Cryptography.CryptographicException)
            {
                // Forgetting the tokens is what matters; Xero lets them lapse on its own.
            }
        }

        connection.Status = XeroConnectionStatus.NotConnected;
        connection.ProtectedAccessToken = null;
        connection.ProtectedRefreshToken = null;
        connection.AccessTokenExpiresUtc = null;
        connection.OrganisationChoices = null;
        connection.XeroTenantId = null;
        connection.OrganisationName = null;
        connection.LastError = null;
        await db.SaveChangesAsync(ct);
        Publish();
    }

    /// <summary>
    /// A call context with a fresh access token, refreshing it first when it is about to expire. A refused
    /// refresh puts the connection in the "Reconnect" state and throws <see cref="XeroReconnectNeededException"/>.
    /// </summary>
    public async Task<XeroCallContext> OpenAsync(bool forceRefresh = false, CancellationToken ct = default)
    {
        var gate = RefreshLocks.GetOrAdd(tenant.Required.Slug.Value, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            await using var db = factory.Create();
            var connection = await LoadAsync(db, ct);
            if (connection.Status == XeroConnectionStatus.ReconnectNeeded)
            {
                throw new XeroReconnectNeededException(connection.LastError ?? "Connect to Xero again.");
            }

            if (!connection.IsUsable || connection.ProtectedRefreshToken is null || connection.ProtectedAccessToken is null)
            {
                throw new DomainException("This workspace is not connected to Xero.", "Xero");
            }

            if (forceRefresh || connection.AccessTokenExpiresUtc is not { } expires || expires - RefreshMargin <= time.GetUtcNow())
            {
                try
                {
                    Store(connection, await identity.RefreshAsync(Protector.Unprotect(connection.ProtectedRefreshToken), ct));
                }
                catch (XeroReconnectNeededException ex)
                {
                    connection.Status = XeroConnectionStatus.ReconnectNeeded;
                    connection.LastError = ex.Message + " Reconnect to Xero.";
                    await db.SaveChangesAsync(ct);
                    Publish();
                    throw;
                }

                await db.SaveChangesAsync(ct);
            }

            return new XeroCallContext(Protector.Unprotect(connection.ProtectedAccessToken), connection.XeroTenantId!.Value);
        }
        finally
        {
            gate.Release();
        }
    }

    private void Store(XeroConnection connection, XeroTokens tokens)
    {
        connection.ProtectedAccessToken = Protector.Protect(tokens.AccessToken);
        connection.ProtectedRefreshToken = Protector.Protect(tokens.RefreshToken);
        connection.AccessTokenExpiresUtc = tokens.ExpiresUtc;
    }

    private void Choose(XeroConnection connection, XeroOrganisation organisation)
    {
        if (connection.XeroTenantId != organisation.TenantId)
        {
            connection.PulledThroughUtc = null;
        }

        connection.XeroTenantId = organisation.TenantId;
        connection.OrganisationName = organisation.Name;
        connection.OrganisationChoices = null;
        connection.Status = XeroConnectionStatus.Connected;
        connection.ConnectedUtc = time.GetUtcNow();
    }

    private static async Task<XeroConnection> LoadAsync(TenantDbContext db, CancellationToken ct)
    {
        var connection = await db.XeroConnections.SingleOrDefaultAsync(ct);
        if (connection is null)
        {
            connection = new XeroConnection();
            db.XeroConnections.Add(connection);
        }

        return connection;
    }

    private static List<XeroOrganisation> ParseChoices(string? text) =>
        (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('|', 2))
            .Where(p => p.Length == 2 && Guid.TryParse(p[0], out _)).Select(p => new XeroOrganisation(Guid.Parse(p[0]), p[1])).ToList();

    private void Publish() => live.Publish(LiveTopics.Xero);
}
