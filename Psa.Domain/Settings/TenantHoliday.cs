namespace Psa.Domain.Settings;

/// <summary>A public holiday of the workspace: its minutes bill at the weekend tier; time tracking uses it too.</summary>
public sealed class TenantHoliday
{
    private TenantHoliday()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public DateOnly Date { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public static TenantHoliday Create(DateOnly date, string? name) =>
        new() { Date = date, Name = string.IsNullOrWhiteSpace(name) ? "Holiday" : name.Trim() };
}
