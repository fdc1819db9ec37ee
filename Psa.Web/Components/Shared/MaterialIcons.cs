using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using MudBlazor;

namespace Psa.Web.Components.Shared;

/// <summary>MudBlazor's outlined Material icons looked up by ligature name ("account_tree" → AccountTree).</summary>
public static class MaterialIcons
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static string Outlined(string name) => Cache.GetOrAdd(name, static n =>
    {
        var member = string.Concat(n.Split('_', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => char.ToUpper(part[0], CultureInfo.InvariantCulture) + part[1..]));
        var field = typeof(Icons.Material.Outlined).GetField(member, BindingFlags.Public | BindingFlags.Static);
        return field?.GetValue(null) as string ?? Icons.Material.Outlined.Circle;
    });
}
