using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Identity;
using Psa.Infrastructure.Email;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Users;

public sealed record StaffMember(string Id, string Name, string Email, string Role, bool IsActive, bool LockedOut, DateTimeOffset? LastSignInUtc);

public sealed record PendingInvitation(Guid Id, string Name, string Email, string Role, string InvitedBy, DateTimeOffset ExpiresUtc);

/// <summary>The workspace's staff: who is in it, who is invited, and what role each holds.</summary>
public sealed class StaffDirectory(
    TenantDbContextFactory databases,
    IServiceProvider services,
    EmailSender email,
    TenantContext tenant,
    TimeProvider time,
    Psa.Web.Audit.AuditTrail audit,
    Psa.Web.Tenancy.WorkspaceLinks links)
{
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);

    public async Task<IReadOnlyList<StaffMember>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var now = time.GetUtcNow();
        var rows = await (from u in db.Users
                          join ur in db.UserRoles on u.Id equals ur.UserId into urs
                          from ur in urs.DefaultIfEmpty()
                          join r in db.Roles on ur.RoleId equals r.Id into rs
                          from r in rs.DefaultIfEmpty()
                          select new { u.Id, u.DisplayName, u.Email, Role = r != null ? r.Name : null, u.IsActive, u.LockoutEnd, u.LastSignInUtc })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.Id)
            .Select(g => g.First() with { Role = string.Join(", ", g.Select(x => x.Role).Where(x => x != null).Order()) })
            .Select(r => new StaffMember(r.Id, r.DisplayName, r.Email ?? string.Empty, r.Role ?? string.Empty, r.IsActive, r.LockoutEnd > now, r.LastSignInUtc))
            .OrderBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
    }

    public async Task<IReadOnlyList<PendingInvitation>> PendingAsync(CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var now = time.GetUtcNow();
        var rows = await db.Invitations.AsNoTracking().Where(i => i.AcceptedUtc == null && i.RevokedUtc == null).ToListAsync(cancellationToken);
        return rows.Where(i => i.ExpiresUtc > now).OrderBy(i => i.Email)
            .Select(i => new PendingInvitation(i.Id, i.DisplayName, i.Email, i.Role, i.InvitedBy, i.ExpiresUtc)).ToList();
    }

    /// <summary>Invites someone by email; the link in the mail lets them choose a password and join.
    /// Only an Owner (<paramref name="actingUserId"/>) may invite an Owner.</summary>
    public async Task InviteAsync(string name, string emailAddress, string role, string invitedBy, Uri workspaceBase, string? actingUserId = null, CancellationToken cancellationToken = default)
    {
        var errors = new List<FieldError>();
        if (role == StaffRoles.Owner && !await IsOwnerAsync(actingUserId))
        {
            errors.Add(new("Role", OnlyOwnersGrantOwner));
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new("Name", "Name is required."));
        }

        if (!TenantProvisioner.IsEmail(emailAddress))
        {
            errors.Add(new("Email", "Email must be a valid email address."));
        }

        if (!StaffRoles.All.Contains(role))
        {
            errors.Add(new("Role", $"Role must be one of {string.Join(", ", StaffRoles.All)}."));
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var normalized = emailAddress.Trim();
        await using var db = databases.Create();
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized.ToUpperInvariant(), cancellationToken))
        {
            throw new ValidationFailedException([new("Email", $"{normalized} already has an account in this workspace.")]);
        }

        var now = time.GetUtcNow();
        foreach (var old in await db.Invitations.Where(i => i.Email == normalized && i.AcceptedUtc == null && i.RevokedUtc == null).ToListAsync(cancellationToken))
        {
            old.RevokedUtc = now;
        }

        var token = SecretTokens.New("inv_");
        db.Invitations.Add(new Invitation
        {
            Email = normalized,
            DisplayName = name.Trim(),
            Role = role,
            TokenHash = SecretTokens.Hash(token),
            InvitedBy = invitedBy,
            CreatedUtc = now,
            ExpiresUtc = now + InvitationLifetime,
        });
        await audit.AddAsync(db, "user.invited", AuditCategory.Users, $"{name.Trim()} <{normalized}>", after: $"role {role}");
        await db.SaveChangesAsync(cancellationToken);

        var link = links.WorkspaceLink(tenant.Required.Slug.Value, "/accept-invitation?token=" + Uri.EscapeDataString(token), workspaceBase);
        await email.SendAsync(normalized, $"You are invited to {tenant.Required.Name} on Psa",
            $"<p>Hello {WebUtility.HtmlEncode(name.Trim())},</p><p>{WebUtility.HtmlEncode(invitedBy)} invited you to join <strong>{WebUtility.HtmlEncode(tenant.Required.Name)}</strong> on Psa as <strong>{WebUtility.HtmlEncode(role)}</strong>.</p><p><a href=\"{link}\">Accept the invitation</a> to choose your password. The link works for 7 days.</p>",
            cancellationToken);
    }

    public async Task<Invitation?> FindInvitationAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var hash = SecretTokens.Hash(token);
        await using var db = databases.Create();
        var invitation = await db.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        return invitation is { AcceptedUtc: null, RevokedUtc: null } && invitation.ExpiresUtc > time.GetUtcNow() ? invitation : null;
    }

    /// <summary>Creates the invited account; returns the new user, or throws with the field at fault.</summary>
    public async Task<StaffUser> AcceptAsync(string token, string name, string password, CancellationToken cancellationToken = default)
    {
        var invitation = await FindInvitationAsync(token, cancellationToken)
            ?? throw new DomainException("This invitation is not valid any more. Ask for a new one.", "token");
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ValidationFailedException([new("Your name", "Your name is required.")]);
        }

        if (PasswordPolicy.Problem(password) is { } problem)
        {
            throw new ValidationFailedException([new("Password", problem)]);
        }

        var db = services.GetRequiredService<TenantDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var userId = await TenantProvisioner.CreateUserAsync(services, name, invitation.Email, password, invitation.Role);
        var row = await db.Invitations.SingleAsync(i => i.Id == invitation.Id, cancellationToken);
        row.AcceptedUtc = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await services.GetRequiredService<UserManager<StaffUser>>().FindByIdAsync(userId))!;
    }

    public async Task RevokeInvitationAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var row = await db.Invitations.SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (row is not null && row.AcceptedUtc is null)
        {
            row.RevokedUtc = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private const string OnlyOwnersGrantOwner = "Only an Owner can make someone an Owner or change an Owner's role.";

    private async Task<bool> IsOwnerAsync(string? userId)
    {
        var users = services.GetRequiredService<UserManager<StaffUser>>();
        return userId is not null && await users.FindByIdAsync(userId) is { IsActive: true } actor && await users.IsInRoleAsync(actor, StaffRoles.Owner);
    }

    public async Task ChangeRoleAsync(string userId, string role, string actingUserId, CancellationToken cancellationToken = default)
    {
        if (!StaffRoles.All.Contains(role))
        {
            throw new DomainException($"Role must be one of {string.Join(", ", StaffRoles.All)}.", "Role");
        }

        var users = services.GetRequiredService<UserManager<StaffUser>>();
        var user = await users.FindByIdAsync(userId) ?? throw new DomainException("No such user.", "User");
        var current = await users.GetRolesAsync(user);
        if ((role == StaffRoles.Owner || current.Contains(StaffRoles.Owner)) && !current.SequenceEqual([role]) && !await IsOwnerAsync(actingUserId))
        {
            throw new DomainException(OnlyOwnersGrantOwner, "Role");
        }

        if (current.Contains(StaffRoles.Owner) && role != StaffRoles.Owner
            && (await users.GetUsersInRoleAsync(StaffRoles.Owner)).Count(u => u.IsActive) <= 1)
        {
            throw new DomainException("The workspace needs at least one owner.", "Role");
        }

        if (userId == actingUserId && !StaffRoles.Administrators.Contains(role))
        {
            throw new DomainException("You cannot remove your own administrator role.", "Role");
        }

        await users.RemoveFromRolesAsync(user, current);
        await users.AddToRoleAsync(user, role);
        await users.UpdateSecurityStampAsync(user);
        if (!current.SequenceEqual([role]))
        {
            await audit.RecordAsync("user.role-changed", AuditCategory.Users, Describe(user), $"role {string.Join(", ", current)}", $"role {role}", cancellationToken: cancellationToken);
        }
    }

    private static string Describe(StaffUser user) => $"{user.DisplayName} <{user.Email}>";

    /// <summary>
    /// Deactivates (or reactivates) a staff member. Deactivation revokes their API tokens at once and
    /// changes their security stamp, so their cookies and open circuits end at the next revalidation
    /// (within a minute).
    /// </summary>
    public async Task SetActiveAsync(string userId, bool active, string actingUserId, CancellationToken cancellationToken = default)
    {
        var users = services.GetRequiredService<UserManager<StaffUser>>();
        var user = await users.FindByIdAsync(userId) ?? throw new DomainException("No such user.", "User");
        if (user.IsActive == active)
        {
            return;
        }

        var owner = await users.IsInRoleAsync(user, StaffRoles.Owner);
        if (!active)
        {
            if (userId == actingUserId)
            {
                throw new DomainException("You cannot deactivate yourself.", "User");
            }

            if (owner && !await IsOwnerAsync(actingUserId))
            {
                throw new DomainException("Only an Owner can deactivate an Owner.", "User");
            }

            if (owner && (await users.GetUsersInRoleAsync(StaffRoles.Owner)).Count(u => u.IsActive) <= 1)
            {
                throw new DomainException("The workspace needs at least one active owner.", "User");
            }
        }

        user.IsActive = active;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        await audit.RecordAsync(active ? "user.reactivated" : "user.deactivated", AuditCategory.Users, Describe(user),
            active ? "inactive" : "active", active ? "active" : "inactive", cancellationToken: cancellationToken);
        if (!active)
        {
            await using var db = databases.Create();
            var now = time.GetUtcNow();
            foreach (var token in await db.ApiTokens.Where(t => t.UserId == userId && t.RevokedUtc == null).ToListAsync(cancellationToken))
            {
                token.RevokedUtc = now;
            }

            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
