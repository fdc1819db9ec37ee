using System.Globalization;
using System.Text.RegularExpressions;

namespace Psa.Domain.Billing;

/// <summary>A billing period: one calendar month, written <c>YYYY-MM</c>.</summary>
public readonly partial record struct BillingPeriod : IComparable<BillingPeriod>
{
    private BillingPeriod(int year, int month)
    {
        Year = year;
        Month = month;
    }

    public int Year { get; }

    public int Month { get; }

    public DateOnly FirstDay => new(Year, Month, 1);

    public DateOnly LastDay => new(Year, Month, DaysInPeriod);

    public int DaysInPeriod => DateTime.DaysInMonth(Year, Month);

    public static BillingPeriod Of(int year, int month)
    {
        if (year is < 1 or > 9999)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, "Year must be 1..9999.");
        }

        if (month is < 1 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(month), month, "Month must be 1..12.");
        }

        return new BillingPeriod(year, month);
    }

    public static BillingPeriod Containing(DateOnly date) => new(date.Year, date.Month);

    public static bool TryParse(string? text, out BillingPeriod period)
    {
        period = default;
        if (text is null || !PeriodPattern().IsMatch(text))
        {
            return false;
        }

        var year = int.Parse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture);
        var month = int.Parse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture);
        if (year < 1 || month is < 1 or > 12)
        {
            return false;
        }

        period = new BillingPeriod(year, month);
        return true;
    }

    public static BillingPeriod Parse(string text) =>
        TryParse(text, out var period) ? period : throw new FormatException($"'{text}' is not a period YYYY-MM.");

    public bool Contains(DateOnly date) => date.Year == Year && date.Month == Month;

    public int CompareTo(BillingPeriod other) => (Year, Month).CompareTo((other.Year, other.Month));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");

    [GeneratedRegex(@"^\d{4}-\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodPattern();
}
