using System.Text.RegularExpressions;

namespace Psa.Domain.Sow;

/// <summary>Word-level comparison of short titles, forgiving of word order, plurals and filler words.</summary>
public static partial class SowText
{
    private static readonly HashSet<string> Filler =
    [
        "the", "of", "and", "a", "an", "to", "for", "in", "on", "with", "by", "at", "from", "into", "all", "any", "our", "your", "their",
        "phase", "stage", "step", "part", "wave", "workstream", "ph",
    ];

    /// <summary>Stems of the meaningful words ("Migrating the servers" → migrat, server).</summary>
    public static IReadOnlyList<string> Stems(string text) =>
        Words(text).Distinct().ToList();

    /// <summary>Every meaningful word's stem, repeats kept (term counts for similarity of long texts).</summary>
    public static IEnumerable<string> Words(string text) =>
        WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => !Filler.Contains(w) && !w.All(char.IsDigit)).Select(Stem);

    /// <summary>Dice coefficient of the two stem sets (1 = same words).</summary>
    public static double Similarity(string a, string b)
    {
        var x = Stems(a);
        var y = Stems(b);
        if (x.Count == 0 || y.Count == 0)
        {
            return 0;
        }

        var common = x.Intersect(y).Count();
        return 2.0 * common / (x.Count + y.Count);
    }

    /// <summary>How much of <paramref name="reference"/> the <paramref name="name"/> covers (a short reference to a long name).</summary>
    public static double Coverage(string reference, string name)
    {
        var x = Stems(reference);
        var y = Stems(name);
        return x.Count == 0 || y.Count == 0 ? 0 : (double)x.Intersect(y).Count() / x.Count;
    }

    public static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Stem(string word)
    {
        foreach (var suffix in (string[])["ing", "ion", "ed", "es", "s"])
        {
            if (word.Length > suffix.Length + 3 && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                word = word[..^suffix.Length];
                break;
            }
        }

        return word.Length > 7 ? word[..7] : word;
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();
}
