namespace Psa.Web.TimeTracking;

public static class TimeFormat
{
    /// <summary>Minutes as <c>h:mm h</c>, the way timesheets show time.</summary>
    public static string Hours(int minutes) => $"{minutes / 60}:{minutes % 60:00} h";
}
