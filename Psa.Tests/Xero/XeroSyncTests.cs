using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Accounting;
using Psa.Domain.Billing.Ledger;
using Psa.FakeXero;
using Psa.Tests.Support;
using Psa.Web.Xero;
using Quartz;
using Shouldly;

namespace Psa.Tests.Xero;

/// <summary>Psa's Xero connection and sync against the fake Xero on a real port.</summary>
public sealed class XeroSyncTests : IAsyncLifetime
{
    private XeroTestHost _host = null!;

    public async Task InitializeAsync() => _host = await XeroTestHost.StartAsync(retryAttempts: 3);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Connect_WithPkce_StoresEncryptedTokensForTheOrganisation()
    {
        await _host.ConnectAsync();

        var connection = await _host.WithDbAsync(db => db.XeroConnections.SingleAsync());
        connection.Status.ShouldBe(XeroConnectionStatus.Connected);
        connection.XeroTenantId.ShouldBe(_host.Organisation);
        connection.OrganisationName.ShouldBe("Fake Xero Demo Company");
        var issued = _host.Fake.State.AccessTokens.Keys.Single();
        connection.ProtectedAccessToken.ShouldNotBeNull().ShouldNotContain(issued);
        (await _host.Owner.GetStringAsync("/settings/integrations")).ShouldContain("Fake Xero Demo Company");
    }

    [Fact]
    public async Task Sync_LinksContacts_PushesIssuedInvoicesOnce_AndRecordsTheRun()
    {
        var acme = await _host.AddClientAsync("acme-co", "Acme Co");
        var beta = await _host.AddClientAsync("beta", "Beta Ltd", "ap@beta.test");
        await _host.ConnectAsync();
        var existing = FakeXeroBooks.SaveContact(_host.Fake.State.Single, new FakeXeroContact { Name = "ACME Co" }, DateTimeOffset.UtcNow);
        var a1 = await _host.IssueInvoiceAsync(acme.Id, 100m, new DateOnly(2026, 11, 1));
        await _host.IssueInvoiceAsync(beta.Id, 250m, new DateOnly(2026, 11, 1));

        var first = await _host.SyncAsync();

        first.Status.ShouldBe(XeroSyncStatus.CompletedWithErrors);
        first.ContactsLinked.ShouldBe(1);
        first.ContactsCreated.ShouldBe(1);
        first.InvoicesPushed.ShouldBe(1, "Acme's invoice waits until its match by name is confirmed");
        first.Errors.ShouldHaveSingleItem().Document.ShouldBe(a1.DisplayNumber);
        first.CallsUsed.ShouldBeGreaterThan(0);

        await using (var scope = _host.Scope())
        {
            var sync = scope.ServiceProvider.GetRequiredService<XeroSyncService>();
            var match = (await sync.ContactMatchesAsync()).Single(m => !m.Confirmed);
            match.ClientCode.ShouldBe("acme-co");
            match.MatchedBy.ShouldBe("name");
            await sync.ConfirmMatchAsync(match.LinkId, confirm: true);
        }

        var second = await _host.SyncAsync();
        second.Status.ShouldBe(XeroSyncStatus.Completed);
        second.InvoicesPushed.ShouldBe(1);
        var third = await _host.SyncAsync();
        third.InvoicesPushed.ShouldBe(0);

        var books = _host.Fake.State.Single;
        books.Invoices.Count.ShouldBe(2);
        var pushed = books.Invoices.Single(i => i.Reference == a1.DisplayNumber);
        pushed.Contact!.ContactID.ShouldBe(existing.ContactID);
        pushed.Total.ShouldBe(120m);
        pushed.Status.ShouldBe("AUTHORISED");
        books.Contacts.Single(c => c.Name == "Beta Ltd").EmailAddress.ShouldBe("ap@beta.test");
        books.TrackingCategories.ShouldHaveSingleItem().Name.ShouldBe("Service line");
        pushed.LineItems.Single().Tracking.ShouldHaveSingleItem().Option.ShouldBe("Managed services", "a recurring line is managed services");
        pushed.LineItems.Single().AccountCode.ShouldBe("200");
        _host.Fake.State.Calls.Where(c => c.Method == "PUT").ShouldAllBe(c => c.IdempotencyKey != null);
        _host.Fake.State.Calls.Single(c => c.Method == "PUT" && c.Path == "Invoices" && c.IdempotencyKey == a1.Id.ToString("N")).Status.ShouldBe(200);
        (await _host.Owner.GetStringAsync("/settings/integrations")).ShouldContain("Completed with errors");
    }

