using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Clients;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Live;

namespace Psa.Web.Clients;

public sealed record ClientSummary(Guid Id, string Code, string Name, bool IsActive, int Contacts, int Sites, int Projects, string? PrimaryContact);

public sealed record ClientInput(string Code, string Name, decimal TaxRatePercent, decimal? HourlyRate, string? Notes);

/// <summary>What invoices need to reach a client: bill-to address, tax and registration IDs, Peppol participant ID.</summary>
public sealed record ClientInvoicingInput(string? AddressLine, string? City, string? PostalCode, string? CountryCode, string? TaxId, string? LegalId, string? PeppolScheme, string? PeppolId);

/// <summary>Clients (organisations) with their contacts and sites.</summary>
public sealed class ClientService(TenantDbContextFactory databases, WorkspaceLive live, Psa.Web.Audit.AuditTrail audit)
{

    public async Task<IReadOnlyList<ClientSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var clients = await db.Clients.AsNoTracking().Include(c => c.Contacts).Include(c => c.Sites).AsSplitQuery().ToListAsync(cancellationToken);
        var projects = await db.Projects.GroupBy(p => p.ClientId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        return clients.OrderBy(c => c.Name)
            .Select(c => new ClientSummary(c.Id, c.Code, c.Name, c.IsActive, c.Contacts.Count, c.Sites.Count, projects.GetValueOrDefault(c.Id),
                c.Contacts.FirstOrDefault(x => x.IsPrimary)?.Name))
            .ToList();
    }

