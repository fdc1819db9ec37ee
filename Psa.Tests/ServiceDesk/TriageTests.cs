using Microsoft.EntityFrameworkCore;
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

/// <summary>A ticket from an unknown sender, filed from the triage board under the client the sender turned out to belong to.</summary>
public sealed class TriageTests(ClockedAppFactory app) : IAsyncLifetime, IClassFixture<ClockedAppFactory>
{
    private readonly TestClock _clock = app.ClockAt(new DateTimeOffset(2026, 11, 17, 9, 0, 0, TimeSpan.Zero)); // Tue 09:00 London
    private readonly PsaAppFactory _app = app;
    private readonly string _triagecoSlug = app.NewSlug("triageco");
    private AsyncServiceScope _scope;
    private TicketActor _staff = null!;
    private Guid _contosoId;
    private Guid _blockId;
    private Guid _unknownId;

    public async Task InitializeAsync()
    {
        var tenant = await _app.CreateTenantAsync(_triagecoSlug);
        _scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        var engineer = await Get<EngineerDirectory>().ForUserAsync(tenant.OwnerUserId);
        _staff = new TicketActor(engineer.Name, tenant.OwnerUserId, engineer.Id);
        await using var db = Get<TenantDbContextFactory>().Create();
        var contoso = Client.Create("contoso", "Contoso", 0m);
        var block = ServiceAgreement.Create("contoso-block", contoso.Id, AgreementType.PrepaidHours, new DateOnly(2026, 11, 1), "Contoso 10-hour block");
        block.SetBlock(10m, 1000m, 10m, BlockRefresh.None, null, BlockOverage.Bill);
        block.SetPricing(100m, null, 1, false);
        // Contoso's agreement promises a faster fix than the workspace's standard SLA.
        var premium = SlaPolicy.Create("Contoso premium", block.Id, false, Enum.GetValues<TicketPriority>().ToDictionary(p => p, _ => new SlaTarget(30, 120)));
        var unknown = Client.Create(MailIntake.UnknownSendersCode, "Unknown senders (email)", 0m);
        unknown.Deactivate();
        db.AddRange(contoso, block, premium, unknown);
        await db.SaveChangesAsync();
        (_contosoId, _blockId, _unknownId) = (contoso.Id, block.Id, unknown.Id);
    }

    public async Task DisposeAsync()
    {
        await _scope.DisposeAsync();
    }

    private T Get<T>() where T : notnull => _scope.ServiceProvider.GetRequiredService<T>();

    /// <summary>What the mailbox intake does with mail from someone who is not a contact.</summary>
    private async Task<int> MailedInAsync(string from, string name)
    {
        await using var db = Get<TenantDbContextFactory>().Create();
        await DeskDefaults.EnsureAsync(db);
        var triage = await db.ServiceBoards.Where(b => b.IsTriage).Select(b => b.Id).SingleAsync();
        return await Get<TicketService>().CreateAsync(new NewTicketInput { ClientId = _unknownId, BoardId = triage, Title = "Printer down", Source = TicketSource.Email },
            new TicketActor(name, null, null, null, _unknownId), from, CancellationToken.None);
    }

    [Fact]
    public async Task MovingATriageTicketToAClient_CreatesTheContact_ThenTheAgreementSlaAndRoutingApply()
    {
        var number = await MailedInAsync("bob@contoso.test", "Bob Builder");
        var before = (await Get<TicketService>().GetAsync(number))!;
        (before.AgreementId, before.SlaPolicyName, before.BoardName, before.AssigneeEngineerId).ShouldBe((null, "Standard", DeskDefaults.TriageBoard, null));
        (await Get<TicketService>().TriageAsync(number))!.RequesterEmail.ShouldBe("bob@contoso.test");

        _clock.Now = _clock.Now.AddMinutes(20);
        await Get<TicketService>().MoveToClientAsync(number, new TriageInput(_contosoId, null, "Bob Builder"), _staff);

        var after = (await Get<TicketService>().GetAsync(number))!;
        after.ClientName.ShouldBe("Contoso");
        after.ContactName.ShouldBe("Bob Builder");
        after.AgreementId.ShouldBe(_blockId);
        after.SlaPolicyName.ShouldBe("Contoso premium");
        // The clock still runs from when the mail arrived: 120 business minutes after Tue 09:00.
        after.Clocks.Single(c => c.Kind == SlaClockKind.Resolution).DueUtc.ShouldBe(new DateTimeOffset(2026, 11, 17, 11, 0, 0, TimeSpan.Zero));
        after.BoardName.ShouldBe(DeskDefaults.MainBoard);
        after.AssigneeEngineerId.ShouldBe(_staff.EngineerId);
        after.Activity.ShouldContain(a => a.Text == "Moved to Contoso from triage (contact Bob Builder added)");
        (await Get<TicketService>().TriageAsync(number)).ShouldBeNull();

        await using var db = Get<TenantDbContextFactory>().Create();
        var contact = await db.Contacts.SingleAsync(c => c.ClientId == _contosoId);
        (contact.Name, contact.Email).ShouldBe(("Bob Builder", "bob@contoso.test"));

        // Filed once: it is an ordinary Contoso ticket now.
        (await Should.ThrowAsync<DomainException>(() => Get<TicketService>().MoveToClientAsync(number, new TriageInput(_contosoId, null, null), _staff)))
            .Field.ShouldBe("Client");
    }

    [Fact]
    public async Task AnExistingContactWithTheSendersAddress_IsLinked_NotDuplicated()
    {
        Guid aliceId;
        await using (var db = Get<TenantDbContextFactory>().Create())
        {
            var contoso = await db.Clients.Include(c => c.Contacts).SingleAsync(c => c.Id == _contosoId);
            var alice = contoso.AddContact("Alice Contoso", "alice@contoso.test");
            db.Contacts.Add(alice);
            aliceId = alice.Id;
            await db.SaveChangesAsync();
        }

        var number = await MailedInAsync("Alice@Contoso.test", "alice");
        await Get<TicketService>().MoveToClientAsync(number, new TriageInput(_contosoId, null, null), _staff);

        (await Get<TicketService>().GetAsync(number))!.ContactId.ShouldBe(aliceId);
        await using var check = Get<TenantDbContextFactory>().Create();
        (await check.Contacts.CountAsync(c => c.ClientId == _contosoId)).ShouldBe(1);
    }

    [Fact]
    public async Task MovingToAnInactiveClient_OrAContactOfAnotherClient_IsRefusedOnItsField()
    {
        var number = await MailedInAsync("carol@elsewhere.test", "Carol");
        (await Should.ThrowAsync<DomainException>(() => Get<TicketService>().MoveToClientAsync(number, new TriageInput(_unknownId, null, null), _staff)))
            .Field.ShouldBe("Client");
        (await Should.ThrowAsync<DomainException>(() => Get<TicketService>().MoveToClientAsync(number, new TriageInput(_contosoId, Guid.NewGuid(), null), _staff)))
            .Field.ShouldBe("Contact");
    }
}
