using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Psa.Infrastructure.ServiceDesk;

/// <summary>How the connection to the support mailbox is secured.</summary>
public enum MailboxSecurity
{
    /// <summary>TLS from the first byte (IMAPS, usually port 993).</summary>
    SslOnConnect = 0,
    /// <summary>Plain connection upgraded with STARTTLS (usually port 143); refused when the server cannot.</summary>
    StartTls = 1,
    /// <summary>No encryption: only for a server on the same machine or network.</summary>
    None = 2,
}

/// <summary>
/// The workspace's support mailbox (one row): where mail to tickets is read from over IMAP, and how far
/// reading got (UIDVALIDITY and the last UID handled, so a message is read once). The password is kept
/// only in its Data Protection form and is never shown back.
/// </summary>
public sealed class SupportMailbox
{
    public int Id { get; set; } = 1;

    public bool Enabled { get; set; }

    public string Host { get; set; } = string.Empty;

    public int Port { get; set; } = 993;

    public MailboxSecurity Security { get; set; } = MailboxSecurity.SslOnConnect;

    public string UserName { get; set; } = string.Empty;

    public string ProtectedPassword { get; set; } = string.Empty;

    /// <summary>The address customers write to; mail from it is our own and never opens a ticket.</summary>
    public string Address { get; set; } = string.Empty;

    public string Folder { get; set; } = "INBOX";

    public long UidValidity { get; set; }

    public long LastUid { get; set; }

    public DateTimeOffset? LastPolledUtc { get; set; }

    /// <summary>What the last poll did, or why it failed, for the settings page.</summary>
    public string? LastResult { get; set; }
}

/// <summary>One message read from the support mailbox and what became of it (ticket opened, reply added, ignored and why).</summary>
public sealed class InboundEmail
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>The Message-ID header, or the mailbox's UID when there is none: a message is handled once.</summary>
    public string MessageId { get; set; } = string.Empty;

    public string From { get; set; } = string.Empty;

    public string Subject { get; set; } = string.Empty;

    public DateTimeOffset ReceivedUtc { get; set; }

    public int? TicketNumber { get; set; }

    public string Outcome { get; set; } = string.Empty;
}

internal sealed class SupportMailboxConfiguration : IEntityTypeConfiguration<SupportMailbox>
{
    public void Configure(EntityTypeBuilder<SupportMailbox> e)
    {
        e.Property(m => m.Id).ValueGeneratedNever();
        e.Property(m => m.Host).HasMaxLength(255);
        e.Property(m => m.UserName).HasMaxLength(320);
        e.Property(m => m.ProtectedPassword).HasMaxLength(2000);
        e.Property(m => m.Address).HasMaxLength(320);
        e.Property(m => m.Folder).HasMaxLength(200);
        e.Property(m => m.LastResult).HasMaxLength(1000);
    }
}

internal sealed class InboundEmailConfiguration : IEntityTypeConfiguration<InboundEmail>
{
    public void Configure(EntityTypeBuilder<InboundEmail> e)
    {
        e.HasIndex(m => m.MessageId).IsUnique();
        e.HasIndex(m => m.ReceivedUtc);
        e.Property(m => m.MessageId).HasMaxLength(1000);
        e.Property(m => m.From).HasMaxLength(320);
        e.Property(m => m.Subject).HasMaxLength(1000);
        e.Property(m => m.Outcome).HasMaxLength(1000);
    }
}
