using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Psa.Domain;
using Psa.Domain.ServiceDesk;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Auth;

namespace Psa.Web.ServiceDesk;

/// <summary>A saved view as the board's picker lists it.</summary>
public sealed record SavedBoardViewRow(Guid Id, string Name, bool Shared, string OwnerName, bool Mine, bool CanDelete, BoardViewFilters Filters)
{
    public string Label => Shared && !Mine ? $"{Name} (shared by {OwnerName})" : Shared ? $"{Name} (shared)" : Name;
}

/// <summary>Saved views of the service board: a person's own, and those anyone shared with the team.</summary>
public sealed class BoardViewService(TenantDbContextFactory databases, TimeProvider time)
{
    /// <summary>The person's own views and every shared one, by name.</summary>
    public async Task<IReadOnlyList<SavedBoardViewRow>> ListAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var userId = UserId(user);
        await using var db = databases.Create();
        var views = await db.SavedBoardViews.AsNoTracking().Where(v => v.OwnerUserId == userId || v.Shared).ToListAsync(cancellationToken);
        return views.OrderBy(v => v.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(v => v.OwnerName, StringComparer.CurrentCultureIgnoreCase)
            .Select(v => Row(v, user, userId)).ToList();
    }

    /// <summary>Saves the filters under a name; a view of the person's own with that name is replaced.</summary>
    public async Task<SavedBoardViewRow> SaveAsync(ClaimsPrincipal user, string ownerName, string name, bool shared, BoardViewFilters filters, CancellationToken cancellationToken = default)
    {
        var userId = UserId(user);
        var normalised = SavedBoardView.NormaliseName(name);
        await using var db = databases.Create();
        if (filters.BoardId is { } board && !await db.ServiceBoards.AnyAsync(b => b.Id == board, cancellationToken))
        {
            throw new DomainException("That queue does not exist.", "Queue");
        }

        if (filters.AssigneeEngineerId is { } engineer && !await db.Engineers.AnyAsync(e => e.Id == engineer, cancellationToken))
        {
            throw new DomainException("That engineer does not exist.", "Assignee");
        }

        if (filters.ClientId is { } client && !await db.Clients.AnyAsync(c => c.Id == client, cancellationToken))
        {
            throw new DomainException("That client does not exist.", "Client");
        }

        // Names are told apart without regard to case, as people read them.
        var own = await db.SavedBoardViews.Where(v => v.OwnerUserId == userId).ToListAsync(cancellationToken);
        var view = own.FirstOrDefault(v => string.Equals(v.Name, normalised, StringComparison.OrdinalIgnoreCase));
        if (view is null)
        {
            view = SavedBoardView.Create(userId, ownerName, normalised, shared, filters, time.GetUtcNow());
            db.SavedBoardViews.Add(view);
        }
        else
        {
            view.Save(normalised, shared, filters, time.GetUtcNow());
        }

        await db.SaveChangesAsync(cancellationToken);
        return Row(view, user, userId);
    }

    /// <summary>Whoever saved a view deletes it; administrators may also remove a shared one.</summary>
    public async Task DeleteAsync(ClaimsPrincipal user, Guid id, CancellationToken cancellationToken = default)
    {
        var userId = UserId(user);
        await using var db = databases.Create();
        var view = await db.SavedBoardViews.SingleOrDefaultAsync(v => v.Id == id && (v.OwnerUserId == userId || v.Shared), cancellationToken)
            ?? throw new DomainException("That saved view does not exist.", "Saved view");
        if (!MayDelete(view, user, userId))
        {
            throw new DomainException($"Only {view.OwnerName}, who saved “{view.Name}”, or an administrator can delete it.", "Saved view");
        }

        db.SavedBoardViews.Remove(view);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static bool MayDelete(SavedBoardView view, ClaimsPrincipal user, string userId) =>
        view.OwnerUserId == userId || (view.Shared && user.Can(Permission.Settings));

    private static SavedBoardViewRow Row(SavedBoardView v, ClaimsPrincipal user, string userId) =>
        new(v.Id, v.Name, v.Shared, v.OwnerName, v.OwnerUserId == userId, MayDelete(v, user, userId), v.Filters);

    private static string UserId(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new UnauthorizedAccessException("Saved views belong to a signed-in person.");
}
