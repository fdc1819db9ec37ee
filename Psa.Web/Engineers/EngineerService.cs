using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.Engineers;
using Psa.Infrastructure.Live;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Auth;
using Psa.Web.Live;

namespace Psa.Web.Engineers;

public sealed record EngineerInput(string Code, string Name, string? Title, string? Email, decimal CostRate, decimal WeeklyCapacityHours, WorkingDays WorkingDays);

/// <summary>Engineer profiles: cost rate, working hours, time off, skills and teams.</summary>
public sealed class EngineerService(TenantDbContextFactory databases, WorkspaceLive live, Psa.Web.Audit.AuditTrail audit)
{

    public async Task<IReadOnlyList<Engineer>> ListAsync(bool includeInactive = false, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        return await db.Engineers.AsNoTracking().Include(e => e.Skills).Include(e => e.TimeOff).AsSplitQuery()
            .Where(e => includeInactive || e.IsActive).OrderBy(e => e.Name).ToListAsync(cancellationToken);
    }

    public async Task<Engineer?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        return await db.Engineers.AsNoTracking().Include(e => e.Skills).Include(e => e.TimeOff).AsSplitQuery().SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
    }

    public async Task<IReadOnlyList<Team>> TeamsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        return await db.Teams.AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken);
    }

    /// <summary>Saves a profile; the cost rate changes only when <paramref name="actor"/> may manage rates, otherwise it is kept (0 for a new profile).</summary>
    public async Task<Guid> SaveAsync(Guid? id, EngineerInput input, ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var code = (input.Code ?? string.Empty).Trim().ToLowerInvariant();
        if (await db.Engineers.AnyAsync(e => e.Code == code && e.Id != id, cancellationToken))
        {
            throw new ValidationFailedException([new("Code", $"Another engineer already has the code {code}.")]);
        }

        var mayChangeRate = actor.Can(Permission.RatesManage);
        var engineer = id is null ? Engineer.Create(code, input.Name, mayChangeRate ? input.CostRate : 0m) : await db.Engineers.SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
            ?? throw new DomainException("The engineer does not exist.", "Engineer");
        engineer.Update(code, input.Name, mayChangeRate ? input.CostRate : engineer.CostRate, input.WeeklyCapacityHours);
        engineer.SetWorkingDays(input.WorkingDays);
        engineer.Title = input.Title;
        engineer.Email = input.Email;
        if (id is null)
        {
            db.Engineers.Add(engineer);
        }

        await AuditCostRateAsync(db, engineer);
        await db.SaveChangesAsync(cancellationToken);
        Publish();
        return engineer.Id;
    }

    public async Task SetCostRateAsync(Guid id, decimal costRate, ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        if (!actor.Can(Permission.RatesManage))
        {
            throw new DomainException("Only Owner, Admin or Billing may change a cost rate.", "Cost rate");
        }

        await using var db = databases.Create();
        var engineer = await db.Engineers.SingleOrDefaultAsync(e => e.Id == id, cancellationToken) ?? throw new DomainException("The engineer does not exist.", "Engineer");
        engineer.Update(engineer.Code, engineer.Name, costRate, engineer.WeeklyCapacityHours);
        await AuditCostRateAsync(db, engineer);
        await db.SaveChangesAsync(cancellationToken);
        Publish();
    }

    /// <summary>A cost rate set or changed goes into the audit trail with the save.</summary>
    private async Task AuditCostRateAsync(TenantDbContext db, Engineer engineer)
    {
        db.ChangeTracker.DetectChanges();
        var entry = db.Entry(engineer).Property(e => e.CostRate);
        var added = db.Entry(engineer).State == EntityState.Added;
        if (added ? engineer.CostRate != 0m : entry.IsModified && entry.OriginalValue != entry.CurrentValue)
        {
            await audit.AddAsync(db, "rate.cost-changed", Psa.Infrastructure.Identity.AuditCategory.Agreements, $"Cost rate of {engineer.Name}",
                before: added ? null : Psa.Web.Audit.AuditTrail.Money(entry.OriginalValue),
                after: Psa.Web.Audit.AuditTrail.Money(engineer.CostRate));
        }
    }

    public Task<Guid> AddSkillAsync(Guid engineerId, string name, int weight, IEnumerable<string> aliases, DateOnly? expiresOn, CancellationToken cancellationToken = default) =>
        ChangeAsync(engineerId, (db, e) =>
        {
            var skill = e.AddSkill(name, weight, aliases, expiresOn);
            db.EngineerSkills.Add(skill);
            return skill.Id;
        }, cancellationToken);

    public Task<Guid> RemoveSkillAsync(Guid engineerId, Guid skillId, CancellationToken cancellationToken = default) =>
        ChangeAsync(engineerId, (db, e) =>
        {
            if (e.Skills.FirstOrDefault(s => s.Id == skillId) is { } skill)
            {
                db.EngineerSkills.Remove(skill);
            }

            e.RemoveSkill(skillId);
            return skillId;
        }, cancellationToken);

    public Task<Guid> AddTimeOffAsync(Guid engineerId, DateOnly from, DateOnly to, string? reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(engineerId, (db, e) =>
        {
            var entry = e.AddTimeOff(from, to, reason);
            db.TimeOff.Add(entry);
            return entry.Id;
        }, cancellationToken);

    public Task<Guid> RemoveTimeOffAsync(Guid engineerId, Guid timeOffId, CancellationToken cancellationToken = default) =>
        ChangeAsync(engineerId, (db, e) =>
        {
            if (e.TimeOff.FirstOrDefault(t => t.Id == timeOffId) is { } entry)
            {
                db.TimeOff.Remove(entry);
            }

            e.RemoveTimeOff(timeOffId);
            return timeOffId;
        }, cancellationToken);

    public async Task<Guid> SaveTeamAsync(Guid? id, string name, IEnumerable<Guid> members, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        if (await db.Teams.AnyAsync(t => t.Name == name.Trim() && t.Id != id, cancellationToken))
        {
            throw new ValidationFailedException([new("Team name", $"A team named {name.Trim()} already exists.")]);
        }

        var team = id is null ? Team.Create(name) : await db.Teams.SingleOrDefaultAsync(t => t.Id == id, cancellationToken) ?? throw new DomainException("The team does not exist.", "Team");
        team.Rename(name);
        team.MemberIds = members.Distinct().ToList();
        if (id is null)
        {
            db.Teams.Add(team);
        }

        await db.SaveChangesAsync(cancellationToken);
        Publish();
        return team.Id;
    }

    private async Task<T> ChangeAsync<T>(Guid engineerId, Func<TenantDbContext, Engineer, T> change, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var engineer = await db.Engineers.Include(e => e.Skills).Include(e => e.TimeOff).AsSplitQuery().SingleOrDefaultAsync(e => e.Id == engineerId, cancellationToken)
            ?? throw new DomainException("The engineer does not exist.", "Engineer");
        var result = change(db, engineer);
        await db.SaveChangesAsync(cancellationToken);
        Publish();
        return result;
    }

    private void Publish()
    {
        live.Publish(LiveTopics.Engineers, LiveTopics.Workload);
    }
}
