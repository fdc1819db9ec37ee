using Psa.Infrastructure.Tenancy;

namespace Psa.Web.Projects;

/// <summary>Today's date in the workspace's time zone (delivery dates are calendar days there).</summary>
public sealed class WorkspaceClock(TimeProvider time, TenantContext tenant)
{
    public DateOnly Today
    {
        get
        {
            var zone = TimeZoneInfo.Utc;
            if (tenant.Current?.TimeZone is { Length: > 0 } id)
            {
                try
                {
                    zone = TimeZoneInfo.FindSystemTimeZoneById(id);
                }
                catch (TimeZoneNotFoundException)
                {
                }
            }

            return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
        }
    }

    public DateTimeOffset UtcNow => time.GetUtcNow();
}
