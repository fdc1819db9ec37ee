namespace Psa.Domain.Engineers;

/// <summary>
/// Someone whose time is tracked and costed. Usually a staff user (<see cref="UserId"/>); imported
/// history may name engineers who never had an account.
/// </summary>
public sealed class Engineer
{
    private readonly List<EngineerSkill> _skills = [];
    private readonly List<TimeOff> _timeOff = [];

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

    /// <summary>The days of the week this engineer works (default Monday to Friday).</summary>
    public WorkingDays WorkingDays { get; private set; } = WorkingDays.Weekdays;

    public string? Title { get; set; }

    public string? Email { get; set; }

    public IReadOnlyList<EngineerSkill> Skills => _skills;

    public IReadOnlyList<TimeOff> TimeOff => _timeOff;

    /// <summary>Hours available on a working day (weekly capacity spread over the working days).</summary>
    public decimal HoursPerDay => WorkingDays.Count() == 0 ? 0 : WeeklyCapacityHours / WorkingDays.Count();

    public bool WorksOn(DateOnly day) => WorkingDays.Includes(day.DayOfWeek);

    public bool IsOffOn(DateOnly day) => _timeOff.Any(t => t.Covers(day));

    /// <summary>Capacity in hours on a given day: zero on days off and non-working days.</summary>
    public decimal CapacityOn(DateOnly day) => WorksOn(day) && !IsOffOn(day) ? HoursPerDay : 0;

    /// <summary>Available over a task's dates: working, with no time off overlapping them.</summary>
    public bool IsAvailable(DateOnly? start, DateOnly? due)
    {
        if (!IsActive)
        {
            return false;
        }

        if (start is null && due is null)
        {
            return true;
        }

        var from = start ?? due!.Value;
        var to = due ?? from;
        return !_timeOff.Any(t => t.From <= to && t.To >= from);
    }

    public static Engineer Create(string code, string name, decimal costRate, string? userId = null)
    {
        var engineer = new Engineer { UserId = userId };
        engineer.Update(code, name, costRate, 40m);
        return engineer;
    }

    public void Update(string code, string name, decimal costRate, decimal weeklyCapacityHours)
    {
        code = (code ?? string.Empty).Trim();
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

    public void Deactivate() => IsActive = false;

    public void SetWorkingDays(WorkingDays days)
    {
        if (days == WorkingDays.None)
        {
            throw new DomainException("Choose at least one working day.", "Working days");
        }

        WorkingDays = days;
    }

    public EngineerSkill AddSkill(string name, int weight, IEnumerable<string>? aliases = null, DateOnly? expiresOn = null)
    {
        var skill = EngineerSkill.Create(Id, name, weight, aliases, expiresOn);
        if (_skills.Any(s => string.Equals(s.Name, skill.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainException($"{Name} already has the skill {skill.Name}.", "Skill");
        }

        _skills.Add(skill);
        return skill;
    }

    public void RemoveSkill(Guid skillId) => _skills.RemoveAll(s => s.Id == skillId);

    public TimeOff AddTimeOff(DateOnly from, DateOnly to, string? reason)
    {
        if (to < from)
        {
            throw new DomainException("Time off must end on or after the day it starts.", "To");
        }

        var entry = new TimeOff(Id, from, to, reason?.Trim());
        _timeOff.Add(entry);
        return entry;
    }

    public void RemoveTimeOff(Guid timeOffId) => _timeOff.RemoveAll(t => t.Id == timeOffId);
}
