namespace Psa.FakeXero;

/// <summary>
/// What a person would do in Xero's own screens, as plain endpoints under <c>/fake</c> (demos and
/// browser journeys): see the books, void an invoice, record a payment, start a 429 storm.
/// </summary>
public static class FakeXeroConsole
{
    public static void Map(WebApplication app)
    {
        var fake = app.MapGroup("/fake");
        fake.MapGet("/organisations", (FakeXeroState state) => Results.Json(state.Organisations.Values.Select(o => new
        {
            o.TenantId,
            o.Name,
            Contacts = o.Contacts.Count,
            Invoices = o.Invoices.Select(i => new { i.InvoiceID, i.InvoiceNumber, i.Reference, i.Status, i.Total, i.AmountDue }),
            CreditNotes = o.CreditNotes.Count,
            Payments = o.Payments.Count,
        })));
        fake.MapPost("/organisations/{tenantId:guid}/invoices/{invoiceId:guid}/void", (Guid tenantId, Guid invoiceId, FakeXeroState state) =>
            Results.Json(state.VoidInvoice(tenantId, invoiceId), FakeXeroJson.Options));
        fake.MapPost("/organisations/{tenantId:guid}/invoices/{invoiceId:guid}/pay", (Guid tenantId, Guid invoiceId, decimal amount, FakeXeroState state) =>
            Results.Json(state.Pay(tenantId, invoiceId, amount, DateOnly.FromDateTime(state.Time.GetUtcNow().UtcDateTime)), FakeXeroJson.Options));
        fake.MapPost("/storm", (int count, int? retryAfter, FakeXeroState state) =>
        {
            state.ForceTooManyRequests(count, retryAfter ?? 1);
            return Results.Ok();
        });
    }
}
