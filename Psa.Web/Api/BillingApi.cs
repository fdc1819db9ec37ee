using Psa.Web.Auth;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Ledger;
using Psa.Domain.Billing.Scenarios;
using Psa.Web.Billing;

namespace Psa.Web.Api;

/// <summary>Agreements, billing runs and invoices under <c>/api/v1</c>.</summary>
public static class BillingApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var agreements = api.MapGroup("/agreements").WithTags("Agreements");
        agreements.MapGet("/", async (AgreementService service) => TypedResults.Ok(await service.ListAsync()))
            .WithName("ListAgreements").RequirePermission(Permission.AgreementsRead).WithSummary("Every agreement of the workspace.");
        agreements.MapGet("/{code}", async (string code, AgreementService service) =>
                await service.GetAsync(code) is { } form ? Results.Ok(form) : Results.NotFound())
            .WithName("GetAgreement").RequirePermission(Permission.AgreementsRead).WithSummary("One agreement with every option.");
        agreements.MapPost("/", async (AgreementForm form, AgreementService service) =>
            {
                form.Id = null;
                await service.SaveAsync(form);
                return Results.Created($"/api/v1/agreements/{form.Code}", await service.GetAsync(form.Code));
            })
            .WithName("CreateAgreement").RequirePermission(Permission.AgreementsManage).WithSummary("Creates an agreement.");
        agreements.MapPut("/{code}", async (string code, AgreementForm form, AgreementService service) =>
            {
                if (await service.GetAsync(code) is not { } existing)
                {
                    return Results.NotFound();
                }

                form.Id = existing.Id;
                await service.SaveAsync(form);
                return Results.Ok(await service.GetAsync(form.Code));
            })
            .WithName("UpdateAgreement").RequirePermission(Permission.AgreementsManage).WithSummary("Replaces an agreement's options.");

        var runs = api.MapGroup("/billing").WithTags("Billing runs");
        runs.MapPost("/preview", async (string period, BillingRunService service) =>
                Parse(period, out var p) ? Results.Text(BillingResultJson.Serialize((await service.PreviewAsync(p)).Result), "application/json") : BadPeriod(period))
            .WithName("PreviewBillingRun").RequirePermission(Permission.BillingRuns).WithSummary("What a run for the period would bill (BILLING.md §7 JSON); nothing is stored.");
        runs.MapPost("/runs", async (string period, BillingRunService service) =>
            {
                if (!Parse(period, out var p))
                {
                    return BadPeriod(period);
                }

                var outcome = await service.RunAsync(p, "api");
                return Results.Created($"/api/v1/billing/runs/{outcome.RunId}", new { id = outcome.RunId, period, invoices = outcome.InvoiceIds });
            })
            .WithName("StartBillingRun").RequirePermission(Permission.BillingRuns).WithSummary("Bills the period (idempotent: sources already billed are skipped) and stores draft invoices.");
        runs.MapGet("/runs", async (BillingRunService service) => TypedResults.Ok(await service.ListRunsAsync()))
            .WithName("ListBillingRuns").RequirePermission(Permission.BillingRuns).WithSummary("Billing runs, newest first, with their warnings.");
        runs.MapGet("/runs/{id:guid}", async (Guid id, BillingRunService service) =>
                (await service.ListRunsAsync()).FirstOrDefault(r => r.Id == id) is { } run ? Results.Ok(run) : Results.NotFound())
            .WithName("GetBillingRun").RequirePermission(Permission.BillingRuns).WithSummary("One run's status, totals and warnings.");

        var invoices = api.MapGroup("/invoices").WithTags("Invoices");
        invoices.MapGet("/", async (InvoiceService service, InvoiceStatus? status, string? period) => TypedResults.Ok(await service.ListAsync(status, period)))
            .WithName("ListInvoices").RequirePermission(Permission.InvoicesRead).WithSummary("Invoices and credit notes, filtered by status or period.");
        invoices.MapGet("/{id:guid}", async (Guid id, InvoiceService service) =>
                await service.GetAsync(id) is { } i ? Results.Ok(InvoiceJson(i)) : Results.NotFound())
            .WithName("GetInvoice").RequirePermission(Permission.InvoicesRead).WithSummary("One invoice with its lines.");
        invoices.MapPost("/{id:guid}/approve", async (Guid id, InvoiceService service) => { await service.ApproveAsync(id); return Results.NoContent(); })
            .WithName("ApproveInvoice").RequirePermission(Permission.InvoicesManage);
        invoices.MapPost("/{id:guid}/issue", async (Guid id, InvoiceService service, HttpContext http) => { await service.IssueAsync(id, new Uri($"{http.Request.Scheme}://{http.Request.Host}/")); return Results.NoContent(); })
            .WithName("IssueInvoice").RequirePermission(Permission.InvoicesManage).WithSummary("Gives the next gapless number (the invoice is immutable afterwards) and mails it with its PDF, UBL and portal link to the client's billing contacts.");
        invoices.MapPost("/{id:guid}/void", async (Guid id, VoidRequest body, InvoiceService service) => { await service.VoidAsync(id, body.Reason); return Results.NoContent(); })
            .WithName("VoidInvoice").RequirePermission(Permission.InvoicesManage);
        invoices.MapPost("/{id:guid}/credit", async (Guid id, CreditRequest body, InvoiceService service) =>
                Results.Created("/api/v1/invoices", new { id = await service.CreditAsync(id, body.LineIds) }))
            .WithName("CreditInvoice").RequirePermission(Permission.InvoicesManage).WithSummary("A draft credit note for exact lines; credited time is not billed again.");
        invoices.MapGet("/{id:guid}/ubl", async (Guid id, InvoiceDocuments documents) =>
                await documents.LoadAsync(id) is { } d ? BillingDocumentEndpoints.UblResult(d) : Results.NotFound())
            .WithName("DownloadInvoiceUbl").RequirePermission(Permission.InvoicesRead).WithSummary("UBL 2.1 (Peppol BIS Billing 3.0) XML.");
    }

    private static bool Parse(string period, out BillingPeriod p) => BillingPeriod.TryParse(period, out p);

    private static IResult BadPeriod(string period) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { ["period"] = [$"'{period}' is not a period YYYY-MM."] });

    private static object InvoiceJson(CustomerInvoice i) => new
    {
        i.Id, number = i.DisplayNumber, status = i.Status.ToString().ToLowerInvariant(), i.IsCreditNote, i.CreditsInvoiceId, i.Group, i.Period, i.Currency,
        i.IssuedOn, i.DueOn, i.Subtotal, i.Tax, i.Total,
        lines = i.Lines.OrderBy(l => l.Order).Select(l => new { l.Id, l.Kind, l.Item, l.Description, l.Section, l.Quantity, l.UnitPrice, l.Amount, l.TaxAmount, l.GlAccount, sources = l.SourceList, l.Detail, l.CreditsLineId }),
    };
}

public sealed record VoidRequest(string Reason);

public sealed record CreditRequest(Guid[] LineIds);
