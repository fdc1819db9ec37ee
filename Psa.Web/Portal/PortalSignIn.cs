using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Clients;
using Psa.Domain.Identity;
using Psa.Domain.Portal;
using Psa.Infrastructure.Email;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Auth;

namespace Psa.Web.Portal;

/// <summary>Local portal accounts for client contacts: invitation, password, lockout, and the session cookie.</summary>
public sealed class PortalSignIn(
    TenantDbContextFactory databases,
    TenantContext tenant,
    EmailSender email,
    TimeProvider time,
    Psa.Web.Audit.AuditTrail audit,
    Psa.Web.Tenancy.WorkspaceLinks links)
{
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);
    private static readonly PasswordHasher<PortalAccount> Hasher = new();

    /// <summary>Invites a contact to the portal by email; returns the link that was sent.</summary>
    public async Task<Uri> InviteAsync(Guid contactId, Uri workspaceBase, string invitedBy, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var contact = await db.Contacts.SingleOrDefaultAsync(c => c.Id == contactId, cancellationToken)
            ?? throw new DomainException("No such contact.", "Contact");
        var client = await db.Clients.SingleAsync(c => c.Id == contact.ClientId, cancellationToken);
        if (await db.PortalAccounts.AnyAsync(a => a.Email == contact.Email && a.ContactId != contact.Id, cancellationToken))
        {
            throw new DomainException($"{contact.Email} already has portal access through another contact.", "Email");
        }

        var account = await db.PortalAccounts.SingleOrDefaultAsync(a => a.ContactId == contact.Id, cancellationToken);
        if (account is null)
        {
            account = PortalAccount.For(contact.Id, contact.ClientId, contact.Email);
            db.PortalAccounts.Add(account);
        }

        var token = SecretTokens.New("pinv_");
        var wasActive = account.IsActive && account.PasswordHash is not null;
        account.Invite(SecretTokens.Hash(token), time.GetUtcNow() + InvitationLifetime);
        await audit.AddAsync(db, "portal.invited", AuditCategory.Portal, Describe(contact, client.Name), wasActive ? "portal access" : "no portal access", "invited");
        await db.SaveChangesAsync(cancellationToken);

        var link = links.WorkspaceLink(tenant.Required.Slug.Value, "/portal/accept-invitation?token=" + Uri.EscapeDataString(token), workspaceBase);
        await email.SendAsync(contact.Email, $"Your {tenant.Required.Name} client portal",
            $"<p>Hello {WebUtility.HtmlEncode(contact.Name)},</p><p>{WebUtility.HtmlEncode(invitedBy)} at {WebUtility.HtmlEncode(tenant.Required.Name)} invited you to the client portal for <strong>{WebUtility.HtmlEncode(client.Name)}</strong>, where you can follow your projects live, sign off phases and see invoices.</p><p><a href=\"{link}\">Set your password</a> (the link works for 7 days).</p>",
            cancellationToken);
        return link;
    }

    /// <summary>Withdraws a contact's portal access: their sessions end at their next request, and an invitation brings it back.</summary>
    public async Task WithdrawAsync(Guid contactId, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var account = await db.PortalAccounts.SingleOrDefaultAsync(a => a.ContactId == contactId, cancellationToken)
            ?? throw new DomainException("This contact has no portal access.", "Contact");
        var contact = await db.Contacts.AsNoTracking().SingleAsync(c => c.Id == contactId, cancellationToken);
        if (account.IsActive)
        {
            await audit.AddAsync(db, "portal.withdrawn", AuditCategory.Portal, Describe(contact, null), "portal access", "withdrawn");
        }

        account.Deactivate();
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string Describe(Contact contact, string? clientName) =>
        clientName is null ? $"{contact.Name} <{contact.Email}>" : $"{contact.Name} <{contact.Email}> of {clientName}";

    public async Task<(PortalAccount Account, Contact Contact)?> FindInvitationAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var hash = SecretTokens.Hash(token);
        await using var db = databases.Create();
        var account = await db.PortalAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.InvitationTokenHash == hash, cancellationToken);
        if (account is null || !account.InvitationValid(time.GetUtcNow()))
        {
            return null;
        }

        var contact = await db.Contacts.AsNoTracking().SingleAsync(c => c.Id == account.ContactId, cancellationToken);
        return (account, contact);
    }

    public async Task<ClaimsPrincipal> AcceptInvitationAsync(string token, string password, CancellationToken cancellationToken = default)
    {
        if (PasswordPolicy.Problem(password) is { } problem)
        {
            throw new DomainException(problem, "Password");
        }

        var hash = SecretTokens.Hash(token ?? string.Empty);
        await using var db = databases.Create();
        var account = await db.PortalAccounts.SingleOrDefaultAsync(a => a.InvitationTokenHash == hash, cancellationToken);
        if (account is null || !account.InvitationValid(time.GetUtcNow()))
        {
            throw new DomainException("This invitation is not valid any more. Ask for a new one.", "token");
        }

        account.SetPassword(Hasher.HashPassword(account, password));
        account.RecordSignIn(time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return await PrincipalAsync(db, account, "password", cancellationToken);
    }

    /// <summary>Checks a local sign-in; locks the account after repeated failures.</summary>
    public async Task<(ClaimsPrincipal? Principal, string? Problem)> PasswordSignInAsync(string emailAddress, string password, CancellationToken cancellationToken = default)
    {
        const string Invalid = "Email or password is incorrect.";
        var normalized = (emailAddress ?? string.Empty).Trim().ToLowerInvariant();
        await using var db = databases.Create();
        var account = await db.PortalAccounts.SingleOrDefaultAsync(a => a.Email == normalized, cancellationToken);
        var now = time.GetUtcNow();
        if (account is null || !account.IsActive || account.PasswordHash is null)
        {
            await audit.RecordAsync("portal.sign-in-failed", AuditCategory.SignIn, $"Portal sign-in as {normalized}", after: "unknown or inactive account",
                actor: Anonymous(normalized), cancellationToken: cancellationToken);
            return (null, Invalid);
        }

        if (account.IsLocked(now))
        {
            return (null, "This account is locked after repeated failed sign-ins. Try again in 15 minutes.");
        }

        if (Hasher.VerifyHashedPassword(account, account.PasswordHash, password ?? string.Empty) == PasswordVerificationResult.Failed)
        {
            account.RecordFailure(now);
            await audit.AddAsync(db, "portal.sign-in-failed", AuditCategory.SignIn, $"Portal sign-in as {normalized}",
                after: account.IsLocked(now) ? "wrong password; account locked for 15 minutes" : "wrong password", actor: Anonymous(normalized));
            await db.SaveChangesAsync(cancellationToken);
            return (null, Invalid);
        }

        account.RecordSignIn(now);
        await audit.AddAsync(db, "portal.signed-in", AuditCategory.SignIn, $"Portal sign-in as {normalized}", after: "password",
            actor: new Psa.Web.Audit.AuditActor("contact:" + account.ContactId, normalized, audit.RequestAddress));
        await db.SaveChangesAsync(cancellationToken);
        return (await PrincipalAsync(db, account, "password", cancellationToken), null);
    }

    private Psa.Web.Audit.AuditActor Anonymous(string typedEmail) =>
        new("anonymous", "Anonymous (" + typedEmail + ")", audit.RequestAddress);

    internal async Task<ClaimsPrincipal> PrincipalAsync(TenantDbContext db, PortalAccount account, string method, CancellationToken cancellationToken)
    {
        var contact = await db.Contacts.AsNoTracking().SingleAsync(c => c.Id == account.ContactId, cancellationToken);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, account.Id.ToString()),
            new Claim(ClaimTypes.Name, contact.Email),
            new Claim(ClaimTypes.Email, contact.Email),
            new Claim(PsaClaims.DisplayName, contact.Name),
            new Claim(PsaClaims.Contact, contact.Id.ToString()),
            new Claim(PsaClaims.PortalAccount, account.Id.ToString()),
            new Claim(PsaClaims.PortalClient, account.ClientId.ToString()),
            new Claim(PsaClaims.PortalTenant, tenant.Required.Slug.Value),
            new Claim(PsaClaims.PortalMethod, method),
        ], PsaSchemes.Portal);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>
    /// A portal cookie is only good on the workspace that issued it, and only while its account is
    /// active: a contact removed by the MSP loses access at their next request.
    /// </summary>
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var tenant = context.HttpContext.RequestServices.GetRequiredService<TenantContext>();
        var claimed = context.Principal?.FindFirstValue(PsaClaims.PortalTenant);
        var accountId = Guid.TryParse(context.Principal?.FindFirstValue(PsaClaims.PortalAccount), out var id) ? id : Guid.Empty;
        var valid = tenant.IsSet && claimed == tenant.Required.Slug.Value;
        if (valid)
        {
            await using var db = context.HttpContext.RequestServices.GetRequiredService<TenantDbContextFactory>().Create();
            valid = await db.PortalAccounts.AnyAsync(a => a.Id == accountId && a.IsActive);
        }

        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(PsaSchemes.Portal);
        }
    }
}
