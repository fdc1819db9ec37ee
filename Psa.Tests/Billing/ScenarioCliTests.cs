using System.Text.Json;
using Psa.Web.Cli;
using Shouldly;

namespace Psa.Tests.Billing;

/// <summary>
/// The scenario contract through the product's path: <c>billing preview --scenario FILE</c> imports the
/// file into a throwaway workspace database and runs the product's billing run on it.
/// </summary>
public sealed class ScenarioCliTests
{
    public static TheoryData<string> Scenarios => ScenarioFiles.Names();

    private static string FirstScenario => Directory.GetFiles(ScenarioFiles.Directory, "*.json").Order(StringComparer.Ordinal).Select(Path.GetFileName).First()!;

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task BillingPreview_SharedScenario_PrintsExpectedOutputThroughTheDatabase(string file)
    {
        var (code, stdout, stderr) = await RunAsync("billing", "preview", "--scenario", Path.Combine(ScenarioFiles.Directory, file));

        code.ShouldBe(0, stderr);
        using var scenario = JsonDocument.Parse(ScenarioFiles.Read(file));
        using var actualDocument = JsonDocument.Parse(stdout);
        var actual = actualDocument.RootElement;
        var expected = scenario.RootElement.GetProperty("expected");
        actual.GetProperty("period").GetString().ShouldBe(expected.GetProperty("period").GetString());
        var actualInvoices = ScenarioTests.Invoices(actual);
        var expectedInvoices = ScenarioTests.Invoices(expected);
        actualInvoices.Keys.Order().ShouldBe(expectedInvoices.Keys.Order(), stdout);
        foreach (var (key, invoice) in expectedInvoices)
        {
            actualInvoices[key].ShouldBe(invoice, $"invoice {key} of {file}\n{stdout}");
        }

        ScenarioTests.Balances(actual).ShouldBe(ScenarioTests.Balances(expected), stdout);
        ScenarioTests.Warnings(actual).ShouldBe(ScenarioTests.Warnings(expected), stdout);
        ScenarioTests.Order(actual).ShouldBe(ScenarioTests.Order(expected), stdout);
    }

    [Fact]
    public async Task BillingPreview_InvalidScenario_ExitsTwoAndNamesEachJsonPath()
    {
        var json = ScenarioFiles.Read(FirstScenario);
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        node["timeEntries"]![0]!["client"] = "nobody";
        node["format"] = "psa-scenario/9";
        var path = Path.Combine(Path.GetTempPath(), $"psa-invalid-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, node.ToJsonString());
        try
        {
            var (code, stdout, stderr) = await RunAsync("billing", "preview", "--scenario", path);

            code.ShouldBe(2);
            stdout.ShouldBeEmpty();
            stderr.ShouldContain("timeEntries[0].client");
            stderr.ShouldContain("format");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task BillingPreview_LeavesNoThrowawayWorkspaceBehind()
    {
        var before = Directory.GetDirectories(Path.GetTempPath(), "psa-preview-*").Length;
        var (code, _, stderr) = await RunAsync("billing", "preview", "--scenario", Path.Combine(ScenarioFiles.Directory, FirstScenario));
        code.ShouldBe(0, stderr);
        Directory.GetDirectories(Path.GetTempPath(), "psa-preview-*").Length.ShouldBeLessThanOrEqualTo(before);
    }

    internal static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args) => await RunInAsync(null, args);

    internal static async Task<(int Code, string Stdout, string Stderr)> RunInAsync(string? dataDirectory, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(args, output, error, dataDirectory is null ? null : b =>
        {
            b.Configuration["Psa:DataDirectory"] = dataDirectory;
            b.Configuration["Psa:SeedDemo"] = "false";
        });
        return (code, output.ToString(), error.ToString());
    }
}
