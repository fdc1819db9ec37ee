using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Psa.Domain.Clients;
using Psa.Domain;
using Psa.Domain.ServiceDesk;
using Psa.Infrastructure.ServiceDesk;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Tests.TimeTracking;
using Psa.Web.ServiceDesk;
using Psa.Web.TimeTracking;
using Quartz;
using Shouldly;

namespace Psa.Tests.ServiceDesk;

/// <summary>Email to ticket against a real Dovecot IMAP server started for each test.</summary>
public sealed class MailIntakeTests(ClockedAppFactory app) : IAsyncLifetime, IClassFixture<ClockedAppFactory>
{
    private const string SupportAddress = "help@msp.test";
    private readonly TestClock _clock = app.ClockAt(new DateTimeOffset(2026, 11, 17, 9, 0, 0, TimeSpan.Zero));
    private readonly PsaAppFactory _app = app;
    private readonly string _mailcoSlug = app.NewSlug("mailco");
    private DovecotServer _imap = null!;
    private ProvisionResult _tenant = null!;
    private AsyncServiceScope _scope;
    private Guid _clientId;
    private Guid _contactId;

    public async Task InitializeAsync()
    {
        _imap = await DovecotServer.StartAsync();
        _tenant = await _app.CreateTenantAsync(_mailcoSlug);
        _scope = _app.Service<TenantScopeFactory>().Open(_tenant.Tenant);
        await using (var db = Get<TenantDbContextFactory>().Create())
        {
            var client = Client.Create("contoso", "Contoso", 0m);
            var contact = client.AddContact("Alice Contoso", "alice@contoso.test");
            db.Add(client);
            await db.SaveChangesAsync();
            (_clientId, _contactId) = (client.Id, contact.Id);
        }

        // The minutely trigger stays out of the way; each test polls when it means to (one runs the job itself).
        await (await SchedulerTesting.RunningSchedulerAsync(_app.Service<ISchedulerFactory>())).PauseTrigger(MailIntakeJob.Minutely);
        await Get<SupportMailboxService>().SaveAsync(new SupportMailboxInput(true, _imap.Host, _imap.Port, MailboxSecurity.None, _imap.User, _imap.Password, SupportAddress, null));
    }

