namespace Psa.Domain.Engineers;

/// <summary>
/// Someone whose time is tracked and costed. Usually a staff user (<see cref="UserId"/>); imported
/// history may name engineers who never had an account.
/// </summary>
public sealed class Engineer
{
    private Engineer()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    /// <summary>Short unique key (e.g. <c>ana</c>).</summary>
    public string Code { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    /// <summary>The staff account, when the engineer can sign in.</summary>
    public string? UserId { get; private set; }

    /// <summary>Fully loaded cost per hour (salary, overhead), for profitability.</summary>
    public decimal CostRate { get; private set; }

    /// <summary>Hours of work a week, for capacity and utilisation.</summary>
    public decimal WeeklyCapacityHours { get; private set; } = 40m;

    public bool IsActive { get; private set; } = true;

    public static Engineer Create(string code, string name, decimal costRate, string? userId = null)
    {
        var engineer = new Engineer { UserId = userId };
        engineer.Update(code, name, costRate, 40m);
        return engineer;
    }

    public void Update(string code, string name, decimal costRate, decimal weeklyCapacityHours)
    {
        code = (code ?? string.Empty).Trim().ToLowerInvariant();
        if (code.Length is 0 or > 40)
        {
            throw new DomainException("Engineer code is required (at most 40 characters).", "Code");
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("Engineer name is required.", "Name");
        }

        if (costRate < 0)
        {
            throw new DomainException("Cost rate cannot be negative.", "Cost rate");
        }

        if (weeklyCapacityHours is < 0 or > 168)
        {
            throw new DomainException("Weekly capacity must be between 0 and 168 hours.", "Weekly capacity");
        }

        Code = code;
        Name = name.Trim();
        CostRate = costRate;
        WeeklyCapacityHours = weeklyCapacityHours;
    }

    public void LinkUser(string userId) => UserId = userId;
}
