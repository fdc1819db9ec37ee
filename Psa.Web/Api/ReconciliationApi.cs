using Psa.Domain;
using Psa.Domain.Billing;
using Psa.Domain.Reconciliation;
using Psa.Web.Auth;
using Psa.Web.Reconciliation;

namespace Psa.Web.Api;

public sealed record FindingJson(string Code, string Client, string Ref, decimal Amount, string Status, string Detail, DateTimeOffset FirstSeen, string Link, Guid Id);

public sealed record FindingsResponse(string AsOf, IReadOnlyList<FindingJson> Findings);

public sealed record ProfitRowJson(string Client, string ServiceLine, decimal Revenue, decimal Cost, decimal Margin, decimal? MarginPercent);

public sealed record ProfitabilityResponse(string From, string To, IReadOnlyList<ProfitRowJson> Rows);

/// <summary><c>/api/v1/reconciliation/findings</c> and <c>/api/v1/profitability</c>.</summary>
public static class ReconciliationApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/reconciliation/findings", async (ReconciliationService service, string? code, FindingStatus? status, string? client) =>
            {
                if (code is { Length: > 0 } && !FindingCodes.All.Contains(code))
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["code"] = [$"Unknown code; one of {string.Join(", ", FindingCodes.All)}."] });
                }

                var findings = await service.ListAsync(code, status ?? FindingStatus.Open, client);
                return Results.Ok(new FindingsResponse(service.Today().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    findings.Select(f => new FindingJson(f.Code, f.ClientCode, f.Ref, f.Amount, f.Status.ToString().ToLowerInvariant(), f.Detail, f.FirstSeenUtc, f.Link, f.Id)).ToList()));
            })
            .WithTags("Reconciliation").WithName("ListReconciliationFindings").RequirePermission(Permission.Reconciliation)
            .WithSummary("Reconciliation findings (open by default; status=Resolved or Dismissed for the others), optionally of one code or client.");

        api.MapGet("/profitability", async (ProfitabilityService service, string? from, string? to) =>
            {
                if (!BillingPeriod.TryParse(from, out var first) || !BillingPeriod.TryParse(to, out var last))
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { [BillingPeriod.TryParse(from, out _) ? "to" : "from"] = ["Give a period as YYYY-MM."] });
                }

                try
                {
                    var rows = await service.TableAsync(first, last);
                    return Results.Ok(new ProfitabilityResponse(first.ToString(), last.ToString(),
                        rows.Select(r => new ProfitRowJson(r.Client, r.ServiceLine, r.Revenue, r.Cost, r.Margin, r.MarginPercent)).ToList()));
                }
                catch (DomainException ex)
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["from"] = [ex.Message] });
                }
            })
            .WithTags("Reconciliation").WithName("GetProfitability").RequirePermission(Permission.Profitability)
            .WithSummary("Revenue, cost and margin per client and service line over the periods from..to (YYYY-MM), the client furthest underwater first.");
    }
}
