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
        AssertMatchesExpected(ScenarioFiles.Read(file), stdout, file);
    }

    /// <summary>Ids are the scenario's own: capitals and all, they come back exactly as written.</summary>
    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task BillingPreview_IdsWithCapitals_ComeBackExactlyAsWritten(string file)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(ScenarioFiles.Read(file))!;
        var ids = new[] { "clients", "projects" }
            .SelectMany(list => node[list]?.AsArray() ?? [])
            .Select(item => item!["id"]!.GetValue<string>())
            .ToDictionary(id => id, id => char.ToUpperInvariant(id[0]) + id[1..] + "X");
        Rename(node, ids);
        var path = Path.Combine(Path.GetTempPath(), $"psa-capitals-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, node.ToJsonString());
        try
        {
            var (code, stdout, stderr) = await RunAsync("billing", "preview", "--scenario", path);
            code.ShouldBe(0, stderr);
            AssertMatchesExpected(node.ToJsonString(), stdout, file + " (capitalised ids)");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void Rename(System.Text.Json.Nodes.JsonNode? node, IReadOnlyDictionary<string, string> ids)
    {
        switch (node)
        {
            case System.Text.Json.Nodes.JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (value is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var text) && Renamed(text, ids) is { } renamed)
                    {
                        obj[key] = renamed;
                    }
                    else
                    {
                        Rename(value, ids);
                    }
                }

                break;
            case System.Text.Json.Nodes.JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var text) && Renamed(text, ids) is { } renamed)
                    {
                        array[i] = renamed;
                    }
                    else
                    {
                        Rename(array[i], ids);
                    }
                }

                break;
        }
    }

    private static string? Renamed(string text, IReadOnlyDictionary<string, string> ids)
    {
        if (ids.TryGetValue(text, out var exact))
        {
            return exact;
        }

        // Invoice groups of projects are "project:<id>".
        return text.StartsWith("project:", StringComparison.Ordinal) && ids.TryGetValue(text["project:".Length..], out var project)
            ? "project:" + project
            : null;
    }

    private static void AssertMatchesExpected(string scenarioJson, string stdout, string file)
    {
        using var scenario = JsonDocument.Parse(scenarioJson);
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
