using Psa.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Psa.Domain.Clients;
using Psa.Web.Clients;

namespace Psa.Web.Api;

public sealed record ContactDto(Guid Id, string Name, string Email, string? Phone, bool IsPrimary);

public sealed record SiteDto(Guid Id, string Name, string? Address);

public sealed record ClientDto(Guid Id, string Code, string Name, decimal TaxRatePercent, decimal? HourlyRate, bool IsActive, string? Notes, ContactDto[] Contacts, SiteDto[] Sites)
{
    public static ClientDto From(Client c) => new(c.Id, c.Code, c.Name, c.TaxRate * 100, c.HourlyRate, c.IsActive, c.Notes,
        c.Contacts.Select(x => new ContactDto(x.Id, x.Name, x.Email, x.Phone, x.IsPrimary)).ToArray(),
        c.Sites.Select(s => new SiteDto(s.Id, s.Name, s.Address)).ToArray());
}

public sealed record ContactInput(string Name, string Email, string? Phone, bool Primary);

public sealed record SiteInput(string Name, string? Address);

public static class ClientsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/clients").WithTags("Clients").AddEndpointFilter<DomainErrorFilter>();
        g.MapGet("/", async (ClientService clients) => TypedResults.Ok(await clients.ListAsync())).WithName("ListClients").RequirePermission(Permission.ClientsRead).WithSummary("Clients with contact, site and project counts.");
        g.MapGet("/{id:guid}", async Task<Results<Ok<ClientDto>, NotFound>> (Guid id, ClientService clients) =>
            await clients.GetAsync(id) is { } c ? TypedResults.Ok(ClientDto.From(c)) : TypedResults.NotFound()).WithName("GetClient").RequirePermission(Permission.ClientsRead);
        g.MapPost("/", async (ClientInput input, ClientService clients) =>
        {
            var id = await clients.SaveAsync(null, input);
            return TypedResults.Created($"/api/v1/clients/{id}", ClientDto.From((await clients.GetAsync(id))!));
        }).WithName("CreateClient").RequirePermission(Permission.ClientsManage).WithSummary("Creates a client; the code must be unique.");
        g.MapPut("/{id:guid}", async (Guid id, ClientInput input, ClientService clients) =>
        {
            await clients.SaveAsync(id, input);
            return TypedResults.Ok(ClientDto.From((await clients.GetAsync(id))!));
        }).WithName("UpdateClient").RequirePermission(Permission.ClientsManage);
        g.MapGet("/{id:guid}/contacts", async Task<Results<Ok<ContactDto[]>, NotFound>> (Guid id, ClientService clients) =>
            await clients.GetAsync(id) is { } c ? TypedResults.Ok(ClientDto.From(c).Contacts) : TypedResults.NotFound()).WithName("ListContacts").RequirePermission(Permission.ClientsRead);
        g.MapPost("/{id:guid}/contacts", async (Guid id, ContactInput input, ClientService clients) =>
        {
            var contactId = await clients.AddContactAsync(id, input.Name, input.Email, input.Phone, input.Primary);
            return TypedResults.Created($"/api/v1/clients/{id}/contacts", ClientDto.From((await clients.GetAsync(id))!).Contacts.Single(c => c.Id == contactId));
        }).WithName("AddContact").RequirePermission(Permission.ClientsManage);
        g.MapPost("/{id:guid}/sites", async (Guid id, SiteInput input, ClientService clients) =>
        {
            var siteId = await clients.AddSiteAsync(id, input.Name, input.Address);
            return TypedResults.Created($"/api/v1/clients/{id}", ClientDto.From((await clients.GetAsync(id))!).Sites.Single(s => s.Id == siteId));
        }).WithName("AddSite").RequirePermission(Permission.ClientsManage);
    }
}