    public async Task DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _imap.DisposeAsync();
    }

    private T Get<T>() where T : notnull => _scope.ServiceProvider.GetRequiredService<T>();

    private async Task AppendMailAsync(string from, string subject, string body, params (string Name, byte[] Bytes)[] files)
    {
        using var message = Mail(from, subject, body, files);
        await _imap.AppendAsync(message);
    }

    private static MimeMessage Mail(string from, string subject, string body, params (string Name, byte[] Bytes)[] files)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(SupportAddress));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("sender.test");
        var builder = new BodyBuilder { TextBody = body };
        foreach (var (name, bytes) in files)
        {
            builder.Attachments.Add(name, bytes);
        }

        message.Body = builder.ToMessageBody();
        return message;
    }

    [Fact]
    public async Task MailFromAKnownContact_OpensATicketForTheirClient_KeepsAllowedAttachments_AndIsReadOnce()
    {
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4 error log");
        await AppendMailAsync("Alice Contoso <alice@contoso.test>", "Scanner on floor 3 jams", "It jams on every page.\nThanks, Alice",
            ("scan-log.pdf", pdf), ("fix.exe", [1, 2, 3]));

        var result = await Get<MailIntake>().PollAsync();

        result.ShouldSatisfyAllConditions(r => r.Read.ShouldBe(1), r => r.Opened.ShouldBe(1), r => r.Ignored.ShouldBe(0),
            r => r.Summary.ShouldBe("Read 1 message: 1 ticket opened, 0 replies added, 0 ignored."));
        var ticket = (await Get<TicketService>().GetAsync(1))!;
        ticket.ShouldSatisfyAllConditions(
            t => t.Title.ShouldBe("Scanner on floor 3 jams"),
            t => t.Description.ShouldBe("It jams on every page.\nThanks, Alice"),
            t => t.ClientId.ShouldBe(_clientId),
            t => t.ContactId.ShouldBe(_contactId),
            t => t.Source.ShouldBe(TicketSource.Email),
            t => t.BoardName.ShouldBe(DeskDefaults.MainBoard),
            t => t.Attachments.Single().FileName.ShouldBe("scan-log.pdf"),
            t => t.Messages.Single(m => m.Kind == MessageKind.InternalNote).Body.ShouldContain("“fix.exe” is not a type you can attach"));
        var (attachment, content) = (await Get<TicketService>().OpenAttachmentAsync(ticket.Attachments.Single().Id))!.Value;
        await using (content)
        {
            using var copy = new MemoryStream();
            await content.CopyToAsync(copy);
            copy.ToArray().ShouldBe(pdf);
            attachment.ContentType.ShouldBe("application/pdf");
        }

        (await _imap.InboxAsync()).ShouldBe((1, 1));
        (await Get<MailIntake>().PollAsync()).Read.ShouldBe(0);
        await using var db = Get<TenantDbContextFactory>().Create();
        (await db.Tickets.CountAsync()).ShouldBe(1);
        var read = await db.InboundEmails.SingleAsync();
        (read.From, read.TicketNumber, read.Outcome).ShouldBe(("alice@contoso.test", 1, "Opened #1; 1 attachment kept, 1 refused"));
        (await db.SupportMailboxes.SingleAsync()).LastResult.ShouldBe("No new mail.");
    }

    [Fact]
    public async Task AReplyNamingTheTicket_ThreadsOntoIt_WithoutTheQuotedHistory_AndHandsItBackToTheEngineer()
    {
        var engineer = await Get<EngineerDirectory>().ForUserAsync(_tenant.OwnerUserId);
        var staff = new TicketActor(engineer.Name, _tenant.OwnerUserId, engineer.Id);
        var number = await Get<TicketService>().CreateAsync(new NewTicketInput { ClientId = _clientId, ContactId = _contactId, Title = "VPN drops", AssigneeEngineerId = engineer.Id }, staff);
        await Get<TicketService>().ReplyAsync(number, MessageKind.PublicReply, "Which office are you in?", staff);
        await Get<TicketService>().ChangeStatusAsync(number, TicketStatus.InProgress, staff);
        await Get<TicketService>().ChangeStatusAsync(number, TicketStatus.WaitingOnClient, staff);

        await AppendMailAsync("alice@contoso.test", $"RE: [Ticket #{number}] VPN drops", "The London office.\n\nOn Tue, 17 Nov 2026 at 09:00, Psa wrote:\n> Which office are you in?",
            ("route.txt", Encoding.UTF8.GetBytes("tracert output")));
        var result = await Get<MailIntake>().PollAsync();

        result.Replies.ShouldBe(1);
        var ticket = (await Get<TicketService>().GetAsync(number))!;
        var reply = ticket.Messages.Last();
        (reply.Author, reply.AuthorName, reply.Body).ShouldBe((MessageAuthor.Contact, "Alice Contoso", "The London office."));
        ticket.Status.ShouldBe(TicketStatus.Assigned);
        ticket.Attachments.Single().FileName.ShouldBe("route.txt");
        await using var db = Get<TenantDbContextFactory>().Create();
        (await db.Tickets.CountAsync()).ShouldBe(1);
        (await db.TicketAttachments.SingleAsync()).MessageId.ShouldBe(reply.Id);
    }

    [Fact]
    public async Task MailFromAnUnknownSender_GoesToTriage_AndAPublicReplyIsMailedBackToThem()
    {
        await AppendMailAsync("Bob Stranger <bob@unknown.test>", "Do you support Macs?", "We are 12 people.");
        await Get<MailIntake>().PollAsync();

        var ticket = (await Get<TicketService>().GetAsync(1))!;
        ticket.ShouldSatisfyAllConditions(
            t => t.BoardName.ShouldBe(DeskDefaults.TriageBoard),
            t => t.ClientName.ShouldBe("Unknown senders (email)"),
            t => t.ContactId.ShouldBeNull(),
            t => t.AssigneeEngineerId.ShouldBeNull());

        var engineer = await Get<EngineerDirectory>().ForUserAsync(_tenant.OwnerUserId);
        await Get<TicketService>().ReplyAsync(1, MessageKind.PublicReply, "Yes, we do.", new TicketActor(engineer.Name, _tenant.OwnerUserId, engineer.Id));
        await using (var db = Get<TenantDbContextFactory>().Create())
        {
            (await db.Outbox.Where(o => o.To == "bob@unknown.test").SingleAsync()).Subject.ShouldBe("[Ticket #1] Do you support Macs?");
        }

        // Bob answers the mail: his reply threads although he is not a contact of any client.
        await AppendMailAsync("bob@unknown.test", "Re: [Ticket #1] Do you support Macs?", "Great, call me.");
        (await Get<MailIntake>().PollAsync()).Replies.ShouldBe(1);
        (await Get<TicketService>().GetAsync(1))!.Messages.Last().Body.ShouldBe("Great, call me.");
    }

    [Fact]
    public async Task AutoReplies_BulkMail_AndOurOwnMail_AreRecordedAndIgnored_AndAStrangerCannotReplyOnAClientsTicket()
    {
        var autoReply = Mail("alice@contoso.test", "Out of office", "Back on Monday.");
        autoReply.Headers.Add("Auto-Submitted", "auto-replied");
        var xAutoreply = Mail("alice@contoso.test", "Re: [Ticket #1] Printer", "I am away.");
        xAutoreply.Headers.Add("X-Autoreply", "yes");
        var bulk = Mail("news@vendor.test", "Our November newsletter", "Offers.");
        bulk.Headers.Add("Precedence", "bulk");
        var ours = Mail(SupportAddress, "[Ticket #1] Printer", "A copy of our own reply.");
        foreach (var message in new[] { autoReply, xAutoreply, bulk, ours })
        {
            await _imap.AppendAsync(message);
        }

        var result = await Get<MailIntake>().PollAsync();

        (result.Read, result.Ignored, result.Opened).ShouldBe((4, 4, 0));
        await using (var db = Get<TenantDbContextFactory>().Create())
        {
            (await db.Tickets.CountAsync()).ShouldBe(0);
            (await db.InboundEmails.Select(m => m.Outcome).ToListAsync()).OrderBy(o => o, StringComparer.Ordinal).ShouldBe(
            [
                "Ignored: Auto-Submitted: auto-replied",
                "Ignored: Precedence: bulk",
                "Ignored: X-Autoreply: yes",
                "Ignored: sent from our own address",
            ]);
        }

        var engineer = await Get<EngineerDirectory>().ForUserAsync(_tenant.OwnerUserId);
        var number = await Get<TicketService>().CreateAsync(new NewTicketInput { ClientId = _clientId, ContactId = _contactId, Title = "Printer" },
            new TicketActor(engineer.Name, _tenant.OwnerUserId, engineer.Id));
        await AppendMailAsync("mallory@elsewhere.test", $"Re: [Ticket #{number}] Printer", "Let me in.");
        await Get<MailIntake>().PollAsync();
        (await Get<TicketService>().GetAsync(number))!.Messages.ShouldBeEmpty();
        (await Get<TicketService>().GetAsync(number + 1))!.BoardName.ShouldBe(DeskDefaults.TriageBoard);
    }

    [Fact]
    public async Task TheQuartzJob_PollsTheMailbox()
    {
        await AppendMailAsync("alice@contoso.test", "Laptop battery", "Swollen battery.");
        var scheduler = await SchedulerTesting.RunningSchedulerAsync(_app.Service<ISchedulerFactory>());
        (await scheduler.GetTriggerState(MailIntakeJob.Minutely)).ShouldBe(TriggerState.Paused);

        await SchedulerTesting.RunJobOnceAsync(scheduler, MailIntakeJob.Key, TimeSpan.FromSeconds(60));

        (await Get<TicketService>().GetAsync(1))!.Title.ShouldBe("Laptop battery");
    }

    [Fact]
    public async Task ThePassword_IsStoredProtected_NeverShownBack_AndKeptWhenLeftEmpty_AndAWrongOneIsReported()
    {
        var view = await Get<SupportMailboxService>().GetAsync();
        view.HasPassword.ShouldBeTrue();
        await using (var db = Get<TenantDbContextFactory>().Create())
        {
            var stored = (await db.SupportMailboxes.SingleAsync()).ProtectedPassword;
            stored.ShouldNotContain(_imap.Password);
        }

        typeof(SupportMailboxView).GetProperties().ShouldNotContain(p => p.Name.Contains("Password", StringComparison.Ordinal) && p.PropertyType == typeof(string));
        await Get<SupportMailboxService>().SaveAsync(new SupportMailboxInput(true, _imap.Host, _imap.Port, MailboxSecurity.None, _imap.User, null, SupportAddress, "INBOX"));
        await AppendMailAsync("alice@contoso.test", "Still works", "Yes.");
        (await Get<MailIntake>().PollAsync()).Opened.ShouldBe(1);

        await Get<SupportMailboxService>().SaveAsync(new SupportMailboxInput(true, _imap.Host, _imap.Port, MailboxSecurity.None, _imap.User, "wrong", SupportAddress, "INBOX"));
        var failed = await Get<MailIntake>().PollAsync();
        failed.Summary.ShouldStartWith("Could not read the mailbox:");
        (await Get<SupportMailboxService>().GetAsync()).LastResult.ShouldBe(failed.Summary);

        var refused = await Should.ThrowAsync<ValidationFailedException>(() => Get<SupportMailboxService>().SaveAsync(
            new SupportMailboxInput(true, "", 0, MailboxSecurity.SslOnConnect, "", null, "not-an-address", null)));
        refused.Errors.Select(e => e.Field).ShouldBe(["IMAP server", "Port", "User name", "Support address"]);
    }
}
