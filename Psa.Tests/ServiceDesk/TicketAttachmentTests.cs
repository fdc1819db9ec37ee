using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Clients;
using Psa.Domain;
using Psa.Domain.ServiceDesk;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Web.ServiceDesk;
using Psa.Web.TimeTracking;
using Shouldly;

namespace Psa.Tests.ServiceDesk;

/// <summary>Files on tickets: kept with the ticket, listed on it, downloaded by staff and by the ticket's own client only.</summary>
public sealed class TicketAttachmentTests : IAsyncLifetime
{
    private readonly PsaAppFactory _app = new();
    private AsyncServiceScope _scope;
    private TicketActor _owner = null!;
    private Guid _clientId;
    private Guid _otherClientId;
    private Guid _contactId;

    public async Task InitializeAsync()
    {
        var tenant = await _app.CreateTenantAsync("fileco");
        _scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        var engineer = await _scope.ServiceProvider.GetRequiredService<EngineerDirectory>().ForUserAsync(tenant.OwnerUserId);
        _owner = new TicketActor(engineer.Name, tenant.OwnerUserId, engineer.Id);
        await using var db = _scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        var client = Client.Create("contoso", "Contoso", 0m);
        var contact = client.AddContact("Alice Contoso", "alice@contoso.test");
        var other = Client.Create("fabrikam", "Fabrikam", 0m);
        db.AddRange(client, other);
        await db.SaveChangesAsync();
        (_clientId, _otherClientId, _contactId) = (client.Id, other.Id, contact.Id);
    }

    public async Task DisposeAsync()
    {
        await _scope.DisposeAsync();
        _app.Dispose();
    }

    [Fact]
    public async Task StaffAndTheContact_AttachFiles_StaffDownloadThem_AndAnotherClientCannot()
    {
        var tickets = _scope.ServiceProvider.GetRequiredService<TicketService>();
        var number = await tickets.CreateAsync(new NewTicketInput { ClientId = _clientId, ContactId = _contactId, Title = "Printer" }, _owner);
        var bytes = Encoding.UTF8.GetBytes("error 42 at boot");
        var staffFile = await tickets.AttachAsync(number, null, "boot.txt", bytes.Length, new MemoryStream(bytes), _owner);
        var contact = new TicketActor("Alice Contoso", null, null, _contactId, _clientId);
        await tickets.AttachAsync(number, null, "photo.png", 3, new MemoryStream([1, 2, 3]), contact);

        var detail = (await tickets.GetAsync(number))!;
        detail.Attachments.Select(a => (a.FileName, a.UploadedBy)).ShouldBe([("boot.txt", _owner.Name), ("photo.png", "Alice Contoso")]);
        detail.Activity.Select(a => a.Text).ShouldContain("Attached photo.png");
        (await tickets.OpenAttachmentAsync(staffFile, _otherClientId)).ShouldBeNull();
        var (attachment, content) = (await tickets.OpenAttachmentAsync(staffFile, _clientId))!.Value;
        await content.DisposeAsync();
        attachment.FileName.ShouldBe("boot.txt");

        var refused = await Should.ThrowAsync<DomainException>(() => tickets.AttachAsync(number, null, "run.exe", 3, new MemoryStream([1, 2, 3]), contact));
        refused.Field.ShouldBe("File");
        await Should.ThrowAsync<DomainException>(() => tickets.AttachAsync(number, null, "x.txt", 3, new MemoryStream([1, 2, 3]),
            new TicketActor("Mallory", null, null, Guid.NewGuid(), _otherClientId)));

        var staff = await _app.SignedInClientAsync("fileco", "owner@example.com");
        var download = await staff.GetAsync($"/tickets/attachments/{staffFile}");
        download.EnsureSuccessStatusCode();
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(bytes);
        (await _app.ClientFor("fileco").GetAsync($"/tickets/attachments/{staffFile}")).IsSuccessStatusCode.ShouldBeFalse();
        (await _app.ClientFor("fileco").GetAsync($"/portal/tickets/attachments/{staffFile}")).IsSuccessStatusCode.ShouldBeFalse();
    }
}
