using System.Text;
using Psa.Web.Auth;
using Psa.Web.Projects;

namespace Psa.Web.Audit;

public static class AuditEndpoints
{
    /// <summary>The audit trail's CSV export, with the page's filters (cookie sign-in; tokens never reach the audit trail).</summary>
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/settings/audit.csv", async (string? category, string? actor, DateOnly? from, DateOnly? to, string? text, AuditTrail audit, WorkspaceClock clock) =>
        {
            var entries = await audit.SearchAsync(new AuditQuery(category, actor, from, to, text), clock.Zone, limit: int.MaxValue);
            var csv = AuditTrail.ToCsv(entries, clock.Zone);
            return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv", $"audit-{clock.Today:yyyy-MM-dd}.csv");
        }).RequirePermission(Permission.Audit).ExcludeFromDescription();
}
