namespace Psa.Domain.Projects;

/// <summary>
/// One line of a checklist: a phase's stage-gate item (<see cref="PhaseId"/> set, <see cref="TaskId"/> null)
/// or a task's to-do (<see cref="TaskId"/> set).
/// </summary>
public sealed class ChecklistItem
{
    private ChecklistItem()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid ProjectId { get; private set; }

    public Guid PhaseId { get; private set; }

    public Guid? TaskId { get; private set; }

    public int Order { get; set; }

    public string Text { get; private set; } = string.Empty;

    public bool IsDone { get; private set; }

    public string? DoneBy { get; private set; }

    public DateOnly? DoneOn { get; private set; }

    public bool IsGateItem => TaskId is null;

    public static ChecklistItem ForGate(Guid projectId, Guid phaseId, string text, int order) => Create(projectId, phaseId, null, text, order);

    public static ChecklistItem ForTask(Guid projectId, Guid phaseId, Guid taskId, string text, int order) => Create(projectId, phaseId, taskId, text, order);

    internal void Rename(string text) => Text = Required(text);

    internal void Mark(bool done, string by, DateOnly today)
    {
        IsDone = done;
        DoneBy = done ? by : null;
        DoneOn = done ? today : null;
    }

    private static ChecklistItem Create(Guid projectId, Guid phaseId, Guid? taskId, string text, int order) =>
        new() { ProjectId = projectId, PhaseId = phaseId, TaskId = taskId, Text = Required(text), Order = order };

    private static string Required(string? text) =>
        string.IsNullOrWhiteSpace(text) ? throw new DomainException("Checklist item text is required.", "Checklist item") : text.Trim();
}
