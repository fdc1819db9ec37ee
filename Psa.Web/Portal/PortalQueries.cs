using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Psa.Domain.Projects;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Auth;

namespace Psa.Web.Portal;

public sealed record PortalPhase(Guid Id, string Name, int Order, DateOnly? CompletedOn, int TasksDone, int TasksTotal, bool RequiresSignOff, PhaseStatus Status);

public sealed record PortalProject(Guid Id, string Name, ProjectStatus Status, DateOnly? Start, DateOnly? End, IReadOnlyList<PortalPhase> Phases)
{
    public int TasksDone => Phases.Sum(p => p.TasksDone);

    public int TasksTotal => Phases.Sum(p => p.TasksTotal);
}

/// <summary>
/// Everything a contact reads in the portal. Every query is filtered by the contact's own client,
/// taken from their signed-in claims and never from the request.
/// </summary>
public sealed class PortalQueries(TenantDbContextFactory databases)
{
    public static Guid ClientOf(ClaimsPrincipal contact) =>
        Guid.TryParse(contact.FindFirstValue(PsaClaims.PortalClient), out var id) && contact.HasClaim(c => c.Type == PsaClaims.Contact)
            ? id
            : throw new UnauthorizedAccessException("Not a portal contact.");

    public async Task<string> ClientNameAsync(ClaimsPrincipal contact, CancellationToken cancellationToken = default)
    {
        var clientId = ClientOf(contact);
        await using var db = databases.Create();
        return await db.Clients.Where(c => c.Id == clientId).Select(c => c.Name).SingleAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<PortalProject>> ProjectsAsync(ClaimsPrincipal contact, CancellationToken cancellationToken = default)
    {
        var clientId = ClientOf(contact);
        await using var db = databases.Create();
        var projects = await db.Projects.AsNoTracking()
            .Where(p => p.ClientId == clientId && p.Status != ProjectStatus.Cancelled)
            .OrderBy(p => p.Name)
            .ToListAsync(cancellationToken);
        var ids = projects.Select(p => p.Id).ToList();
        var phases = await db.ProjectPhases.AsNoTracking().Where(p => ids.Contains(p.ProjectId)).ToListAsync(cancellationToken);
        var tasks = await db.ProjectTasks.AsNoTracking().Where(t => ids.Contains(t.ProjectId))
            .Select(t => new { t.PhaseId, t.Status }).ToListAsync(cancellationToken);
        var phaseIds = phases.Select(p => p.Id).ToList();
        var gatesDone = (await db.ChecklistItems.AsNoTracking().Where(c => phaseIds.Contains(c.PhaseId) && c.TaskId == null && c.IsDone)
            .Select(c => c.PhaseId).ToListAsync(cancellationToken)).ToHashSet();
        var byId = phases.ToDictionary(p => p.Id);
        return projects.Select(p => new PortalProject(p.Id, p.Name, p.Status, p.StartDate, p.EndDate,
            phases.Where(ph => ph.ProjectId == p.Id).OrderBy(ph => ph.Order)
                .Select(ph =>
                {
                    var done = tasks.Count(t => t.PhaseId == ph.Id && t.Status == ProjectTaskStatus.Done);
                    var awaiting = ph.DependsOnPhaseIds.Where(byId.ContainsKey).Select(id => byId[id]).Where(d => !d.IsComplete).OrderBy(d => d.Order).Select(d => d.Name);
                    return new PortalPhase(ph.Id, ph.Name, ph.Order, ph.CompletedOn, done, tasks.Count(t => t.PhaseId == ph.Id), ph.RequiresClientSignOff,
                        PhaseStatus.Of(ph.CompletedOn, awaiting, done > 0 || gatesDone.Contains(ph.Id)));
                })
                .ToList())).ToList();
    }
}
