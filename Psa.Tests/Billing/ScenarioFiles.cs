using Xunit;

namespace Psa.Tests.Billing;

/// <summary>
/// Finds the shared billing scenarios: <c>../shared/billing/scenarios</c> beside the repository,
/// looked for from the test binaries upwards (the repository may be cloned anywhere).
/// </summary>
internal static class ScenarioFiles
{
    private static readonly Lazy<string?> Folder = new(Locate);

    public static string Directory =>
        Folder.Value ?? throw new DirectoryNotFoundException(
            $"No '../shared/billing/scenarios' found above {AppContext.BaseDirectory}.");

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    public static string Read(string name) => File.ReadAllText(Path.Combine(Directory, name));

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "billing", "scenarios"));
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
