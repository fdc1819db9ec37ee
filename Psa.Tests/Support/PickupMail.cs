using System.Text;
using System.Text.RegularExpressions;

namespace Psa.Tests.Support;

/// <summary>A message as its recipient gets it: decoded HTML body and attachments.</summary>
public sealed record DeliveredMail(string To, string Subject, string Html, IReadOnlyList<DeliveredAttachment> Attachments);

public sealed record DeliveredAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>
/// Reads the .eml files System.Net.Mail writes to a pickup folder: single-part HTML or multipart/mixed
/// with attachments (base64 or quoted-printable parts). Shared by the integration and browser tests.
/// </summary>
public static partial class PickupMail
{
    public static DeliveredMail Newest(string folder)
    {
        var file = new DirectoryInfo(folder).GetFiles("*.eml")
            .OrderByDescending(f => f.LastWriteTimeUtc).ThenByDescending(f => f.CreationTimeUtc).First();
        return Read(File.ReadAllText(file.FullName));
    }

    public static DeliveredMail Read(string raw)
    {
        var (headers, body) = Split(raw);
        var to = Header(headers, "To");
        var subject = DecodeWords(Header(headers, "Subject"));
        var type = Header(headers, "Content-Type");
        var boundary = Boundary().Match(type);
        if (!boundary.Success)
        {
            return new DeliveredMail(to, subject, Encoding.UTF8.GetString(Decode(headers, body)), []);
        }

        var html = string.Empty;
        var attachments = new List<DeliveredAttachment>();
        foreach (var part in body.Split("--" + boundary.Groups[1].Value).Skip(1))
        {
            if (part.StartsWith("--", StringComparison.Ordinal))
            {
                break;
            }

            var (partHeaders, partBody) = Split(part.TrimStart('\r', '\n'));
            var content = Decode(partHeaders, partBody);
            var partType = Header(partHeaders, "Content-Type");
            var name = FileName().Match(Header(partHeaders, "Content-Disposition") + ";" + partType);
            if (name.Success)
            {
                attachments.Add(new DeliveredAttachment(name.Groups[1].Value, partType.Split(';')[0].Trim(), content));
            }
            else if (partType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
            {
                html = Encoding.UTF8.GetString(content);
            }
        }

        return new DeliveredMail(to, subject, html, attachments);
    }

    private static (string Headers, string Body) Split(string raw)
    {
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return split < 0 ? (raw, string.Empty) : (raw[..split], raw[(split + 4)..]);
    }

    /// <summary>A header's value with folded continuation lines joined.</summary>
    private static string Header(string headers, string name)
    {
        var unfolded = headers.Replace("\r\n ", " ", StringComparison.Ordinal).Replace("\r\n\t", " ", StringComparison.Ordinal);
        foreach (var line in unfolded.Split("\r\n"))
        {
            if (line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            {
                return line[(name.Length + 1)..].Trim();
            }
        }

        return string.Empty;
    }

    private static byte[] Decode(string headers, string body)
    {
        var encoding = Header(headers, "Content-Transfer-Encoding");
        if (encoding.Equals("base64", StringComparison.OrdinalIgnoreCase))
        {
            return Convert.FromBase64String(body.Replace("\r\n", string.Empty, StringComparison.Ordinal).Trim());
        }

        if (encoding.Equals("quoted-printable", StringComparison.OrdinalIgnoreCase))
        {
            var bytes = new List<byte>();
            var text = body.Replace("=\r\n", string.Empty, StringComparison.Ordinal);
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
                {
                    bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                    i += 2;
                }
                else
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
                }
            }

            return bytes.ToArray();
        }

        return Encoding.UTF8.GetBytes(body);
    }

    /// <summary>RFC 2047 encoded words (=?utf-8?B?…?=) as text.</summary>
    private static string DecodeWords(string value) => EncodedWord().Replace(value, m =>
        m.Groups[2].Value.Equals("B", StringComparison.OrdinalIgnoreCase)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[3].Value))
            : Encoding.UTF8.GetString(Decode("Content-Transfer-Encoding: quoted-printable", m.Groups[3].Value.Replace('_', ' '))));

    [GeneratedRegex("boundary=\"?([^\";]+)\"?", RegexOptions.IgnoreCase)]
    private static partial Regex Boundary();

    [GeneratedRegex("(?:file)?name=\"?([^\";]+)\"?", RegexOptions.IgnoreCase)]
    private static partial Regex FileName();

    [GeneratedRegex(@"=\?([^?]+)\?([BQbq])\?([^?]*)\?=\s*")]
    private static partial Regex EncodedWord();
}
