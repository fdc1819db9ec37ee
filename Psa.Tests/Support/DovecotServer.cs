using System.Diagnostics;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Psa.Tests.Support;

/// <summary>
/// A real IMAP server for the mail intake tests: Debian's Dovecot (installed with apt when missing, as
/// the test command installs Chromium) run by <c>scripts/dovecot-instance.sh</c> as a private instance
/// from a config in its own temp folder on a free loopback port, with one passwd-file user whose maildir
/// belongs to uid 65534. Stopped and deleted on dispose.
/// </summary>
public sealed class DovecotServer : IAsyncDisposable
{
    private static readonly SemaphoreSlim Install = new(1, 1);
    private readonly string _folder;

    private DovecotServer(string folder, int port, string user, string password)
    {
        _folder = folder;
        Port = port;
        User = user;
        Password = password;
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    public string User { get; }

    public string Password { get; }

    public static async Task<DovecotServer> StartAsync(string user = "support@msp.test", string password = "Mailbox-Password-1")
    {
        await EnsureInstalledAsync();
        // Directly under the temp root (world-traversable): Dovecot's mail processes run as uid 65534 and must reach the maildir.
        var folder = Path.Combine(Path.GetTempPath(), "psa-dovecot-" + Guid.NewGuid().ToString("N"));
        var (code, output, error) = await RunAsync(Script, "start", folder, user, password);
        if (code != 0 || !int.TryParse(output.Trim(), out var port))
        {
            throw new InvalidOperationException($"Dovecot did not start ({code}): {error}{output}");
        }

        return new DovecotServer(folder, port, user, password);
    }

    /// <summary>Puts a message into the mailbox's inbox the way a mail server delivers it (IMAP APPEND).</summary>
    public async Task AppendAsync(MimeMessage message)
    {
        using var client = new ImapClient();
        await client.ConnectAsync(Host, Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(User, Password);
        await client.Inbox.AppendAsync(message, MessageFlags.None);
        await client.DisconnectAsync(true);
    }

    /// <summary>How many messages of the inbox carry the \Seen flag.</summary>
    public async Task<(int Total, int Seen)> InboxAsync()
    {
        using var client = new ImapClient();
        await client.ConnectAsync(Host, Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(User, Password);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var seen = await client.Inbox.SearchAsync(MailKit.Search.SearchQuery.Seen);
        var total = client.Inbox.Count;
        await client.DisconnectAsync(true);
        return (total, seen.Count);
    }

    public async ValueTask DisposeAsync() => await RunAsync(Script, "stop", _folder);

    private static string Script => Path.Combine(TestIdentityProvider.RepositoryRoot(), "scripts", "dovecot-instance.sh");

    private static async Task EnsureInstalledAsync()
    {
        if (File.Exists("/usr/sbin/dovecot"))
        {
            return;
        }

        await Install.WaitAsync();
        try
        {
            if (File.Exists("/usr/sbin/dovecot"))
            {
                return;
            }

            var sudo = Environment.UserName == "root" ? string.Empty : "sudo ";
            var (code, output, error) = await RunAsync("bash", "-c", $"{sudo}apt-get update -qq && DEBIAN_FRONTEND=noninteractive {sudo}apt-get install -y -qq dovecot-imapd");
            if (code != 0)
            {
                throw new InvalidOperationException($"Could not install dovecot-imapd with apt ({code}): {error}{output}");
            }
        }
        finally
        {
            Install.Release();
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
