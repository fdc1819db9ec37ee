using System.Globalization;

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
}
