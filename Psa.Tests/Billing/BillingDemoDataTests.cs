using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Billing;
using Psa.Domain.Tenancy;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Web.Billing;
using Psa.Web.Hosting;
using Shouldly;

namespace Psa.Tests.Billing;

public sealed class BillingDemoDataTests
{
    [Fact]
    public async Task DemoWorkspace_HasLastMonthReadyToBill()
    {
        using var app = new PsaAppFactory();
        app.Settings["Psa:SeedDemo"] = "true";
        _ = app.Server;
        var tenant = (await app.Service<TenantDirectory>().FindAsync(TenantSlug.Parse(DemoSeeder.Slug)))!;
        await using var scope = app.Service<TenantScopeFactory>().Open(tenant);
        var last = BillingPeriod.Containing(DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-1));

        var preview = await scope.ServiceProvider.GetRequiredService<BillingRunService>().PreviewAsync(last);

        preview.Result.Invoices.Select(i => i.ClientId).Distinct().Order().ShouldBe(["contoso", "fabrikam", "tailspin"]);
        preview.Result.Balances.Count.ShouldBe(2);
        preview.Result.Warnings.ShouldContain(w => w.Code == WarningCodes.UnapprovedTime);
    }
}
