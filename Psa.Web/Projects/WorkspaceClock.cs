using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Projects;

/// <summary>Today's date in the workspace's time zone (delivery dates are calendar days there).</summary>
public sealed class WorkspaceClock(TimeProvider time, TenantContext tenant)
{
    /// <summary>The workspace's time zone (UTC when it is unset or unknown to this machine).</summary>
    public TimeZoneInfo Zone
    {
        get
        {
            if (tenant.Current?.TimeZone is { Length: > 0 } id)
            {
                try
                {
                    return TimeZoneInfo.FindSystemTimeZoneById(id);
                }
                catch (TimeZoneNotFoundException)
                {
                }
            }

            return TimeZoneInfo.Utc;
        }
    }

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone).DateTime);

    public DateTimeOffset UtcNow => time.GetUtcNow();

    /// <summary>An instant as the workspace's wall-clock time.</summary>
    public DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;
}
