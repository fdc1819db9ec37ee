using Psa.Domain.Common;

namespace Psa.Domain.Projects;

/// <summary>
/// A task moved to another status. <see cref="MovedByUserId"/> is the staff user who moved it; null when
/// a client contact (portal), an import or the system did.
/// </summary>
public sealed record TaskStatusChanged(
    Guid ProjectId, Guid TaskId, ProjectTaskStatus From, ProjectTaskStatus To, Guid? AssigneeEngineerId, string? MovedByUserId) : IDomainEvent;

/// <summary>
/// A phase became complete (its tasks done, gates checked, signed off when it needs it). <see cref="HasMilestone"/>:
/// the project bills by milestone and this phase carries one, so the next billing run bills it.
/// </summary>
public sealed record PhaseCompleted(Guid ProjectId, Guid PhaseId, bool HasMilestone) : IDomainEvent;
