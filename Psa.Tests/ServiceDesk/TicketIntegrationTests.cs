using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Clients;
using Psa.Domain;
using Psa.Domain.Billing;
using Psa.Domain.Common;
using Psa.Domain.Contracts;
using Psa.Domain.ServiceDesk;
using Psa.Domain.ServiceDesk.Rules;
using Psa.Domain.TimeTracking;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Api;
using Psa.Tests.Support;
using Psa.Tests.TimeTracking;
using Psa.Web.Billing;
using Psa.Web.ServiceDesk;
using Psa.Web.TimeTracking;
using Shouldly;

namespace Psa.Tests.ServiceDesk;

/// <summary>Tickets through the real services on a real workspace database: routing, timers, SLA, billing, isolation, API.</summary>
public sealed class TicketIntegrationTests(ClockedAppFactory app) : IAsyncLifetime, IClassFixture<ClockedAppFactory>
{
    private readonly TestClock _clock = app.ClockAt(new DateTimeOffset(2026, 11, 17, 9, 0, 0, TimeSpan.Zero)); // Tue 09:00 London
    private readonly PsaAppFactory _app = app;
    private readonly string _deskcoSlug = app.NewSlug("deskco");
    private ProvisionResult _tenant = null!;
    private AsyncServiceScope _scope;
    private TicketActor _owner = null!;
    private Guid _clientId;
    private Guid _contactId;
    private Guid _blockId;

    public async Task InitializeAsync()
    {
        _tenant = await _app.CreateTenantAsync(_deskcoSlug);
        _scope = _app.Service<TenantScopeFactory>().Open(_tenant.Tenant);
        var engineer = await Get<EngineerDirectory>().ForUserAsync(_tenant.OwnerUserId);
        _owner = new TicketActor(engineer.Name, _tenant.OwnerUserId, engineer.Id);
        await using var db = Get<TenantDbContextFactory>().Create();
        var client = Client.Create("contoso", "Contoso", 0m);
        var contact = client.AddContact("Alice Contoso", "alice@contoso.test");
        var block = ServiceAgreement.Create("contoso-block", client.Id, AgreementType.PrepaidHours, new DateOnly(2026, 11, 1), "Contoso 10-hour block");
        block.SetBlock(10m, 1000m, 10m, BlockRefresh.None, null, BlockOverage.Bill); // 10 hours bought before
        block.SetPricing(100m, null, 1, false);
        db.AddRange(client, block);
        await db.SaveChangesAsync();
        (_clientId, _contactId, _blockId) = (client.Id, contact.Id, block.Id);
    }

    public async Task DisposeAsync()
    {
        await _scope.DisposeAsync();
    }

    private T Get<T>() where T : notnull => _scope.ServiceProvider.GetRequiredService<T>();

    private Task<int> OpenAsync(string title = "Printer down", Guid? assignee = null) =>
        Get<TicketService>().CreateAsync(new NewTicketInput
        {
            ClientId = _clientId, ContactId = _contactId, Title = title, Description = "Nothing prints on floor 2",
            Impact = TicketImpact.High, Urgency = TicketUrgency.High, AssigneeEngineerId = assignee,
        }, _owner);

