using System.Globalization;
using CsvHelper;

namespace Psa.Web;

/// <summary>
/// Every CSV export, written by CsvHelper: quoted where needed, numbers and dates in the invariant culture, and
/// spreadsheet formulas defused — a text cell starting with = + - @ (or a tab or carriage return) gets a leading
/// apostrophe and quotes; numbers such as -12.50 stay numbers. Lines end with LF.
/// </summary>
public sealed class CsvText : IDisposable
{
    private static readonly CsvWriterOptions Options = new()
    {
        NewLine = "\n",
        Injection = CsvInjection.Escape,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    private readonly StringWriter _text = new(CultureInfo.InvariantCulture);
    private readonly CsvWriter _csv;

    /// <summary>A table with its header line written.</summary>
    public CsvText(params string[] header)
    {
        _csv = CsvWriter.Create(_text, Options, leaveOpen: true);
        foreach (var name in header)
        {
            _csv.WriteField(name);
        }

        _csv.EndRecord();
    }

    /// <summary>A text cell (null is empty).</summary>
    public CsvText Text(string? value)
    {
        _csv.WriteField(value);
        return this;
    }

    /// <summary>A number cell, with an optional .NET format such as <c>0.00</c>.</summary>
    public CsvText Number(decimal value, string? format = null)
    {
        _csv.WriteField(value, format);
        return this;
    }

    /// <summary>A cell of any value: numbers as numbers, other formattable values in the invariant culture, null as empty.</summary>
    public CsvText Value(object? value)
    {
        switch (value)
        {
            case null:
                _csv.WriteField((string?)null);
                break;
            case decimal or double or float or int or long or short or byte:
                _csv.WriteField(value);
                break;
            case IFormattable f:
                _csv.WriteField(f.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                _csv.WriteField(value.ToString());
                break;
        }

        return this;
    }

    /// <summary>Ends the current line.</summary>
    public CsvText EndRow()
    {
        _csv.EndRecord();
        return this;
    }

    /// <summary>The whole table written so far.</summary>
    public override string ToString()
    {
        _csv.Flush();
        return _text.ToString();
    }

    /// <summary>A header line and one line per row.</summary>
    public static string Table(string[] header, IEnumerable<object?[]> rows)
    {
        using var csv = new CsvText(header);
        foreach (var row in rows)
        {
            foreach (var value in row)
            {
                csv.Value(value);
            }

            csv.EndRow();
        }

        return csv.ToString();
    }

    public void Dispose()
    {
        _csv.Dispose();
        _text.Dispose();
    }
}
