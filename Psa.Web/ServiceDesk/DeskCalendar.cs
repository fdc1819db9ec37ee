using Microsoft.EntityFrameworkCore;
using Psa.Domain.Projects.Routing;
using Psa.Domain.ServiceDesk;
using Psa.Infrastructure.ServiceDesk;
using Psa.Infrastructure.Tenancy;
using Psa.Web.TimeTracking;

namespace Psa.Web.ServiceDesk;

/// <summary>The workspace calendar (zone, business hours, holidays) as time tracking reads it, with the SLA clock over it.</summary>
public sealed record DeskCalendar(TimeCalendar Time, BusinessClock Clock)
{
    public static DeskCalendar From(TimeCalendar calendar) => new(calendar, new BusinessClock(calendar.Hours, calendar.Holidays, calendar.Zone));

    public static async Task<DeskCalendar> LoadAsync(TenantDbContext db, CancellationToken cancellationToken = default) =>
        From(await TimeCalendar.LoadAsync(db, cancellationToken));
}

/// <summary>What a workspace's service desk starts with: the standard SLA policy, a routed "Service desk" board and a "Triage" board.</summary>
public static class DeskDefaults
{
    public const string MainBoard = "Service desk";
    public const string TriageBoard = "Triage";

    public static async Task EnsureAsync(TenantDbContext db, CancellationToken cancellationToken = default)
    {
        var changed = false;
        if (!await db.SlaPolicies.AnyAsync(p => p.IsDefault, cancellationToken))
        {
            db.SlaPolicies.Add(SlaPolicy.StandardDefault());
            changed = true;
        }

        if (!await db.ServiceBoards.AnyAsync(cancellationToken))
        {
            var workType = await db.WorkTypes.AnyAsync(w => w.Code == "remote", cancellationToken)
                ? "remote"
                : await db.WorkTypes.OrderBy(w => w.Code).Select(w => w.Code).FirstOrDefaultAsync(cancellationToken) ?? "remote";
            db.ServiceBoards.Add(ServiceBoard.Create(MainBoard, RoutingMode.LoadBalancing, workType, sequence: 0));
            db.ServiceBoards.Add(ServiceBoard.Create(TriageBoard, RoutingMode.Manual, workType, isTriage: true, sequence: 1));
            changed = true;
        }

        if (!await db.ServiceDeskSettings.AnyAsync(cancellationToken))
        {
            db.ServiceDeskSettings.Add(new ServiceDeskSettings());
            changed = true;
        }

        if (!changed)
        {
            return;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request seeded the same defaults at the same moment; theirs stand.
            db.ChangeTracker.Clear();
        }
    }
}
