namespace Psa.Web.Settings;

/// <summary>The time zones offered in forms: IANA region zones and UTC, sorted.</summary>
public static class TimeZoneChoices
{
    public static readonly IReadOnlyList<string> All = TimeZoneInfo.GetSystemTimeZones()
        .Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal) || id == "UTC").Order().ToList();
}
