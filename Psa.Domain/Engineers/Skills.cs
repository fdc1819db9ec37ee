namespace Psa.Domain.Engineers;

[Flags]
public enum WorkingDays
{
    None = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 4,
    Thursday = 8,
    Friday = 16,
    Saturday = 32,
    Sunday = 64,
    Weekdays = Monday | Tuesday | Wednesday | Thursday | Friday,
}

public static class WorkingDaysExtensions
{
    public static WorkingDays Of(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => WorkingDays.Monday,
        DayOfWeek.Tuesday => WorkingDays.Tuesday,
        DayOfWeek.Wednesday => WorkingDays.Wednesday,
        DayOfWeek.Thursday => WorkingDays.Thursday,
        DayOfWeek.Friday => WorkingDays.Friday,
        DayOfWeek.Saturday => WorkingDays.Saturday,
        _ => WorkingDays.Sunday,
    };

    public static bool Includes(this WorkingDays days, DayOfWeek day) => (days & Of(day)) != 0;

    public static int Count(this WorkingDays days) => System.Numerics.BitOperations.PopCount((uint)days);
}

/// <summary>A skill with a weight (1 novice … 5 expert), search aliases and an optional expiry (certifications lapse).</summary>
public sealed class EngineerSkill
{
    private EngineerSkill()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid EngineerId { get; private set; }

    public string Name { get; private set; } = string.Empty;

    /// <summary>Other words that mean this skill in a task's text (e.g. Azure: "entra", "az-104").</summary>
    public List<string> Aliases { get; private set; } = [];

    public int Weight { get; private set; }

    public DateOnly? ExpiresOn { get; private set; }

    public bool IsValidOn(DateOnly day) => ExpiresOn is null || ExpiresOn >= day;

    /// <summary>The name and aliases, lower case.</summary>
    public IEnumerable<string> Terms => Aliases.Prepend(Name).Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0);

    public static EngineerSkill Create(Guid engineerId, string name, int weight, IEnumerable<string>? aliases, DateOnly? expiresOn)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("Skill name is required.", "Skill");
        }

        if (weight is < 1 or > 5)
        {
            throw new DomainException("Skill weight must be from 1 to 5.", "Weight");
        }

        return new EngineerSkill
        {
            EngineerId = engineerId,
            Name = name.Trim(),
            Weight = weight,
            Aliases = (aliases ?? []).Select(a => a.Trim()).Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            ExpiresOn = expiresOn,
        };
    }
}

/// <summary>Days an engineer is away (holiday, training, sickness); inclusive.</summary>
public sealed class TimeOff
{
    private TimeOff()
    {
    }

    internal TimeOff(Guid engineerId, DateOnly from, DateOnly to, string? reason)
    {
        EngineerId = engineerId;
        From = from;
        To = to;
        Reason = reason;
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid EngineerId { get; private set; }

    public DateOnly From { get; private set; }

    public DateOnly To { get; private set; }

    public string? Reason { get; private set; }

    public bool Covers(DateOnly day) => day >= From && day <= To;
}

/// <summary>A group of engineers tasks can be routed to; round robin keeps its pointer here.</summary>
public sealed class Team
{
    private Team()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public string Name { get; private set; } = string.Empty;

    /// <summary>Member engineer ids, in round-robin order.</summary>
    public List<Guid> MemberIds { get; set; } = [];

    /// <summary>The engineer who received the last round-robin task (persistent pointer).</summary>
    public Guid? RoundRobinLastEngineerId { get; set; }

    public static Team Create(string name, IEnumerable<Guid>? members = null)
    {
        var team = new Team();
        team.Rename(name);
        team.MemberIds = (members ?? []).Distinct().ToList();
        return team;
    }

    public void Rename(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("Team name is required.", "Team name");
        }

        Name = name.Trim();
    }
}
