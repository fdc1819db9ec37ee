using Psa.Domain.Projects;
using Psa.Infrastructure.Persistence;
using Psa.Infrastructure.Tenancy;
using Psa.Infrastructure.Live;

namespace Psa.Web.Billing;

/// <summary>A completed milestone phase is billable in the next run: billing views refresh, whichever path completed it.</summary>
internal sealed class MilestonesReadyToBill : DomainEventHandler<PhaseCompleted>
{
    public override Task HandleAsync(PhaseCompleted e, TenantDbContext db, CancellationToken cancellationToken)
    {
        if (e.HasMilestone)
        {
            db.PublishOnCommit(LiveTopics.Billing);
        }

        return Task.CompletedTask;
    }
}
