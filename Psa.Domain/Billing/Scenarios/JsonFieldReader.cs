using System.Globalization;
using System.Text.Json;

namespace Psa.Domain.Billing.Scenarios;

/// <summary>
/// Reads typed fields out of JSON objects, recording a <see cref="ScenarioProblem"/> with the
/// field's path for each one that is missing, of the wrong type, negative or unparsable.
/// A JSON <c>null</c> counts as absent.
/// </summary>
internal sealed class JsonFieldReader
{
    private static readonly string[] DateTimeFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];

    private readonly List<ScenarioProblem> _problems = [];

    public IReadOnlyList<ScenarioProblem> Problems => _problems;

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public static string Index(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");

    public void Report(string path, string message) => _problems.Add(new ScenarioProblem(path, message));

    public bool IsObject(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        Report(path, "must be an object");
        return false;
    }

    /// <summary>The field's value, or null when the field is absent or JSON null.</summary>
    public static JsonElement? Field(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public JsonElement? Object(JsonElement obj, string name, string path, bool required)
    {
        var fieldPath = Join(path, name);
        if (Present(obj, name, fieldPath, required) is not { } value)
        {
            return null;
        }

        return IsObject(value, fieldPath) ? value : null;
    }

    /// <summary>The items of an array field with their paths; an absent optional array is empty.</summary>
    public IReadOnlyList<(JsonElement Item, string Path)> Array(JsonElement obj, string name, string path, bool required = false)
    {
        var fieldPath = Join(path, name);
        if (Present(obj, name, fieldPath, required) is not { } value)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Report(fieldPath, "must be an array");
            return [];
        }

        return value.EnumerateArray().Select((item, i) => (item, Index(fieldPath, i))).ToList();
    }

    /// <summary>The objects of an array field; items that are not objects are reported and skipped.</summary>
    public IReadOnlyList<(JsonElement Item, string Path)> Objects(JsonElement obj, string name, string path, bool required = false) =>
        Array(obj, name, path, required).Where(x => IsObject(x.Item, x.Path)).ToList();

    public string? String(JsonElement obj, string name, string path, bool required)
    {
        var fieldPath = Join(path, name);
        return Present(obj, name, fieldPath, required) is { } value ? AsString(value, fieldPath) : null;
    }

    public string? AsString(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        Report(path, "must be a string");
        return null;
    }

    public IReadOnlyList<(string Value, string Path)> Strings(JsonElement obj, string name, string path) =>
        Array(obj, name, path)
            .Select(x => (Value: AsString(x.Item, x.Path), x.Path))
            .Where(x => x.Value is not null)
            .Select(x => (x.Value!, x.Path))
            .ToList();

    /// <summary>A number; sizes, prices, rates and minutes may not be negative, and no number here may.</summary>
    public decimal? Number(JsonElement obj, string name, string path, bool required)
    {
        var fieldPath = Join(path, name);
        if (Present(obj, name, fieldPath, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            Report(fieldPath, "must be a number");
            return null;
        }

        if (!value.TryGetDecimal(out var number))
        {
            Report(fieldPath, $"number {value.GetRawText()} is out of range");
            return null;
        }

        if (number < 0)
        {
            Report(fieldPath, $"must not be negative (got {value.GetRawText()})");
            return null;
        }

        return number;
    }

    public int? WholeNumber(JsonElement obj, string name, string path, bool required)
    {
        if (Number(obj, name, path, required) is not { } number)
        {
            return null;
        }

        if (number != decimal.Truncate(number) || number > int.MaxValue)
        {
            Report(Join(path, name), $"must be a whole number (got {number.ToString(CultureInfo.InvariantCulture)})");
            return null;
        }

        return (int)number;
    }

    public bool? Bool(JsonElement obj, string name, string path, bool required)
    {
        var fieldPath = Join(path, name);
        if (Present(obj, name, fieldPath, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        Report(fieldPath, "must be true or false");
        return null;
    }

    public DateOnly? Date(JsonElement obj, string name, string path, bool required)
    {
        var fieldPath = Join(path, name);
        return Present(obj, name, fieldPath, required) is { } value ? AsDate(value, fieldPath) : null;
    }

    public DateOnly? AsDate(JsonElement value, string path)
    {
        if (AsString(value, path) is not { } text)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Report(path, $"invalid date '{text}' (expected YYYY-MM-DD)");
        return null;
    }

    public DateTime? DateTime(JsonElement obj, string name, string path, bool required)
    {
        var fieldPath = Join(path, name);
        if (Present(obj, name, fieldPath, required) is not { } value || AsString(value, fieldPath) is not { } text)
        {
            return null;
        }

        if (System.DateTime.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateTime))
        {
            return dateTime;
        }

        Report(fieldPath, $"invalid date and time '{text}' (expected YYYY-MM-DDTHH:MM)");
        return null;
    }

    /// <summary>A time of day <c>HH:MM</c>; <c>24:00</c> is accepted as the end of the day.</summary>
    public TimeSpan? TimeOfDay(JsonElement obj, string name, string path, bool required)
    {
        var fieldPath = Join(path, name);
        if (Present(obj, name, fieldPath, required) is not { } value || AsString(value, fieldPath) is not { } text)
        {
            return null;
        }

        if (text == "24:00")
        {
            return TimeSpan.FromDays(1);
        }

        if (TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time.ToTimeSpan();
        }

        Report(fieldPath, $"invalid time '{text}' (expected HH:MM)");
        return null;
    }

    private JsonElement? Present(JsonElement obj, string name, string fieldPath, bool required)
    {
        var value = Field(obj, name);
        if (value is null && required)
        {
            Report(fieldPath, "is required");
        }

        return value;
    }
}
