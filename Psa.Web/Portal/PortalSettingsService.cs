using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Clients;
using Psa.Domain.Portal;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Audit;

namespace Psa.Web.Portal;

/// <summary>The portal options and, per client, who may sign in and with which company sign-in.</summary>
public sealed record PortalOptions(bool ShowsBudget, bool InvoiceMilestoneOnSignOff);

/// <summary>A client's contacts, their portal accounts and the client's company sign-in, if any.</summary>
public sealed record ClientPortalAccess(IReadOnlyList<Contact> Contacts, IReadOnlyList<PortalAccount> Accounts, ClientSso? Sso);

/// <summary>What a person typed for a client's company sign-in; an empty secret keeps the stored one.</summary>
public sealed record ClientSsoInput(string Authority, string OidcClientId, string? Secret, string AllowedEmailDomains,
    string EmailClaim, string NameClaim, string EmailVerifiedClaim, bool Enabled);

/// <summary>The Client portal settings page's reads and writes (<c>/settings/portal</c>).</summary>
public sealed class PortalSettingsService(TenantDbContextFactory databases, PortalSso sso, SsoAuthorityGuard guard, AuditTrail audit)
{
    public async Task<PortalOptions> OptionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var settings = await db.Settings.AsNoTracking().SingleAsync(cancellationToken);
        return new PortalOptions(settings.PortalShowsBudget, settings.InvoiceMilestoneOnSignOff);
    }

    public async Task SaveOptionsAsync(PortalOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var db = databases.Create();
        var settings = await db.Settings.SingleAsync(cancellationToken);
        settings.PortalShowsBudget = options.ShowsBudget;
        settings.InvoiceMilestoneOnSignOff = options.InvoiceMilestoneOnSignOff;
        await audit.AddChangesAsync(db, settings, "settings.portal-changed", AuditCategory.Settings, "Portal options");
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<List<Client>> ActiveClientsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        return await db.Clients.AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.Name).ToListAsync(cancellationToken);
    }

    public async Task<ClientPortalAccess> AccessAsync(Guid clientId, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var contacts = await db.Contacts.AsNoTracking().Where(c => c.ClientId == clientId).OrderBy(c => c.Name).ToListAsync(cancellationToken);
        var accounts = await db.PortalAccounts.AsNoTracking().Where(a => a.ClientId == clientId).ToListAsync(cancellationToken);
        var config = await db.ClientSso.AsNoTracking().SingleOrDefaultAsync(s => s.ClientId == clientId, cancellationToken);
        return new ClientPortalAccess(contacts, accounts, config);
    }

    /// <summary>Sets up or changes the client's company sign-in; the secret is stored encrypted and never audited.</summary>
    public async Task SaveSsoAsync(Guid clientId, ClientSsoInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (guard.Problem(input.Authority) is { } authorityProblem)
        {
            throw new DomainException(authorityProblem, "Authority");
        }

        await using var db = databases.Create();
        var client = await db.Clients.AsNoTracking().Where(c => c.Id == clientId).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken)
            ?? throw new DomainException("The client does not exist.", "Client");

        var config = await db.ClientSso.SingleOrDefaultAsync(s => s.ClientId == clientId, cancellationToken);
        var before = config is null ? null : Describe(config);
        if (config is null)
        {
            config = ClientSso.Create(clientId);
            db.ClientSso.Add(config);
        }

        var newSecret = !string.IsNullOrEmpty(input.Secret);
        config.Configure(input.Authority, input.OidcClientId, newSecret ? sso.ProtectSecret(input.Secret!) : null, input.AllowedEmailDomains,
            input.EmailClaim, input.NameClaim, input.Enabled, input.EmailVerifiedClaim);
        await audit.AddAsync(db, "portal.sso-configured", AuditCategory.Portal, $"Company sign-in of {client}",
            before, Describe(config) + (newSecret ? "; client secret replaced" : string.Empty));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string Describe(ClientSso config) =>
        $"Authority: {config.Authority}; client ID: {config.OidcClientId}; domains: {config.AllowedEmailDomains}; {(config.Enabled ? "enabled" : "disabled")}";
}
