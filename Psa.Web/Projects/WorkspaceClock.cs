using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Projects;

/// <summary>Today's date in the workspace's time zone (delivery dates are calendar days there).</summary>
public sealed class WorkspaceClock(TimeProvider time, TenantContext tenant)
{
    /// <summary>The workspace's time zone (UTC when it is unset or unknown to this machine).</summary>
    public TimeZoneInfo Zone => ZoneOf(tenant.Current?.TimeZone);

    /// <summary>A workspace time-zone setting as a zone: UTC when it is unset or unknown to this machine. The one lookup every feature uses.</summary>
    public static TimeZoneInfo ZoneOf(string? timeZoneId) =>
        timeZoneId is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone).DateTime);

    public DateTimeOffset UtcNow => time.GetUtcNow();

    /// <summary>An instant as the workspace's wall-clock time.</summary>
    public DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    /// <summary>The one way an instant is shown to people: in the workspace's zone, "2 Dec 2026 14:05".</summary>
    public const string When = "d MMM yyyy HH:mm";

    public string Format(DateTimeOffset instant, string pattern = When) => Format(instant, Zone, pattern);

    public static string Format(DateTimeOffset instant, TimeZoneInfo zone, string pattern = When) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString(pattern, System.Globalization.CultureInfo.InvariantCulture);
}
