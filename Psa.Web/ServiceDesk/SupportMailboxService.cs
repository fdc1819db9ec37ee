using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Infrastructure.ServiceDesk;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.ServiceDesk;

/// <summary>The support mailbox as the settings page shows it: everything but the password, of which only its existence is told.</summary>
public sealed record SupportMailboxView(bool Enabled, string Host, int Port, MailboxSecurity Security, string UserName, bool HasPassword, string Address, string Folder,
    DateTimeOffset? LastPolledUtc, string? LastResult);

public sealed record SupportMailboxInput(bool Enabled, string? Host, int Port, MailboxSecurity Security, string? UserName, string? Password, string? Address, string? Folder);

/// <summary>A message read from the mailbox, as the settings page lists them.</summary>
public sealed record InboundEmailView(DateTimeOffset ReceivedUtc, string From, string Subject, int? TicketNumber, string Outcome);

/// <summary>Reads and saves the workspace's support mailbox; the password is stored protected by Data Protection and never read back out.</summary>
public sealed class SupportMailboxService(TenantDbContextFactory databases, IDataProtectionProvider protection)
{
    private readonly IDataProtector _passwords = protection.CreateProtector("Psa.ServiceDesk.SupportMailbox.Password");

    public async Task<SupportMailboxView> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var m = await db.SupportMailboxes.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? new SupportMailbox();
        return new SupportMailboxView(m.Enabled, m.Host, m.Port, m.Security, m.UserName, m.ProtectedPassword.Length > 0, m.Address, m.Folder, m.LastPolledUtc, m.LastResult);
    }

    /// <summary>An empty password keeps the saved one.</summary>
    public async Task SaveAsync(SupportMailboxInput input, CancellationToken cancellationToken = default)
    {
        var host = (input.Host ?? string.Empty).Trim();
        var user = (input.UserName ?? string.Empty).Trim();
        var address = (input.Address ?? string.Empty).Trim();
        var folder = string.IsNullOrWhiteSpace(input.Folder) ? "INBOX" : input.Folder.Trim();
        var errors = new List<FieldError>();
        if (host.Length > 255 || (input.Enabled && host.Length == 0) || host.Contains(' ', StringComparison.Ordinal))
        {
            errors.Add(new FieldError("IMAP server", "IMAP server is required: a host name such as imap.example.com."));
        }

        if (input.Port is < 1 or > 65535)
        {
            errors.Add(new FieldError("Port", "Port must be between 1 and 65535."));
        }

        if (user.Length > 320 || (input.Enabled && user.Length == 0))
        {
            errors.Add(new FieldError("User name", "User name is required."));
        }

        if (address.Length > 320 || (address.Length > 0 && !System.Net.Mail.MailAddress.TryCreate(address, out _)) || (input.Enabled && address.Length == 0))
        {
            errors.Add(new FieldError("Support address", "Support address must be an email address (the one clients write to)."));
        }

        if (folder.Length > 200)
        {
            errors.Add(new FieldError("Folder", "Folder is at most 200 characters."));
        }

        await using var db = databases.Create();
        var mailbox = await db.SupportMailboxes.SingleOrDefaultAsync(cancellationToken);
        if (mailbox is null)
        {
            mailbox = new SupportMailbox();
            db.SupportMailboxes.Add(mailbox);
        }

        if (input.Enabled && string.IsNullOrEmpty(input.Password) && mailbox.ProtectedPassword.Length == 0)
        {
            errors.Add(new FieldError("Password", "Password is required."));
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        if (!string.Equals(mailbox.Host, host, StringComparison.OrdinalIgnoreCase) || mailbox.UserName != user || mailbox.Folder != folder)
        {
            // Another mailbox: its UIDs mean nothing to the one read so far.
            (mailbox.UidValidity, mailbox.LastUid) = (0, 0);
        }

        (mailbox.Enabled, mailbox.Host, mailbox.Port, mailbox.Security, mailbox.UserName, mailbox.Address, mailbox.Folder) =
            (input.Enabled, host, input.Port, input.Security, user, address, folder);
        if (!string.IsNullOrEmpty(input.Password))
        {
            mailbox.ProtectedPassword = _passwords.Protect(input.Password);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<InboundEmailView>> RecentAsync(int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        return await db.InboundEmails.AsNoTracking().OrderByDescending(m => m.ReceivedUtc).Take(take)
            .Select(m => new InboundEmailView(m.ReceivedUtc, m.From, m.Subject, m.TicketNumber, m.Outcome)).ToListAsync(cancellationToken);
    }

    internal string Password(SupportMailbox mailbox) => mailbox.ProtectedPassword.Length == 0 ? string.Empty : _passwords.Unprotect(mailbox.ProtectedPassword);
}