    [Fact]
    public async Task Push_WhoseAnswerIsLost_IsRetriedWithTheSameKey_AndCreatesNothingTwice()
    {
        var client = await _host.AddClientAsync("acme-co", "Acme Co");
        await _host.ConnectAsync();
        (await _host.SyncAsync()).ContactsCreated.ShouldBe(1);
        for (var i = 0; i < 3; i++)
        {
            await _host.IssueInvoiceAsync(client.Id, 100m + i, new DateOnly(2026, 11, 1));
        }

        // The service line option already exists, so the only PUT is the batch; every answer to it is lost,
        // retries included: the run fails with the batch saved but unanswered.
        _host.Fake.State.Single.TrackingCategories.Add(new FakeXeroTrackingCategory
        {
            TrackingCategoryID = Guid.NewGuid(), Name = "Service line", Options = [new FakeXeroTrackingOption { TrackingOptionID = Guid.NewGuid(), Name = "Managed services" }],
        });
        _host.Fake.State.LoseAnswers(100);
        var failed = await _host.SyncAsync();
        failed.Status.ShouldBe(XeroSyncStatus.Failed);
        _host.Fake.State.Single.Invoices.Count.ShouldBe(3, "Xero saved the batch once although it was sent four times");

        _host.Fake.State.LoseAnswers(0);
        var retried = await _host.SyncAsync();

        retried.Status.ShouldBe(XeroSyncStatus.Completed);
        retried.InvoicesPushed.ShouldBe(3);
        _host.Fake.State.Single.Invoices.Count.ShouldBe(3);
        var keys = _host.Fake.State.Calls.Where(c => c.Method == "PUT" && c.Path == "Invoices").Select(c => c.IdempotencyKey).Distinct().ToList();
        keys.ShouldHaveSingleItem().ShouldStartWith("invoices-");
        (await _host.WithDbAsync(db => db.XeroDocuments.CountAsync(d => d.XeroId != null))).ShouldBe(3);
    }

    [Fact]
    public async Task ManyInvoices_ArePushedInBatches_WellWithinAMinutesCalls()
    {
        var client = await _host.AddClientAsync("acme-co", "Acme Co");
        await _host.ConnectAsync();
        for (var i = 0; i < 120; i++)
        {
            await _host.IssueInvoiceAsync(client.Id, 10m + i, new DateOnly(2026, 11, 1));
        }

        var run = await _host.SyncAsync();

        run.InvoicesPushed.ShouldBe(120);
        _host.Fake.State.Single.Invoices.Count.ShouldBe(120);
        _host.Fake.State.Calls.Count(c => c.Method == "PUT" && c.Path == "Invoices").ShouldBe(3, "50 invoices a request");
        run.CallsUsed.ShouldBeLessThan(20);
    }

