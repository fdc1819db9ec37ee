using System.Globalization;
using System.Text.RegularExpressions;

namespace Psa.Domain.Sow;

/// <summary>
/// Reads effort estimates ("16h", "2 days", "1.5 weeks", "2-3 days", "half a day"). The rule:
/// a day is <see cref="HoursPerDay"/> hours and a week is <see cref="DaysPerWeek"/> working days
/// (40 hours); a range counts as its midpoint.
/// </summary>
public static partial class SowEstimates
{
    public const decimal HoursPerDay = 8m;
    public const decimal DaysPerWeek = 5m;

    public sealed record Found(decimal Hours, int Index, int Length);

    /// <summary>The first estimate in <paramref name="text"/>, or null.</summary>
    public static Found? Find(string text)
    {
        Found? first = null;
        foreach (Match match in EstimatePattern().Matches(text))
        {
            if (Number(match.Groups["low"].Value) is not { } low)
            {
                continue;
            }

            var high = match.Groups["high"].Success ? Number(match.Groups["high"].Value) ?? low : low;
            var hours = (low + high) / 2m * UnitHours(match.Groups["unit"].Value);
            if (hours <= 0)
            {
                continue;
            }

            var found = new Found(decimal.Round(hours, 2, MidpointRounding.AwayFromZero), match.Index, match.Length);

            // "over two weeks (estimated 4 days of engineering)": the marked figure is the effort, the other a duration.
            if (Marked(text, match))
            {
                return found;
            }

            first ??= found;
        }

        return first;
    }

    private static bool Marked(string text, Match match)
    {
        var before = text[Math.Max(0, match.Index - 16)..match.Index];
        var after = text[(match.Index + match.Length)..Math.Min(text.Length, match.Index + match.Length + 20)];
        return EffortBefore().IsMatch(before) || EffortAfter().IsMatch(after);
    }

    public static decimal? Hours(string text) => Find(text)?.Hours;

    private static decimal UnitHours(string unit)
    {
        unit = unit.ToLowerInvariant();
        if (unit.StartsWith('w'))
        {
            return HoursPerDay * DaysPerWeek;
        }

        return unit.StartsWith('d') || unit.Contains("day") || unit == "pd" || unit == "md" ? HoursPerDay : 1m;
    }

    private static decimal? Number(string text)
    {
        text = text.Trim().ToLowerInvariant();
        return text switch
        {
            "half a" or "half" or "1/2" or "½" => 0.5m,
            "a" or "an" or "one" => 1m,
            "two" => 2m,
            "three" => 3m,
            "four" => 4m,
            "five" => 5m,
            "six" => 6m,
            "seven" => 7m,
            "eight" => 8m,
            "ten" => 10m,
            _ => decimal.TryParse(text.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null,
        };
    }

    [GeneratedRegex(@"(?:estimat\w*|approx\w*\.?|effort|about|around|roughly|[\(\[~—–:]|\s-)\s*(?:at|of)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex EffortBefore();

    [GeneratedRegex(@"^\s*(?:of (?:effort|engineering|work|consultancy)|effort|[\)\]])", RegexOptions.IgnoreCase)]
    private static partial Regex EffortAfter();

    [GeneratedRegex(@"(?<![\w.%$£€])(?:(?<low>\d+(?:[.,]\d+)?|1/2|½)(?:(?:-|\s*–\s*|\s+to\s+)(?<high>\d+(?:[.,]\d+)?))?\s*|(?<low>half an?|half|an?|one|two|three|four|five|six|seven|eight|ten)\s+)(?<unit>h(?:ou)?rs?|h|hours?|person[- ]days?|man[- ]days?|pd|md|d|days?|w|wks?|weeks?)(?![\w%])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EstimatePattern();
}