    public async Task<Client?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        return await db.Clients.AsNoTracking().Include(c => c.Contacts).Include(c => c.Sites).AsSplitQuery().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
    }

    public async Task<Client?> FindByCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var normalized = code.Trim().ToLowerInvariant();
        return await db.Clients.AsNoTracking().Include(c => c.Contacts).Include(c => c.Sites).AsSplitQuery().SingleOrDefaultAsync(c => c.Code == normalized, cancellationToken);
    }

    public async Task<Guid> SaveAsync(Guid? id, ClientInput input, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var code = (input.Code ?? string.Empty).Trim().ToLowerInvariant();
        if (await db.Clients.AnyAsync(c => c.Code == code && c.Id != id, cancellationToken))
        {
            throw new ValidationFailedException([new("Code", $"Another client already has the code {code}.")]);
        }

        Client client;
        if (id is null)
        {
            client = Client.Create(code, input.Name, input.TaxRatePercent / 100m, input.HourlyRate);
            client.Update(code, input.Name, input.TaxRatePercent / 100m, input.HourlyRate, input.Notes);
            db.Clients.Add(client);
        }
        else
        {
            client = await db.Clients.SingleOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw new DomainException("The client does not exist.", "Client");
            client.Update(code, input.Name, input.TaxRatePercent / 100m, input.HourlyRate, input.Notes);
        }

        await db.SaveChangesAsync(cancellationToken);
        live.Publish(LiveTopics.Clients);
        return client.Id;
    }

    public async Task<Guid> AddContactAsync(Guid clientId, string name, string email, string? phone, bool primary, CancellationToken cancellationToken = default, bool billing = false)
    {
        await using var db = databases.Create();
        var client = await db.Clients.Include(c => c.Contacts).SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken) ?? throw new DomainException("The client does not exist.", "Client");
        var contact = client.AddContact(name, email, phone, primary);
        client.SetBillingContact(contact.Id, billing);
        db.Contacts.Add(contact);
        await db.SaveChangesAsync(cancellationToken);
        live.Publish(LiveTopics.Clients);
        return contact.Id;
    }

    public async Task<Guid> AddSiteAsync(Guid clientId, string name, string? address, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var client = await db.Clients.Include(c => c.Sites).SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken) ?? throw new DomainException("The client does not exist.", "Client");
        var site = client.AddSite(name, address);
        db.Sites.Add(site);
        await db.SaveChangesAsync(cancellationToken);
        live.Publish(LiveTopics.Clients);
        return site.Id;
    }

    /// <summary>Updates a contact; a new email moves their portal sign-in with it (password sign-in and company sign-in use the new address).</summary>
    public Task UpdateContactAsync(Guid clientId, Guid contactId, string name, string email, string? phone, bool primary, CancellationToken cancellationToken = default, bool? billing = null) =>
        ChangeAsync(clientId, async (db, client) =>
        {
            client.UpdateContact(contactId, name, email, phone, primary);
            if (billing is { } b)
            {
                client.SetBillingContact(contactId, b);
            }

            await MovePortalSignInAsync(db, client.Contacts.Single(c => c.Id == contactId), cancellationToken);
        }, cancellationToken);

    private async Task MovePortalSignInAsync(TenantDbContext db, Contact contact, CancellationToken cancellationToken)
    {
        if (await db.PortalAccounts.SingleOrDefaultAsync(a => a.ContactId == contact.Id, cancellationToken) is not { } account)
        {
            return;
        }

        var before = account.Email;
        var normalized = contact.Email.Trim().ToLowerInvariant();
        if (normalized != before && await db.PortalAccounts.AnyAsync(a => a.Email == normalized && a.ContactId != contact.Id, cancellationToken))
        {
            throw new DomainException($"{normalized} already has portal access through another contact.", "Email");
        }

        if (account.ChangeEmail(normalized))
        {
            await audit.AddAsync(db, "portal.email-changed", Psa.Infrastructure.Identity.AuditCategory.Portal, $"{contact.Name} (portal sign-in)", before, account.Email);
        }
    }

    public Task SetInvoicingAsync(Guid clientId, ClientInvoicingInput input, CancellationToken cancellationToken = default) =>
        ChangeAsync(clientId, (_, client) => client.SetInvoicing(input.AddressLine, input.City, input.PostalCode, input.CountryCode, input.TaxId, input.LegalId, input.PeppolScheme, input.PeppolId),
            cancellationToken);

    /// <summary>Each contact's client-portal state: "Portal access" once they set a password, "Invited" before.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> PortalStatesAsync(Guid clientId, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var accounts = await db.PortalAccounts.AsNoTracking().Where(a => a.ClientId == clientId).Select(a => new { a.ContactId, HasPassword = a.PasswordHash != null }).ToListAsync(cancellationToken);
        return accounts.ToDictionary(a => a.ContactId, a => a.HasPassword ? "Portal access" : "Invited");
    }

    /// <summary>Removes a contact (and with it their portal access, if they had any).</summary>
    public Task RemoveContactAsync(Guid clientId, Guid contactId, CancellationToken cancellationToken = default) =>
        ChangeAsync(clientId, (db, client) => db.Contacts.Remove(client.RemoveContact(contactId)), cancellationToken);

    public Task UpdateSiteAsync(Guid clientId, Guid siteId, string name, string? address, CancellationToken cancellationToken = default) =>
        ChangeAsync(clientId, (_, client) => client.UpdateSite(siteId, name, address), cancellationToken);

    public Task RemoveSiteAsync(Guid clientId, Guid siteId, CancellationToken cancellationToken = default) =>
        ChangeAsync(clientId, (db, client) => db.Sites.Remove(client.RemoveSite(siteId)), cancellationToken);

    private Task ChangeAsync(Guid clientId, Action<TenantDbContext, Client> change, CancellationToken cancellationToken) =>
        ChangeAsync(clientId, (db, client) =>
        {
            change(db, client);
            return Task.CompletedTask;
        }, cancellationToken);

    private async Task ChangeAsync(Guid clientId, Func<TenantDbContext, Client, Task> change, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var client = await db.Clients.Include(c => c.Contacts).Include(c => c.Sites).AsSplitQuery().SingleOrDefaultAsync(c => c.Id == clientId, cancellationToken)
            ?? throw new DomainException("The client does not exist.", "Client");
        await change(db, client);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        live.Publish(LiveTopics.Clients);
    }
}
