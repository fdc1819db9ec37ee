using System.Globalization;
using System.Text.Json;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Scenarios;
using Shouldly;
using Xunit;

namespace Psa.Tests.Billing;

/// <summary>
/// Every shared scenario, run end to end: read, bill, write as §7 JSON, compare with <c>expected</c>.
/// Lines are compared as a multiset per invoice on kind, item, amount, taxAmount, glAccount and
/// sources; quantity and unitPrice are informative.
/// </summary>
public sealed class ScenarioTests
{
    public static TheoryData<string> Scenarios => ScenarioFiles.Names();

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Scenario_ProducesExpectedInvoicesBalancesAndWarnings(string file)
    {
        using var scenario = JsonDocument.Parse(ScenarioFiles.Read(file));
        var read = ScenarioReader.Read(scenario.RootElement);
        read.Problems.ShouldBeEmpty();

        var output = BillingResultJson.Serialize(BillingEngine.Run(read.Input!));
        using var actualDocument = JsonDocument.Parse(output);
        var actual = actualDocument.RootElement;
        var expected = scenario.RootElement.GetProperty("expected");

        actual.GetProperty("period").GetString().ShouldBe(expected.GetProperty("period").GetString());

        var actualInvoices = Invoices(actual);
        var expectedInvoices = Invoices(expected);
        actualInvoices.Keys.Order().ShouldBe(expectedInvoices.Keys.Order(), $"invoice (client, group) set of {file}\n{output}");
        foreach (var (key, invoice) in expectedInvoices)
        {
            actualInvoices[key].ShouldBe(invoice, $"invoice {key} of {file}\n{output}");
        }

        Balances(actual).ShouldBe(Balances(expected), $"balances of {file}");
        Warnings(actual).ShouldBe(Warnings(expected), $"warnings of {file}");
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Scenario_OrdersInvoicesAndLinesLikeExpected(string file)
    {
        using var scenario = JsonDocument.Parse(ScenarioFiles.Read(file));
        var output = BillingResultJson.Serialize(BillingEngine.Run(ScenarioReader.Read(scenario.RootElement).Input!));
        using var actual = JsonDocument.Parse(output);

        Order(actual.RootElement).ShouldBe(Order(scenario.RootElement.GetProperty("expected")), output);
    }

    internal static List<string> Order(JsonElement result) =>
        result.GetProperty("invoices").EnumerateArray()
            .SelectMany(i => i.GetProperty("lines").EnumerateArray().Select(l =>
                $"{i.GetProperty("client").GetString()}/{i.GetProperty("group").GetString()}: "
                + $"{l.GetProperty("kind").GetString()} {l.GetProperty("item").GetString()} {Money(l, "amount")}"))
            .ToList();

    internal static Dictionary<string, string> Invoices(JsonElement result) =>
        result.GetProperty("invoices").EnumerateArray().ToDictionary(
            i => $"{i.GetProperty("client").GetString()}/{i.GetProperty("group").GetString()}",
            i =>
            {
                var lines = i.GetProperty("lines").EnumerateArray()
                    .Select(l => string.Join(" | ",
                        l.GetProperty("kind").GetString(),
                        l.GetProperty("item").GetString(),
                        Money(l, "amount"),
                        Money(l, "taxAmount"),
                        l.GetProperty("glAccount").GetString(),
                        string.Join(",", l.GetProperty("sources").EnumerateArray().Select(s => s.GetString()))))
                    .Order(StringComparer.Ordinal);
                return string.Join("\n", lines)
                    + $"\nsubtotal {Money(i, "subtotal")} tax {Money(i, "tax")} total {Money(i, "total")}";
            });

    internal static List<string> Balances(JsonElement result) =>
        result.GetProperty("balances").EnumerateArray()
            .Select(b => $"{b.GetProperty("agreement").GetString()} {b.GetProperty("unit").GetString()} "
                + $"remaining {Money(b, "remaining")} expired {Money(b, "expired")}")
            .ToList();

    internal static List<string> Warnings(JsonElement result) =>
        result.GetProperty("warnings").EnumerateArray()
            .Select(w => $"{w.GetProperty("code").GetString()}: {string.Join(",", w.GetProperty("ids").EnumerateArray().Select(s => s.GetString()))}")
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string Money(JsonElement obj, string name) =>
        obj.GetProperty(name).GetDecimal().ToString("0.00########", CultureInfo.InvariantCulture);
}