    [Fact]
    public async Task Sync_DuringA429Storm_WaitsForRetryAfter_AndCompletes()
    {
        var client = await _host.AddClientAsync("acme-co", "Acme Co");
        await _host.ConnectAsync();
        await _host.IssueInvoiceAsync(client.Id, 100m, new DateOnly(2026, 11, 1));
        _host.Fake.State.ForceTooManyRequests(3, retryAfterSeconds: 1);

        var run = await _host.SyncAsync();

        run.Status.ShouldBe(XeroSyncStatus.Completed);
        _host.Fake.State.TooManyRequestsSent.ShouldBe(3);
        var calls = _host.Fake.State.Calls.ToList();
        for (var i = 0; i < calls.Count - 1; i++)
        {
            if (calls[i].Status == 429)
            {
                (calls[i + 1].AtUtc - calls[i].AtUtc).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950), "the retry waited for Retry-After");
            }
        }

        _host.Fake.State.Single.Invoices.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Webhook_WithAForgedSignature_IsRefused_AndASignedOneQueuesAPull()
    {
        await _host.ConnectAsync();
        await SchedulerTesting.RunningSchedulerAsync(_host.App.Service<ISchedulerFactory>());
        var client = _host.App.ClientFor("acme");
        var target = new Uri(client.BaseAddress!, "/integrations/xero/webhooks");
        var payload = FakeXeroWebhooks.Payload([FakeXeroWebhooks.InvoiceUpdated(_host.Organisation, Guid.NewGuid(), DateTimeOffset.UtcNow)]);

        (await FakeXeroWebhooks.SendAsync(client, target, payload, "not-the-key")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using (var unsigned = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StringContent(payload) })
        {
            (await client.SendAsync(unsigned)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        (await _host.WithDbAsync(db => db.XeroSyncRuns.CountAsync())).ShouldBe(0);
        (await FakeXeroWebhooks.SendAsync(client, target, FakeXeroWebhooks.Payload([]), _host.Fake.Options.WebhookKey)).StatusCode.ShouldBe(HttpStatusCode.OK, "intent to receive");
        (await FakeXeroWebhooks.SendAsync(client, target, payload, _host.Fake.Options.WebhookKey)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await _host.WithDbAsync(db => db.XeroSyncRuns.CountAsync(r => r.Trigger == "webhook" && r.FinishedUtc != null)) == 0)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the signed webhook queued a pull");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task PaymentInXero_IsPulled_AndMarksTheInvoicePaid()
    {
        var client = await _host.AddClientAsync("acme-co", "Acme Co");
        await _host.ConnectAsync();
        var invoice = await _host.IssueInvoiceAsync(client.Id, 100m, new DateOnly(2026, 11, 1));
        await _host.SyncAsync();
        var xeroId = _host.Fake.State.Single.Invoices.Single().InvoiceID;

        _host.Fake.State.Pay(_host.Organisation, xeroId, 50m, new DateOnly(2026, 11, 10));
        var partly = await _host.SyncAsync();
        partly.PaymentsPulled.ShouldBe(1);
        (await _host.WithDbAsync(db => db.XeroDocuments.SingleAsync(d => d.XeroId == xeroId))).AmountDue.ShouldBe(70m);
        (await _host.WithDbAsync(db => db.Invoices.SingleAsync(i => i.Id == invoice.Id))).Status.ShouldBe(InvoiceStatus.Issued);

        _host.Fake.State.Pay(_host.Organisation, xeroId, 70m, new DateOnly(2026, 11, 12));
        var paid = await _host.SyncAsync();

        paid.PaymentsPulled.ShouldBe(1, "only what changed since the last pull");
        (await _host.WithDbAsync(db => db.XeroPayments.SumAsync(p => p.Amount))).ShouldBe(120m);
        (await _host.WithDbAsync(db => db.Invoices.SingleAsync(i => i.Id == invoice.Id))).Status.ShouldBe(InvoiceStatus.Paid);
        _host.Fake.State.Calls.Where(c => c.Method == "GET" && c.Path == "Invoices").Count().ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task RefreshRefused_PutsTheConnectionInReconnect_AndDisconnectRevokes()
    {
        _host.Fake.Options.AccessTokenLifetime = TimeSpan.FromMinutes(4);
        await _host.ConnectAsync();
        var firstRefreshToken = _host.Fake.State.RefreshTokens.Keys.Single();
        (await _host.SyncAsync()).Status.ShouldBe(XeroSyncStatus.Completed);
        _host.Fake.State.RefreshTokens.Keys.ShouldNotContain(firstRefreshToken, "a token expiring within minutes is refreshed before the calls");

        _host.Fake.State.ExpireAccessTokens();
        (await _host.SyncAsync()).Status.ShouldBe(XeroSyncStatus.Completed, "a token Xero ended early is refreshed and the sync goes on");

        _host.Fake.State.ExpireAccessTokens();
        _host.Fake.State.RevokeAllRefreshTokens();
        var failed = await _host.SyncAsync();
        failed.Status.ShouldBe(XeroSyncStatus.Failed);
        (await _host.WithDbAsync(db => db.XeroConnections.SingleAsync())).Status.ShouldBe(XeroConnectionStatus.ReconnectNeeded);
        (await _host.Owner.GetStringAsync("/settings/integrations")).ShouldContain("Reconnect");

        await _host.ConnectAsync();
        _host.Fake.State.RefreshTokens.Count.ShouldBe(1);
        await using (var scope = _host.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<XeroConnectionService>().DisconnectAsync();
        }

        _host.Fake.State.RefreshTokens.ShouldBeEmpty();
        var connection = await _host.WithDbAsync(db => db.XeroConnections.SingleAsync());
        connection.Status.ShouldBe(XeroConnectionStatus.NotConnected);
        connection.ProtectedRefreshToken.ShouldBeNull();
    }
}
