using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Clients;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Ledger;
using Psa.FakeXero;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Shouldly;

namespace Psa.Tests.Xero;

/// <summary>Psa pointed at a fake Xero started on a free local port, with one workspace "acme" and its owner signed in.</summary>
public sealed class XeroTestHost : IAsyncDisposable
{
    private XeroTestHost(FakeXeroServer fake, PsaAppFactory app, ProvisionResult tenant, HttpClient owner)
    {
        Fake = fake;
        App = app;
        Tenant = tenant;
        Owner = owner;
    }

    public FakeXeroServer Fake { get; }

    public PsaAppFactory App { get; }

    public ProvisionResult Tenant { get; }

    public HttpClient Owner { get; }

    public Guid Organisation => Fake.State.Single.TenantId;

    public static async Task<XeroTestHost> StartAsync(int retryAttempts = 6)
    {
        var fake = await FakeXeroServer.StartAsync();
        var app = new PsaAppFactory();
        var address = fake.BaseAddress.ToString().TrimEnd('/');
        foreach (var (key, value) in new Dictionary<string, string?>
                 {
                     ["Psa:Xero:LoginBaseUrl"] = address,
                     ["Psa:Xero:IdentityBaseUrl"] = address,
                     ["Psa:Xero:ApiBaseUrl"] = address,
                     ["Psa:Xero:ClientId"] = fake.Options.ClientId,
                     ["Psa:Xero:ClientSecret"] = fake.Options.ClientSecret,
                     ["Psa:Xero:WebhookKey"] = fake.Options.WebhookKey,
                     ["Psa:Xero:RetryAttempts"] = retryAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 })
        {
            app.Settings[key] = value;
        }

        var tenant = await app.CreateTenantAsync("acme");
        var owner = await app.SignedInClientAsync("acme", "owner@example.com");
        return new XeroTestHost(fake, app, tenant, owner);
    }

    /// <summary>Settings → Integrations → "Connect to Xero", through Xero's (fake) consent and back.</summary>
    public async Task ConnectAsync()
    {
        var start = await Owner.GetAsync("/integrations/xero/connect");
        start.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var authorize = start.Headers.Location!;
        authorize.GetLeftPart(UriPartial.Authority).ShouldBe(Fake.BaseAddress.GetLeftPart(UriPartial.Authority));
        authorize.Query.ShouldContain("code_challenge_method=S256");
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var browser = new HttpClient(handler);
        var consent = await browser.GetAsync(authorize);
        consent.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var callback = consent.Headers.Location!;
        callback.AbsolutePath.ShouldBe("/integrations/xero/callback");
        var done = await Owner.GetAsync(callback.PathAndQuery);
        done.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        done.Headers.Location!.ToString().ShouldBe("/settings/integrations?xero=connected");
    }

    public AsyncServiceScope Scope() => App.Service<TenantScopeFactory>().Open(Tenant.Tenant);

    public async Task<T> WithDbAsync<T>(Func<TenantDbContext, Task<T>> work)
    {
        await using var scope = Scope();
        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        return await work(db);
    }

    public async Task<Psa.Domain.Accounting.XeroSyncRun> SyncAsync()
    {
        await using var scope = Scope();
        return await scope.ServiceProvider.GetRequiredService<Psa.Web.Xero.XeroSyncService>().RunAsync("test");
    }

    public async Task<Client> AddClientAsync(string code, string name, string? email = null) => await WithDbAsync(async db =>
    {
        var client = Client.Create(code, name, 0.2m);
        if (email is not null)
        {
            client.AddContact("Accounts", email, primary: true);
        }

        db.Clients.Add(client);
        await db.SaveChangesAsync();
        return client;
    });

    /// <summary>An issued invoice (or credit note) as the billing run and issue would leave it.</summary>
    public async Task<CustomerInvoice> IssueInvoiceAsync(Guid clientId, decimal amount, DateOnly issuedOn, string period = "2026-10", string gl = "200") => await WithDbAsync(async db =>
    {
        var invoice = CustomerInvoice.Draft(clientId, "default", BillingPeriod.Parse(period), "GBP", null, DateTimeOffset.UtcNow);
        invoice.AddLine(new CustomerInvoiceLine("recurring", "MS", "Managed services", "time", 1, amount, amount, MoneyRound(amount * 0.2m), gl, "AG-1"));
        invoice.Approve();
        var next = (await db.Invoices.MaxAsync(i => i.Number) ?? 0) + 1;
        invoice.Issue(next, issuedOn, 30);
        db.Invoices.Add(invoice);
        await db.SaveChangesAsync();
        return invoice;
    });

    private static decimal MoneyRound(decimal value) => Psa.Domain.Common.MoneyMath.Round2(value);

    public async ValueTask DisposeAsync()
    {
        Owner.Dispose();
        App.Dispose();
        await Fake.DisposeAsync();
    }
}
