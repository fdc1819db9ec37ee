using System.Text.Json;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Scenarios;
using Shouldly;
using Xunit;

namespace Psa.Tests.Billing;

public sealed class BillingResultJsonTests
{
    private static readonly BillingResult Result = new(
        BillingPeriod.Of(2026, 10),
        [
            new Invoice("acme", "acme-main",
            [
                new InvoiceLine(LineKind.Time, "remote", 1.25m, 125m, 175m, 0m, "4000", ["t1"]),
                new InvoiceLine(LineKind.Recurring, "edr", 31m, 7.5m, 165m, 13.61m, "4250", ["acme-msp"], Days: 22),
            ]),
        ],
        [
            new BlockBalance("acme-block", BalanceUnit.Minutes, 90m, 0m),
            new BlockBalance("birch-block", BalanceUnit.Money, 300m, 12.5m),
        ],
        [new BillingWarning(WarningCodes.LateTime, ["t0"])]);

    [Fact]
    public void BillingResultJson_WritesTheOutputShapeWithMoneyAtTwoDecimalsAndWholeMinutes()
    {
        var json = BillingResultJson.Serialize(Result, indented: false);

        json.ShouldBe((
            "{'period':'2026-10','invoices':[{'client':'acme','group':'acme-main','lines':["
            + "{'kind':'time','item':'remote','quantity':1.25,'unitPrice':125.00,'amount':175.00,'taxAmount':0.00,'glAccount':'4000','sources':['t1']},"
            + "{'kind':'recurring','item':'edr','quantity':31,'unitPrice':7.50,'amount':165.00,'taxAmount':13.61,'glAccount':'4250','days':22,'sources':['acme-msp']}],"
            + "'subtotal':340.00,'tax':13.61,'total':353.61}],"
            + "'balances':[{'agreement':'acme-block','unit':'minutes','remaining':90,'expired':0},"
            + "{'agreement':'birch-block','unit':'money','remaining':300.00,'expired':12.50}],"
            + "'warnings':[{'code':'late_time','ids':['t0']}]}").Replace('\'', '"'));
    }

    [Fact]
    public void BillingResultJson_IndentedOutput_IsValidJson()
    {
        using var document = JsonDocument.Parse(BillingResultJson.Serialize(Result));
        document.RootElement.GetProperty("invoices")[0].GetProperty("total").GetDecimal().ShouldBe(353.61m);
    }
}
