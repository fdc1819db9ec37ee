using Microsoft.EntityFrameworkCore;
using Psa.Domain.Engineers;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.TimeTracking;

/// <summary>Finds the engineer row behind a staff user, creating it on first use: every staff member can log time.</summary>
public sealed class EngineerDirectory(TenantDbContextFactory databases)
{
    public async Task<Engineer> ForUserAsync(string userId, CancellationToken cancellationToken = default) =>
        await TryForUserAsync(userId, cancellationToken) ?? throw new Psa.Domain.DomainException("Your account is not a member of this workspace.");

    /// <summary>The user's engineer, created on first use; null when the user is not in this workspace.</summary>
    public async Task<Engineer?> TryForUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        var engineer = await db.Engineers.AsNoTracking().SingleOrDefaultAsync(e => e.UserId == userId, cancellationToken);
        if (engineer is not null)
        {
            return engineer;
        }

        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return null;
        }

        engineer = await TenantProvisioner.NewEngineerForAsync(db, user, cancellationToken);
        db.Engineers.Add(engineer);
        await db.SaveChangesAsync(cancellationToken);
        return engineer;
    }

    public async Task<IReadOnlyList<Engineer>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        return await db.Engineers.AsNoTracking().Where(e => e.IsActive).OrderBy(e => e.Name).ToListAsync(cancellationToken);
    }
}