    [Fact]
    public async Task ANewTicket_IsNumbered_CoveredByTheBlock_OnTheDefaultSla_AndRoutedWithAReason()
    {
        var first = await OpenAsync();
        var second = await OpenAsync("Second");
        (first, second).ShouldBe((1, 2));

        var ticket = (await Get<TicketService>().GetAsync(first))!;
        ticket.AgreementId.ShouldBe(_blockId);
        ticket.AgreementName.ShouldBe("Contoso 10-hour block");
        ticket.SlaPolicyName.ShouldBe("Standard");
        ticket.Priority.ShouldBe(TicketPriority.P1);
        ticket.Status.ShouldBe(TicketStatus.Assigned);
        ticket.AssigneeEngineerId.ShouldBe(_owner.EngineerId);
        ticket.AssignmentReason.ShouldStartWith("fewest queued hours");
        ticket.BoardName.ShouldBe(DeskDefaults.MainBoard);
        ticket.Clocks.Single(c => c.Kind == SlaClockKind.Resolution).DueUtc.ShouldBe(new DateTimeOffset(2026, 11, 17, 13, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task Timers_FollowTheWorkflow_AndTheTimeCarriesTheTicket()
    {
        var tickets = Get<TicketService>();
        var timers = Get<TimerService>();
        var number = await OpenAsync();
        await tickets.ChangeStatusAsync(number, TicketStatus.InProgress, _owner);

        var running = (await timers.ForEngineerAsync(_owner.EngineerId!.Value)).Single();
        running.Label.ShouldBe("#1 Printer down");
        (await tickets.GetAsync(number))!.TimerRunning.ShouldBeTrue();

        _clock.Now = _clock.Now.AddMinutes(40);
        await tickets.ChangeStatusAsync(number, TicketStatus.WaitingOnClient, _owner);

        (await timers.ForEngineerAsync(_owner.EngineerId!.Value)).ShouldBeEmpty();
        var detail = (await tickets.GetAsync(number))!;
        detail.TimerRunning.ShouldBeFalse();
        detail.Clocks.ShouldAllBe(c => c.Paused || c.MetUtc != null);
        await using (var db = Get<TenantDbContextFactory>().Create())
        {
            var entry = await db.TimeEntries.SingleAsync();
            entry.ShouldSatisfyAllConditions(
                e => e.TicketId.ShouldBe(detail.Id),
                e => e.ClientId.ShouldBe(_clientId),
                e => e.AgreementId.ShouldBe(_blockId),
                e => e.WorkTypeCode.ShouldBe("remote"),
                e => e.Minutes.ShouldBe(40));
        }

        // The contact answers: the ticket goes back to its engineer and the clock runs again, with the pause left out.
        _clock.Now = _clock.Now.AddMinutes(60);
        await tickets.ReplyAsync(number, MessageKind.PublicReply, "It is the one by the window", new TicketActor("Alice Contoso", null, null, _contactId, _clientId));
        detail = (await tickets.GetAsync(number))!;
        detail.Status.ShouldBe(TicketStatus.Assigned);
        detail.Clocks.Single(c => c.Kind == SlaClockKind.Resolution).ShouldSatisfyAllConditions(
            c => c.Paused.ShouldBeFalse(), c => c.ElapsedMinutes.ShouldBe(40));
    }

    [Fact]
    public async Task Closing_WithATimerRunningOnTheTicket_IsRefusedByTheNamedRule()
    {
        var tickets = Get<TicketService>();
        var number = await OpenAsync();
        await tickets.ChangeStatusAsync(number, TicketStatus.InProgress, _owner);
        _clock.Now = _clock.Now.AddMinutes(20);
        await tickets.ChangeStatusAsync(number, TicketStatus.Resolved, _owner, "Replaced the toner");
        var ticketId = (await tickets.GetAsync(number))!.Id;
        await Get<TimerService>().StartOnTicketAsync(ticketId, _owner.EngineerId!.Value);

        var ex = await Should.ThrowAsync<BusinessRuleViolationException>(() => tickets.ChangeStatusAsync(number, TicketStatus.Closed, _owner));
        ex.Rule.ShouldBeOfType<CannotCloseWithRunningTimer>();

        await Get<TimerService>().StopAsync(_owner.EngineerId!.Value);
        await tickets.ChangeStatusAsync(number, TicketStatus.Closed, _owner);
        (await tickets.GetAsync(number))!.Status.ShouldBe(TicketStatus.Closed);
    }

    [Fact]
    public async Task TimeOnATicket_IsDeductedFromTheBlockInTheNextRun_AndTheLedgerNamesTheTicket()
    {
        var tickets = Get<TicketService>();
        var number = await OpenAsync();
        await tickets.ReplyAsync(number, MessageKind.PublicReply, "Reinstalled the driver; please try again.", _owner, logMinutes: 90);
        await ApproveAllAsync();

        var outcome = await Get<BillingRunService>().RunAsync(BillingPeriod.Parse("2026-11"), "test");

        var deduction = outcome.Result.Deductions.Single();
        deduction.Deducted.ShouldBe(90m);
        deduction.BalanceAfter.ShouldBe(510m);
        var account = (await Get<BillingOverviewService>().BlockAccountsAsync()).Single(a => a.AgreementId == _blockId);
        account.Deductions.Single().ShouldSatisfyAllConditions(
            d => d.WorkType.ShouldBe("remote · Ticket #1 Printer down"),
            d => d.Hours.ShouldBe(1.5m),
            d => d.BalanceAfter.ShouldBe(8.5m));
        (await tickets.GetAsync(number))!.Time.Single().Invoiced.ShouldBeTrue();
        // The conversation shows the reply with the time it logged; the contact was mailed.
        (await tickets.GetAsync(number))!.Messages.Single().LoggedMinutes.ShouldBe(90);
        await using var db = Get<TenantDbContextFactory>().Create();
        (await db.Outbox.SingleAsync(m => m.To == "alice@contoso.test")).Subject.ShouldBe("[Ticket #1] Printer down");
    }

    [Fact]
    public async Task TimeOnATicketWithoutAnAgreement_IsBilled_AndTheInvoiceLineNamesTheTicket()
    {
        var tickets = Get<TicketService>();
        var number = await OpenAsync("Laptop will not boot");
        await tickets.ChooseAgreementAsync(number, null, _owner);
        await tickets.LogTimeAsync(number, _owner.EngineerId!.Value, new DateTime(2026, 11, 17, 10, 0, 0), 60, true, null, _owner);
        await ApproveAllAsync();

        var outcome = await Get<BillingRunService>().RunAsync(BillingPeriod.Parse("2026-11"), "test");

        await using var db = Get<TenantDbContextFactory>().Create();
        var lines = await db.InvoiceLines.Where(l => l.Kind == "time").Select(l => l.Description).ToListAsync();
        lines.ShouldBe(["Ticket #1 Laptop will not boot: remote on Tue 17 Nov 2026 10:00"]);
        outcome.InvoiceIds.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task AContact_SeesOnlyTheirClientsTickets_AndNeverInternalNotes()
    {
        var tickets = Get<TicketService>();
        var number = await OpenAsync();
        await tickets.ReplyAsync(number, MessageKind.InternalNote, "Client owes us money", _owner);
        await tickets.ReplyAsync(number, MessageKind.PublicReply, "Looking now", _owner);
        Guid otherClient;
        await using (var db = Get<TenantDbContextFactory>().Create())
        {
            var other = Client.Create("fabrikam", "Fabrikam", 0m);
            db.Add(other);
            await db.SaveChangesAsync();
            otherClient = other.Id;
        }

        (await tickets.GetAsync(number, forClientId: otherClient)).ShouldBeNull();
        (await tickets.ForClientAsync(otherClient)).ShouldBeEmpty();
        await Should.ThrowAsync<DomainException>(() =>
            tickets.ReplyAsync(number, MessageKind.PublicReply, "Let me in", new TicketActor("Mallory", null, null, Guid.NewGuid(), otherClient)));

        var mine = (await tickets.GetAsync(number, forClientId: _clientId))!;
        mine.Messages.Select(m => m.Body).ShouldBe(["Looking now"]);
        mine.Activity.ShouldBeEmpty();
        mine.AssignmentReason.ShouldBeNull();
    }

    [Fact]
    public async Task TheBoard_FiltersByStatusPriorityAndText_WithCompleteCounts()
    {
        var tickets = Get<TicketService>();
        await OpenAsync("Printer down");
        await OpenAsync("VPN drops");
        var third = await OpenAsync("Printer jammed");
        await tickets.ChangeStatusAsync(third, TicketStatus.InProgress, _owner);

        var all = await tickets.BoardAsync(new BoardFilter());
        all.Total.ShouldBe(3);
        all.Counts[TicketStatus.Assigned].ShouldBe(2);
        all.Counts[TicketStatus.InProgress].ShouldBe(1);

        var printers = await tickets.BoardAsync(new BoardFilter { Text = "printer" });
        printers.Rows.Select(r => r.Number).Order().ShouldBe([1, 3]);
        (await tickets.BoardAsync(new BoardFilter { Status = TicketStatus.InProgress })).Rows.Single().Number.ShouldBe(third);
        (await tickets.BoardAsync(new BoardFilter { Priority = TicketPriority.P4 })).Rows.ShouldBeEmpty();
        (await tickets.MineAsync(_owner.EngineerId!.Value)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task Api_OpensATicket_RefusesABadMoveWith409_AndShowsSla()
    {
        var token = await ApiTests.CreateTokenAsync(_app, _tenant);
        var http = _app.ClientFor(_deskcoSlug);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var created = await http.PostAsJsonAsync("/api/v1/tickets", new { clientId = _clientId, title = "Email bouncing", impact = "High", urgency = "Medium" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var number = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetInt32();

        var bad = await http.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "Closed" });
        bad.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString().ShouldBe(nameof(StatusChangeFollowsWorkflow));

        var sla = await http.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{number}/sla");
        sla.GetProperty("priority").GetString().ShouldBe("P2");
        sla.GetProperty("clocks").GetArrayLength().ShouldBe(2);

        var reply = await http.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "Checking the MX records", minutes = 15 });
        reply.StatusCode.ShouldBe(HttpStatusCode.Created);
        var time = await http.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{number}/time");
        time[0].GetProperty("minutes").GetInt32().ShouldBe(15);

        var openApi = await _app.ClientFor(null).GetStringAsync("/openapi/v1.json");
        openApi.ShouldContain("/api/v1/tickets/{number}/sla");
    }

    [Fact]
    public async Task OpenApi_DescribesEveryTicketEndpoint_UnderApiV1Tickets()
    {
        using var document = JsonDocument.Parse(await _app.ClientFor(null).GetStringAsync("/openapi/v1.json"));
        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/v1/tickets", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("operationId", out _))
                .Select(o => $"{o.Name.ToUpperInvariant()} {p.Name} {o.Value.GetProperty("operationId").GetString()}"))
            .ToList();

        operations.ShouldBe([
            "GET /api/v1/tickets ListTickets", "POST /api/v1/tickets CreateTicket",
            "GET /api/v1/tickets/{number} GetTicket", "PUT /api/v1/tickets/{number} UpdateTicket",
            "POST /api/v1/tickets/{number}/assign AssignTicket", "POST /api/v1/tickets/{number}/status ChangeTicketStatus",
            "POST /api/v1/tickets/{number}/reopen ReopenTicket",
            "GET /api/v1/tickets/{number}/replies ListTicketReplies", "POST /api/v1/tickets/{number}/replies ReplyToTicket",
            "GET /api/v1/tickets/{number}/time ListTicketTime", "POST /api/v1/tickets/{number}/time LogTicketTime",
            "GET /api/v1/tickets/{number}/sla GetTicketSla", "POST /api/v1/tickets/{number}/merge MergeTicket",
            "PUT /api/v1/tickets/{number}/parent SetTicketParent", "PUT /api/v1/tickets/{number}/agreement SetTicketAgreement",
        ], ignoreOrder: true);
        document.RootElement.GetProperty("paths").GetProperty("/api/v1/tickets").GetProperty("get").GetProperty("tags")[0].GetString().ShouldBe("Tickets");
    }

    [Fact]
    public async Task Reopen_ThroughTheService_FollowsTheWorkspaceWindow()
    {
        var tickets = Get<TicketService>();
        var number = await OpenAsync();
        await tickets.ChangeStatusAsync(number, TicketStatus.Resolved, _owner, "Replaced the toner");

        _clock.Now = _clock.Now.AddDays(8);
        var ex = await Should.ThrowAsync<BusinessRuleViolationException>(() => tickets.ReopenAsync(number, _owner));
        ex.Rule.ShouldBeOfType<ReopenOnlyWithinWindow>();
        // Nor does a contact's reply reopen it after the window.
        await Should.ThrowAsync<BusinessRuleViolationException>(() =>
            tickets.ReplyAsync(number, MessageKind.PublicReply, "Still broken", new TicketActor("Alice Contoso", null, null, _contactId, _clientId)));
        (await tickets.GetAsync(number))!.Status.ShouldBe(TicketStatus.Resolved);

        _clock.Now = _clock.Now.AddDays(-2);
        await tickets.ReplyAsync(number, MessageKind.PublicReply, "Still broken", new TicketActor("Alice Contoso", null, null, _contactId, _clientId));
        var detail = (await tickets.GetAsync(number))!;
        detail.Status.ShouldBe(TicketStatus.Assigned);
        detail.Activity.Select(a => a.Text).ShouldContain("Reopened: client replied");
    }

    private async Task ApproveAllAsync()
    {
        await using var db = Get<TenantDbContextFactory>().Create();
        foreach (var entry in await db.TimeEntries.ToListAsync())
        {
            entry.Approve();
        }

        await db.SaveChangesAsync();
    }
}

/// <summary>The SLA watcher over a real workspace: a warning at 75%, a breach at the target, each once, told to the assignee.</summary>
public sealed class SlaWatcherTests(ClockedAppFactory app) : IAsyncLifetime, IClassFixture<ClockedAppFactory>
{
    private readonly TestClock _clock = app.ClockAt(new DateTimeOffset(2026, 11, 17, 9, 0, 0, TimeSpan.Zero)); // Tue 09:00 London
    private readonly PsaAppFactory _app = app;
    private readonly string _slacoSlug = app.NewSlug("slaco");
    private AsyncServiceScope _scope;
    private TicketActor _owner = null!;
    private string _ownerUserId = string.Empty;
    private Guid _clientId;

    public async Task InitializeAsync()
    {
        var tenant = await _app.CreateTenantAsync(_slacoSlug);
        _scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        var engineer = await _scope.ServiceProvider.GetRequiredService<EngineerDirectory>().ForUserAsync(tenant.OwnerUserId);
        (_owner, _ownerUserId) = (new TicketActor(engineer.Name, tenant.OwnerUserId, engineer.Id), tenant.OwnerUserId);
        await using var db = _scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        var client = Client.Create("contoso", "Contoso", 0m);
        db.Add(client);
        await db.SaveChangesAsync();
        _clientId = client.Id;
    }

    public async Task DisposeAsync()
    {
        await _scope.DisposeAsync();
    }

    [Fact]
    public async Task Warns_At75Percent_ThenRecordsTheBreach_EachOnce()
    {
        var tickets = _scope.ServiceProvider.GetRequiredService<TicketService>();
        var watcher = _scope.ServiceProvider.GetRequiredService<SlaWatcher>();
        // P1: respond within 60, resolve within 240 business minutes.
        var number = await tickets.CreateAsync(new NewTicketInput { ClientId = _clientId, Title = "Server down", Impact = TicketImpact.High, Urgency = TicketUrgency.High }, _owner);
        await tickets.ReplyAsync(number, MessageKind.PublicReply, "Looking", _owner);

        _clock.Now = _clock.Now.AddMinutes(100);
        (await watcher.RunAsync()).ShouldBe(new SlaWatchResult(0, 0));

        _clock.Now = new DateTimeOffset(2026, 11, 17, 12, 0, 0, TimeSpan.Zero); // 180 of 240 minutes
        (await watcher.RunAsync()).ShouldBe(new SlaWatchResult(1, 0));
        (await watcher.RunAsync()).ShouldBe(new SlaWatchResult(0, 0));

        _clock.Now = new DateTimeOffset(2026, 11, 17, 13, 1, 0, TimeSpan.Zero);
        (await watcher.RunAsync()).ShouldBe(new SlaWatchResult(0, 1));
        (await watcher.RunAsync()).ShouldBe(new SlaWatchResult(0, 0));

        var detail = (await tickets.GetAsync(number))!;
        detail.Clocks.Single(c => c.Kind == SlaClockKind.Resolution).Breached.ShouldBeTrue();
        detail.Activity.Select(a => a.Text).ShouldContain("Resolution target breached");
        await using var db = _scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        var titles = await db.Notifications.Where(n => n.UserId == _ownerUserId).Select(n => n.Title).ToListAsync();
        titles.ShouldContain("SLA warning: #1 has used 75% of its resolution target");
        titles.ShouldContain("SLA breached: #1 resolution target missed");
    }

    [Fact]
    public async Task ABacklogOfCrossings_IsRecordedInOnePass_AndTheAssigneeGetsOneSummaryAndOneDigest()
    {
        var tickets = _scope.ServiceProvider.GetRequiredService<TicketService>();
        for (var i = 0; i < 12; i++)
        {
            await tickets.CreateAsync(new NewTicketInput { ClientId = _clientId, Title = $"Server {i} down", Impact = TicketImpact.High, Urgency = TicketUrgency.High }, _owner);
        }

        // 12:00: each P1 has missed its 60-minute response and used 180 of its 240 resolution minutes.
        _clock.Now = new DateTimeOffset(2026, 11, 17, 12, 0, 0, TimeSpan.Zero);
        var watcher = _scope.ServiceProvider.GetRequiredService<SlaWatcher>();
        (await watcher.RunAsync()).ShouldBe(new SlaWatchResult(12, 12));
        (await watcher.RunAsync()).ShouldBe(new SlaWatchResult(0, 0));

        await using var db = _scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        var stored = await db.Tickets.AsNoTracking().ToListAsync();
        stored.ShouldAllBe(t => t.ResponseBreachedUtc == t.ResponseDueUtc && t.ResponseWarnedUtc == null
            && t.ResolutionWarnedUtc == _clock.Now && t.ResolutionBreachedUtc == null);
        var lines = await db.TicketActivity.Where(a => a.Actor == "SLA watcher").Select(a => new { a.TicketId, a.Text }).ToListAsync();
        lines.Count.ShouldBe(24);
        lines.GroupBy(l => l.TicketId).ShouldAllBe(g => g.Select(l => l.Text).Order().SequenceEqual(new[] { "Resolution target 75% used", "Response target breached" }));

        // More than NotificationsPerPerson crossings: one summary on the bell, one digest email listing every ticket.
        var notes = await db.Notifications.Where(n => n.UserId == _ownerUserId && n.Title.StartsWith("SLA")).ToListAsync();
        notes.Single().Title.ShouldBe("SLA: 12 breaches and 12 warnings on your tickets");
        var digest = await db.Outbox.SingleAsync(m => m.Subject == "SLA: 12 breaches and 12 warnings on your tickets");
        digest.HtmlBody.ShouldContain("Server 11 down");
        digest.HtmlBody.ShouldNotContain("more on");
    }

    [Fact]
    public async Task APausedTicket_IsNotBreachedWhileItWaitsOnTheClient()
    {
        var tickets = _scope.ServiceProvider.GetRequiredService<TicketService>();
        var number = await tickets.CreateAsync(new NewTicketInput { ClientId = _clientId, Title = "Server down", Impact = TicketImpact.High, Urgency = TicketUrgency.High }, _owner);
        await tickets.ReplyAsync(number, MessageKind.PublicReply, "Please reboot it", _owner);
        await tickets.ChangeStatusAsync(number, TicketStatus.InProgress, _owner);
        await tickets.ChangeStatusAsync(number, TicketStatus.WaitingOnClient, _owner);

        _clock.Now = _clock.Now.AddDays(3);
        (await _scope.ServiceProvider.GetRequiredService<SlaWatcher>().RunAsync()).ShouldBe(new SlaWatchResult(0, 0));
    }
}
