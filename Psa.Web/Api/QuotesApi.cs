using Psa.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;
using Psa.Domain.Quotes;
using Psa.Web.Quotes;

namespace Psa.Web.Api;

public sealed record QuoteLineDto(Guid Id, int Order, QuoteLineKind Kind, string Description, decimal Quantity, decimal UnitPrice, decimal? Hours, Guid? TemplateId, string? Bundle, decimal Amount);

public sealed record QuoteDto(Guid Id, string Number, Guid ClientId, string Title, QuoteStatus Status, DateOnly CreatedOn, DateOnly? AcceptedOn, string? AcceptedBy,
    Guid? SalesOrderId, Domain.Projects.ProjectBillingModel BillingModel, decimal? DepositPercent, decimal Total, QuoteLineDto[] Lines)
{
    public static QuoteDto From(Quote q) => new(q.Id, q.Number, q.ClientId, q.Title, q.Status, q.CreatedOn, q.AcceptedOn, q.AcceptedBy, q.SalesOrderId, q.BillingModel,
        q.DepositPercent, q.Total, q.Lines.OrderBy(l => l.Order).Select(l => new QuoteLineDto(l.Id, l.Order, l.Kind, l.Description, l.Quantity, l.UnitPrice, l.Hours, l.TemplateId, l.Bundle, l.Amount)).ToArray());
}

public sealed record QuoteInput(Guid ClientId, string Title);

public sealed record BundleInput(Guid BundleId);

public static class QuotesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/quotes").WithTags("Quotes").AddEndpointFilter<DomainErrorFilter>();
        g.MapGet("/", async (QuoteService quotes) => TypedResults.Ok(await quotes.ListAsync())).WithName("ListQuotes").RequirePermission(Permission.QuotesRead);
        g.MapGet("/{id:guid}", async Task<Results<Ok<QuoteDto>, NotFound>> (Guid id, QuoteService quotes) =>
            await quotes.GetAsync(id) is { } q ? TypedResults.Ok(QuoteDto.From(q)) : TypedResults.NotFound()).WithName("GetQuote").RequirePermission(Permission.QuotesRead);
        g.MapPost("/", async (QuoteInput input, QuoteService quotes) =>
        {
            var id = await quotes.CreateAsync(input.ClientId, input.Title);
            return TypedResults.Created($"/api/v1/quotes/{id}", QuoteDto.From((await quotes.GetAsync(id))!));
        }).WithName("CreateQuote").RequirePermission(Permission.QuotesManage);
        g.MapPost("/{id:guid}/lines", async (Guid id, QuoteLineInput input, QuoteService quotes) =>
        {
            await quotes.AddLineAsync(id, input);
            return TypedResults.Ok(QuoteDto.From((await quotes.GetAsync(id))!));
        }).WithName("AddQuoteLine").RequirePermission(Permission.QuotesManage).WithSummary("Adds a service, hardware or labour line, optionally linked to a project template.");
        g.MapPost("/{id:guid}/bundles", async (Guid id, BundleInput input, QuoteService quotes) =>
        {
            await quotes.AddBundleAsync(id, input.BundleId);
            return TypedResults.Ok(QuoteDto.From((await quotes.GetAsync(id))!));
        }).WithName("AddQuoteBundle").RequirePermission(Permission.QuotesManage);
        g.MapGet("/bundles", async (QuoteService quotes) => TypedResults.Ok(await quotes.BundlesAsync())).WithName("ListBundles").RequirePermission(Permission.QuotesRead);
        g.MapPost("/{id:guid}/send", async (Guid id, QuoteService quotes, HttpContext http) =>
        {
            await quotes.MarkSentAsync(id, new Uri($"{http.Request.Scheme}://{http.Request.Host}/"));
            return TypedResults.Ok(QuoteDto.From((await quotes.GetAsync(id))!));
        }).WithName("SendQuote").RequirePermission(Permission.QuotesManage).WithSummary("Marks the quote sent (its lines are locked from now on) and mails the client's primary contact a portal link to read and accept it.");
        g.MapPost("/{id:guid}/accept", async (Guid id, QuoteService quotes, ClaimsPrincipal user, HttpContext http) =>
            TypedResults.Ok(await quotes.AcceptAsync(id, DomainErrorFilter.Actor(user), new Uri($"{http.Request.Scheme}://{http.Request.Host}/"))))
            .WithName("AcceptQuote").RequirePermission(Permission.QuotesManage).WithSummary("Marks the quote accepted: sales order, a project per template-linked line (budget from the line), routed tasks, notified engineers.");
    }
}
