using Microsoft.EntityFrameworkCore;
using Psa.Domain.Projects;
using Psa.Infrastructure.Persistence;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.TimeTracking;

/// <summary>
/// Timers follow the board, whoever moves the card (staff page, API, client in the portal): Blocked or Done
/// stops every timer running on the task and saves its time; In progress starts the assignee's timer, and
/// only when the assignee moved it — moving someone else's card starts nobody's timer.
/// </summary>
internal sealed class TimersFollowTaskStatus(TimerService timers) : DomainEventHandler<TaskStatusChanged>
{
    public override async Task HandleAsync(TaskStatusChanged e, TenantDbContext db, CancellationToken cancellationToken)
    {
        switch (e.To)
        {
            case ProjectTaskStatus.Blocked or ProjectTaskStatus.Done:
                await timers.StopAllOnTaskAsync(db, e.TaskId, cancellationToken);
                break;
            case ProjectTaskStatus.InProgress when e.AssigneeEngineerId is { } assignee && e.MovedByUserId is { } mover
                && await db.Engineers.AnyAsync(g => g.Id == assignee && g.UserId == mover, cancellationToken):
                await timers.StartOnTaskAsync(db, e.TaskId, assignee, cancellationToken);
                break;
        }
    }
}
