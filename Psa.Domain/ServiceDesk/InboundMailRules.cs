using System.Text;
using System.Text.RegularExpressions;

namespace Psa.Domain.ServiceDesk;

/// <summary>
/// How the support mailbox reads a message: whether it is machine-sent (auto-replies, bulk mail, our own
/// mail coming back — answering those would start a loop), which ticket its subject names, and the
/// new text of a reply without the quoted history below it.
/// </summary>
public static partial class InboundMailRules
{
    /// <summary>Why the message must not open or answer a ticket, or null when a person wrote it.</summary>
    /// <param name="header">The first value of a header, or null when the message has none.</param>
    /// <param name="ownAddresses">The mailbox's own address and the address our mail is sent from.</param>
    public static string? AutomatedReason(Func<string, string?> header, string? fromAddress, IEnumerable<string> ownAddresses)
    {
        if (string.IsNullOrWhiteSpace(fromAddress))
        {
            return "no sender address";
        }

        if (ownAddresses.Any(own => string.Equals(own?.Trim(), fromAddress.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            return "sent from our own address";
        }

        // RFC 3834: anything but "no" means a program sent it.
        if (header("Auto-Submitted") is { } submitted && !submitted.Trim().StartsWith("no", StringComparison.OrdinalIgnoreCase))
        {
            return $"Auto-Submitted: {submitted.Trim()}";
        }

        foreach (var name in new[] { "X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress" })
        {
            if (header(name) is { } value && (name != "X-Auto-Response-Suppress" || value.Contains("All", StringComparison.OrdinalIgnoreCase) || value.Contains("AutoReply", StringComparison.OrdinalIgnoreCase)))
            {
                return $"{name}: {value.Trim()}";
            }
        }

        if (header("Precedence") is { } precedence && precedence.Trim().ToLowerInvariant() is "bulk" or "junk" or "list" or "auto_reply")
        {
            return $"Precedence: {precedence.Trim()}";
        }

        if (header("Return-Path") is { } returnPath && returnPath.Trim() == "<>")
        {
            return "bounce (empty Return-Path)";
        }

        var local = fromAddress.Split('@')[0].ToLowerInvariant();
        return local is "mailer-daemon" or "postmaster" or "noreply" or "no-reply" or "donotreply" ? $"sent by {local}" : null;
    }

    /// <summary>The ticket number in "[Ticket #42] …" (as our replies are sent) or "Re: Ticket #42 …".</summary>
    public static int? TicketNumber(string? subject)
    {
        var match = TicketInSubject().Match(subject ?? string.Empty);
        return match.Success && int.TryParse(match.Groups[1].Value, out var number) && number > 0 ? number : null;
    }

    /// <summary>The subject as a ticket title: reply and forward prefixes removed, never empty, at most <see cref="Ticket.MaxTitle"/>.</summary>
    public static string Title(string? subject)
    {
        var title = ReplyPrefix().Replace(subject ?? string.Empty, string.Empty).Trim();
        title = string.IsNullOrWhiteSpace(title) ? "(no subject)" : title;
        return title.Length > Ticket.MaxTitle ? title[..Ticket.MaxTitle] : title;
    }

    /// <summary>What the sender wrote: the quoted conversation below "On … wrote:" or "-----Original Message-----" and "&gt;" lines are left out.</summary>
    public static string NewText(string? body, int maxLength)
    {
        var text = new StringBuilder();
        foreach (var raw in (body ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.TrimEnd();
            if (QuoteHeader().IsMatch(line))
            {
                break;
            }

            if (!line.StartsWith('>'))
            {
                text.AppendLine(line);
            }
        }

        var result = text.ToString().Trim();
        if (result.Length == 0)
        {
            result = (body ?? string.Empty).Trim();
        }

        return result.Length > maxLength ? result[..maxLength] : result;
    }

    [GeneratedRegex(@"(?:\[\s*|\b)Ticket\s*#\s*(\d{1,9})\b", RegexOptions.IgnoreCase)]
    private static partial Regex TicketInSubject();

    [GeneratedRegex(@"^(?:\s*(?:re|fw|fwd|aw|sv|wg)\s*:\s*)+", RegexOptions.IgnoreCase)]
    private static partial Regex ReplyPrefix();

    [GeneratedRegex(@"^(?:On .{4,200} wrote:|-{2,}\s*Original Message\s*-{2,}|_{10,}|From: .+ Sent: .+)$", RegexOptions.IgnoreCase)]
    private static partial Regex QuoteHeader();
}
