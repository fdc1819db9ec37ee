using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Psa.Domain.Clients;
using Psa.Domain.ServiceDesk;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Web.ServiceDesk;
using Psa.Web.TimeTracking;
using Shouldly;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Psa.Tests.ServiceDesk;

/// <summary>
/// Outgoing mail over SMTP with MailKit, against a real SMTP server listening on a free port (the SmtpServer
/// package's protocol implementation: EHLO, AUTH, MAIL, RCPT, DATA): a public reply reaches the contact with
/// the ticket number in its subject, threaded, answering to the support address; the Outbox says it was sent.
/// </summary>
public sealed class SmtpDeliveryTests : IAsyncLifetime
{
    private const string SmtpUser = "desk-relay";
    private const string SmtpPassword = "Relay-Secret-7";

    private readonly PsaAppFactory _app = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Received _received = new();
    private int _port;
    private Task _server = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            _port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.test")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, _port)).AllowUnsecureAuthentication(true).AuthenticationRequired(true))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add((IMessageStore)_received);
        services.Add((IUserAuthenticator)_received);
        _server = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);

        _app.Settings["Psa:Smtp:Host"] = "127.0.0.1";
        _app.Settings["Psa:Smtp:Port"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _app.Settings["Psa:Smtp:EnableSsl"] = "false";
        _app.Settings["Psa:Smtp:UserName"] = SmtpUser;
        _app.Settings["Psa:Smtp:Password"] = SmtpPassword;
        _app.Settings["Psa:Smtp:From"] = "Smtpco Support <desk@smtpco.test>";
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _server;
        }
        catch (OperationCanceledException)
        {
        }

        _app.Dispose();
        _stop.Dispose();
    }

    private async Task<(AsyncServiceScope Scope, int Number, TicketActor Staff)> OpenTicketAsync(string slug)
    {
        var tenant = await _app.CreateTenantAsync(slug);
        var scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        var engineer = await scope.ServiceProvider.GetRequiredService<EngineerDirectory>().ForUserAsync(tenant.OwnerUserId);
        var staff = new TicketActor(engineer.Name, tenant.OwnerUserId, engineer.Id);
        Guid clientId, contactId;
        await using (var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create())
        {
            var client = Client.Create("contoso", "Contoso", 0m);
            contactId = client.AddContact("Alice Contoso", "alice@contoso.test").Id;
            db.Clients.Add(client);
            db.SupportMailboxes.Add(new Psa.Infrastructure.ServiceDesk.SupportMailbox { Address = "help@smtpco.test", Host = "imap.smtpco.test" });
            await db.SaveChangesAsync();
            clientId = client.Id;
        }

        var number = await scope.ServiceProvider.GetRequiredService<TicketService>().CreateAsync(
            new NewTicketInput { ClientId = clientId, ContactId = contactId, Title = "Printer down", Description = "Nothing prints" }, staff);
        return (scope, number, staff);
    }

    [Fact]
    public async Task APublicReply_GoesOverSmtp_ToTheContact_WithTheTicketNumberInTheSubject_AndThreaded()
    {
        var (scope, number, staff) = await OpenTicketAsync("smtpco");
        await using var _ = scope;
        var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();

        await tickets.ReplyAsync(number, MessageKind.InternalNote, "Probably the fuser again", staff);
        await tickets.ReplyAsync(number, MessageKind.PublicReply, "Please switch the printer off and on.", staff);
        await tickets.ReplyAsync(number, MessageKind.PublicReply, "Did that help?", staff);

        _received.Users.ShouldAllBe(u => u == SmtpUser);
        var messages = _received.Messages.ToList();
        messages.Count.ShouldBe(2); // the internal note is never mailed
        var first = messages[0];
        first.To.Mailboxes.Single().Address.ShouldBe("alice@contoso.test");
        first.From.Mailboxes.Single().Address.ShouldBe("desk@smtpco.test");
        first.ReplyTo.Mailboxes.Single().Address.ShouldBe("help@smtpco.test");
        first.Subject.ShouldBe($"[Ticket #{number}] Printer down");
        (first.HtmlBody ?? string.Empty).ShouldContain("Please switch the printer off and on.");
        (first.HtmlBody ?? string.Empty).ShouldNotContain("fuser");
        // Both replies refer to the ticket's one thread root, so the contact's mail client keeps them together.
        first.References.ShouldContain($"ticket-{number}.smtpco@smtpco.test");
        messages[1].References.ShouldBe(first.References);
        messages[1].MessageId.ShouldNotBe(first.MessageId);

        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        var outbox = await db.Outbox.Where(m => m.To == "alice@contoso.test").ToListAsync();
        outbox.Count.ShouldBe(2);
        outbox.ShouldAllBe(m => m.Delivery == "Sent");
    }

    [Fact]
    public async Task ARefusedLogin_IsRecordedAsFailedInTheOutbox_AndTheReplyIsStillKept()
    {
        _app.Settings["Psa:Smtp:Password"] = "not-the-password";
        var (scope, number, staff) = await OpenTicketAsync("smtpfailco");
        await using var _ = scope;

        await scope.ServiceProvider.GetRequiredService<TicketService>().ReplyAsync(number, MessageKind.PublicReply, "On my way", staff);

        _received.Messages.ShouldBeEmpty();
        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        (await db.Outbox.SingleAsync(m => m.To == "alice@contoso.test")).Delivery.ShouldStartWith("Failed: ");
        (await db.TicketMessages.CountAsync(m => m.Body == "On my way")).ShouldBe(1);
    }

    /// <summary>What the SMTP server accepted, parsed back with MimeKit; and who logged in.</summary>
    private sealed class Received : MessageStore, IUserAuthenticator
    {
        public ConcurrentQueue<MimeMessage> Messages { get; } = new();

        public ConcurrentQueue<string> Users { get; } = new();

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }

        public Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken)
        {
            Users.Enqueue(user);
            return Task.FromResult(user == SmtpUser && password == SmtpPassword);
        }
    }
}
