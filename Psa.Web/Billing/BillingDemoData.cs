using Microsoft.EntityFrameworkCore;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Tiers;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Billing;

/// <summary>
/// Billing demo data for the demo workspace: products, GL rules, one agreement of each type and last
/// month's approved time, ready to preview and run. Clients <c>contoso</c>, <c>fabrikam</c> and
/// <c>tailspin</c> are created only when missing (the clients feature may seed the same codes).
/// </summary>
public static class BillingDemoData
{
    public static async Task SeedAsync(IServiceProvider scoped, CancellationToken ct = default)
    {
        var factory = scoped.GetRequiredService<TenantDbContextFactory>();
        var now = scoped.GetRequiredService<TimeProvider>().GetUtcNow();
        HashSet<string> existing;
        await using (var db = factory.Create())
        {
            if (await db.Agreements.AnyAsync(ct))
            {
                return;
            }

            existing = (await db.Clients.Select(c => c.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        }

        var last = BillingPeriod.Containing(DateOnly.FromDateTime(now.UtcDateTime).AddMonths(-1));
        var first = last.FirstDay;
        var clients = new List<BillingClient>
        {
            new("contoso", "Contoso Pharmaceuticals", 0.08875m, 150m),
            new("fabrikam", "Fabrikam Logistics", 0.08875m, null),
            new("tailspin", "Tailspin Toys", 0m, 135m),
        }.Where(c => !existing.Contains(c.Id)).ToList();
        var start = first.AddMonths(-3);
        AgreementTerms Terms(string id, string client, string? group = null, string? parent = null, IReadOnlySet<string>? covered = null, bool taxable = false) =>
            new(id, client, start, null, group, parent, covered, taxable);
        var agreements = new List<Agreement>
        {
            new RecurringAgreement(Terms("contoso-managed", "contoso", "contoso-monthly"),
                [new RecurringLine("m365-bp", 22m, [new QuantityChange(start, 48), new QuantityChange(first.AddDays(14), 52)]),
                 new RecurringLine("endpoint", 9.5m, [new QuantityChange(start, 60)])]),
            new PrepaidHoursAgreement(Terms("contoso-block", "contoso", parent: "contoso-managed", covered: new HashSet<string> { "remote", "onsite" }),
                new BlockTerms(10m, 1350m, 4m, BlockRefresh.Monthly, 5m, BlockOverage.Bill)),
            new PrepaidAmountAgreement(Terms("fabrikam-prepaid", "fabrikam", taxable: true), new BlockTerms(2500m, 2500m, 800m, BlockRefresh.None, null, BlockOverage.Renew)),
            new TimeAndMaterialsAgreement(Terms("tailspin-tm", "tailspin")),
        };
        var entries = new List<BillingTimeEntry>();
        var n = 0;
        void Log(string client, string agreement, string workType, int day, int hour, int minutes, bool approved = true) =>
            entries.Add(new BillingTimeEntry($"demo-{++n:D3}", client, "tom", workType, first.AddDays(day - 1).ToDateTime(new TimeOnly(hour, 0)), minutes, true, approved, false, agreement, null));
        Log("contoso", "contoso-block", "remote", 3, 9, 90);
        Log("contoso", "contoso-block", "onsite", 8, 16, 180);
        Log("contoso", "contoso-block", "remote", 15, 20, 60);
        Log("contoso", "contoso-block", "training", 21, 10, 120);
        Log("contoso", "contoso-block", "remote", 24, 11, 480);
        Log("fabrikam", "fabrikam-prepaid", "remote", 6, 10, 240);
        Log("fabrikam", "fabrikam-prepaid", "onsite", 13, 19, 300);
        Log("tailspin", "tailspin-tm", "remote", 9, 14, 75);
        Log("tailspin", "tailspin-tm", "onsite", 20, 9, 150, approved: false);

        var input = new BillingInput(
            new TenantSettings("USD", "America/New_York", new BusinessHours([], TimeSpan.Zero, TimeSpan.Zero), [], TierMultipliers.Flat, 125m, 15, "4000"),
            [], [new Product("m365-bp", "Microsoft 365 Business Premium (per user)", true), new Product("endpoint", "Managed endpoint (per device)", false)],
            clients, [new BillingEngineer("tom", "Tom Becker", 55m)], agreements,
            [new GlRule(null, "recurring", null, "4100"), new GlRule(null, "prepaid_hours", null, "4300"), new GlRule(null, "prepaid_amount", null, "4300")],
            entries, [], last);
        await scoped.GetRequiredService<ScenarioImportService>().ImportAsync(input, includeSettings: false, ct);
    }
}
