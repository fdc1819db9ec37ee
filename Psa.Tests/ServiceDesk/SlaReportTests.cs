using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Clients;
using Psa.Domain;
using Psa.Domain.Billing;
using Psa.Domain.Contracts;
using Psa.Domain.ServiceDesk;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Tests.TimeTracking;
using Psa.Web.ServiceDesk;
using Psa.Web.TimeTracking;
using Shouldly;

namespace Psa.Tests.ServiceDesk;

/// <summary>The SLA compliance report over real tickets that met, breached or still run their targets.</summary>
public sealed class SlaReportTests(ClockedAppFactory app) : IAsyncLifetime, IClassFixture<ClockedAppFactory>
{
    private readonly TestClock _clock = app.ClockAt(new DateTimeOffset(2026, 11, 16, 9, 0, 0, TimeSpan.Zero)); // Mon 09:00 London
    private readonly PsaAppFactory _app = app;
    private readonly string _slareportSlug = app.NewSlug("slareport");
    private AsyncServiceScope _scope;
    private TicketActor _owner = null!;
    private Guid _contoso;
    private Guid _fabrikam;

    public async Task InitializeAsync()
    {
        var tenant = await _app.CreateTenantAsync(_slareportSlug);
        _scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        var engineer = await Get<EngineerDirectory>().ForUserAsync(tenant.OwnerUserId);
        _owner = new TicketActor(engineer.Name, tenant.OwnerUserId, engineer.Id);
        await using var db = Get<TenantDbContextFactory>().Create();
        var contoso = Client.Create("contoso", "Contoso", 0m);
        var fabrikam = Client.Create("fabrikam", "Fabrikam", 0m);
        var block = ServiceAgreement.Create("contoso-block", contoso.Id, AgreementType.PrepaidHours, new DateOnly(2026, 11, 1), "Contoso 10-hour block");
        block.SetBlock(10m, 1000m, 10m, BlockRefresh.None, null, BlockOverage.Bill);
        block.SetPricing(100m, null, 1, false);
        db.AddRange(contoso, fabrikam, block);
        await db.SaveChangesAsync();
        (_contoso, _fabrikam) = (contoso.Id, fabrikam.Id);
    }

    public async Task DisposeAsync()
    {
        await _scope.DisposeAsync();
    }

    private T Get<T>() where T : notnull => _scope.ServiceProvider.GetRequiredService<T>();

    private Task<int> OpenAsync(Guid client, string title) => Get<TicketService>().CreateAsync(new NewTicketInput
    {
        ClientId = client, Title = title, Impact = TicketImpact.High, Urgency = TicketUrgency.High, // P1: respond in 60, resolve in 240 business minutes
    }, _owner);

    private async Task At(string time, Func<Task> action)
    {
        _clock.Now = DateTimeOffset.Parse("2026-11-17T" + time + ":00Z", System.Globalization.CultureInfo.InvariantCulture);
        await action();
    }

    private async Task ResolveAsync(int number)
    {
        await Get<TicketService>().ChangeStatusAsync(number, TicketStatus.InProgress, _owner);
        await Get<TicketService>().ChangeStatusAsync(number, TicketStatus.Resolved, _owner, "Fixed");
    }

    [Fact]
    public async Task CountsMetBreachedAndOpen_PerClientAndAgreement_WithAverageResponseAndResolution()
    {
        var tickets = Get<TicketService>();
        await OpenAsync(_contoso, "Opened the day before the period");
        _clock.Now = new DateTimeOffset(2026, 11, 17, 9, 0, 0, TimeSpan.Zero);
        var met = await OpenAsync(_contoso, "Answered and fixed in time");
        var breached = await OpenAsync(_contoso, "Answered late");
        var open = await OpenAsync(_contoso, "Still open");
        await OpenAsync(_fabrikam, "Not answered in time, not yet recorded by the watcher");

        await At("09:10", () => tickets.ReplyAsync(open, MessageKind.PublicReply, "On it", _owner));
        await At("09:30", () => tickets.ReplyAsync(met, MessageKind.PublicReply, "On it", _owner));
        await At("10:30", () => tickets.ReplyAsync(breached, MessageKind.PublicReply, "Sorry for the wait", _owner));
        await At("11:00", () => ResolveAsync(met));
        await At("12:20", () => ResolveAsync(breached));

        var report = await Get<SlaReportService>().RunAsync(new DateOnly(2026, 11, 17), new DateOnly(2026, 11, 30));

        report.Clients.Select(r => r.Name).ShouldBe(["Contoso", "Fabrikam"]);
        var contoso = report.Clients[0];
        contoso.ShouldBe(new SlaComplianceRow(_contoso, "Contoso", null, 3, 1, 1, 1, 1, 0, 43.3m, 160m));
        contoso.Compliance.ShouldBe(0.5m);
        report.Clients[1].ShouldBe(new SlaComplianceRow(_fabrikam, "Fabrikam", null, 1, 0, 1, 0, 1, 0, null, null));
        report.Clients[1].Compliance.ShouldBe(0m);
        report.Agreements.Select(r => (r.Name, r.Client, r.Tickets)).ShouldBe(
            [("Contoso 10-hour block", "Contoso", 3), (SlaReportService.NoAgreement, "Fabrikam", 1)]);
        (report.Total.Tickets, report.Total.Met, report.Total.Breached, report.Total.Open).ShouldBe((4, 1, 2, 1));

        var csv = SlaReportService.Csv(report).Split(Environment.NewLine);
        csv[0].ShouldBe("Group,Name,Client,Tickets,Met,Breached,Open,Response breaches,Resolution breaches,Compliance %,Average response (business min),Average resolution (business min)");
        csv[1].ShouldBe("Client,Contoso,,3,1,1,1,1,0,50.0,43.3,160");
        csv.ShouldContain("Agreement,Contoso 10-hour block,Contoso,3,1,1,1,1,0,50.0,43.3,160");
        csv.ShouldContain("Total,All clients,,4,1,2,1,2,0,33.3,43.3,160");

        (await Get<SlaReportService>().RunAsync(new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 16))).Total.Tickets.ShouldBe(1);
    }

    [Fact]
    public async Task APeriodEndingBeforeItStarts_IsRefusedOnTheToField()
    {
        var refused = await Should.ThrowAsync<ValidationFailedException>(() => Get<SlaReportService>().RunAsync(new DateOnly(2026, 11, 30), new DateOnly(2026, 11, 1)));
        refused.Errors.Single().Field.ShouldBe("To");
    }

    [Fact]
    public async Task TheCsvExport_IsAPermissionedDownload()
    {
        var staff = await _app.SignedInClientAsync(_slareportSlug, "owner@example.com");
        var response = await staff.GetAsync("/reports/sla.csv?from=2026-11-01&to=2026-11-30");
        response.EnsureSuccessStatusCode();
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        (await response.Content.ReadAsStringAsync()).ShouldContain("Total,All clients,,0,0,0,0,0,0,,,");
        (await _app.ClientFor(_slareportSlug).GetAsync("/reports/sla.csv?from=2026-11-01&to=2026-11-30")).IsSuccessStatusCode.ShouldBeFalse();
    }
}
