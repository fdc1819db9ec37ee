using System.Globalization;
using System.Text;

namespace Psa.Web;

/// <summary>Cells of every CSV export.</summary>
public static class CsvText
{
    /// <summary>
    /// Quotes when needed, and defuses spreadsheet formulas: a text cell starting with = + - @ (or a tab
    /// or carriage return) gets a leading apostrophe; numbers such as -12.50 stay numbers.
    /// </summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0]) && !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>A header line and one line per row; numbers and dates in the invariant culture, null as an empty cell.</summary>
    public static string Table(string[] header, IEnumerable<object?[]> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(',', header.Select(Cell)));
        foreach (var row in rows)
        {
            sb.AppendLine(string.Join(',', row.Select(v => Cell(v switch
            {
                null => string.Empty,
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => v.ToString() ?? string.Empty,
            }))));
        }

        return sb.ToString();
    }
}
