using Psa.Web.Auth;

namespace Psa.Web.Billing;

/// <summary>Printable HTML, CSV and UBL downloads for signed-in staff (cookie), beside the Blazor pages.</summary>
public static class BillingDocumentEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/billing/invoices/{id:guid}").RequirePermission(Permission.InvoicesRead).ExcludeFromDescription();
        group.MapGet("/print", async (Guid id, InvoiceDocuments documents) =>
            await documents.LoadAsync(id) is { } d ? Results.Content(await documents.HtmlAsync(d), "text/html; charset=utf-8") : Results.NotFound());
        group.MapGet("/csv", async (Guid id, InvoiceDocuments documents) =>
            await documents.LoadAsync(id) is { } d
                ? Results.File(System.Text.Encoding.UTF8.GetBytes(InvoiceDocuments.Csv(d)), "text/csv", $"{d.Invoice.DisplayNumber}.csv")
                : Results.NotFound());
        group.MapGet("/ubl", async (Guid id, InvoiceDocuments documents) =>
            await documents.LoadAsync(id) is { } d ? UblResult(d) : Results.NotFound());
    }

    public static IResult UblResult(InvoiceDocument d)
    {
        using var stream = new MemoryStream();
        InvoiceDocuments.Ubl(d).Save(stream);
        return Results.File(stream.ToArray(), "application/xml", $"{d.Invoice.DisplayNumber}.xml");
    }
}
