namespace Psa.Domain.Settings;

/// <summary>What a new workspace starts with (the sign-up defaults).</summary>
public static class WorkspaceDefaults
{
    public static readonly IReadOnlyList<DayOfWeek> BusinessDays =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    public static readonly TimeOnly BusinessStart = new(8, 0);
    public static readonly TimeOnly BusinessEnd = new(18, 0);
    public const decimal NormalMultiplier = 1.0m;
    public const decimal AfterHoursMultiplier = 1.4m;
    public const decimal WeekendMultiplier = 1.5m;
    public const decimal DefaultHourlyRate = 125m;
    public const int TimeIncrementMinutes = 15;
    public const string DefaultTaxName = "Standard";
    public const decimal DefaultTaxRate = 0m;
    public const string DefaultGlAccount = "4000";
    public const string DefaultGlAccountName = "Services revenue";

    public static readonly IReadOnlyList<(string Code, string Name, bool Taxable)> WorkTypes =
    [
        ("remote", "Remote support", false),
        ("onsite", "Onsite support", false),
        ("project", "Project work", false),
        ("training", "Training", true),
        ("admin", "Internal admin", false),
    ];

    public static readonly IReadOnlyList<string> Currencies = ["USD", "EUR", "GBP", "AUD", "CAD", "NZD", "ZAR", "CHF", "SEK", "NOK", "DKK"];
}
