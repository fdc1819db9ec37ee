namespace Psa.Domain.Settings;

/// <summary>A public holiday: every minute on it is billed at the weekend tier (BILLING.md §3).</summary>
public sealed class Holiday
{
    private Holiday()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public DateOnly Date { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public static Holiday Create(DateOnly date, string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("Holiday name is required.", "Name");
        }

        if (name.Trim().Length > 100)
        {
            throw new DomainException("Holiday name is at most 100 characters.", "Name");
        }

        return new Holiday { Date = date, Name = name.Trim() };
    }
}
