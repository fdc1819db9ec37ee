using Psa.Domain.Common;
using Psa.Domain.Projects.Routing;

namespace Psa.Domain.Projects;

public enum ProjectStatus
{
    Planned = 0,
    Active = 1,
    OnHold = 2,
    Completed = 3,
    Cancelled = 4,
}

/// <summary>How a project is invoiced (BILLING.md §5).</summary>
public enum ProjectBillingModel
{
    Upfront = 0,
    Deposit = 1,
    Milestone = 2,
    AsWorked = 3,
}

public enum ProjectTaskStatus
{
    ToDo = 0,
    InProgress = 1,
    Blocked = 2,
    Done = 3,
}

/// <summary>
/// A client project. Its phases and tasks are separate entities keyed by <see cref="Id"/>; the rules
/// that span them live in the project-delivery domain services.
/// </summary>
public sealed class Project : AggregateRoot
{
    private Project()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    /// <summary>Short unique key (e.g. <c>acme-m365</c>).</summary>
    public string Code { get; private set; } = string.Empty;

    public Guid ClientId { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public ProjectStatus Status { get; set; } = ProjectStatus.Planned;

    public string? ProjectManagerUserId { get; set; }

    public DateOnly? StartDate { get; set; }

    public DateOnly? EndDate { get; set; }

    public decimal? BudgetHours { get; set; }

    public decimal? BudgetAmount { get; set; }

    public ProjectBillingModel BillingModel { get; set; } = ProjectBillingModel.AsWorked;

    /// <summary>Fixed price for upfront, deposit and milestone billing.</summary>
    public decimal? Value { get; set; }

    /// <summary>Deposit as a fraction of <see cref="Value"/> (0.3 = 30 %).</summary>
    public decimal? DepositPercent { get; set; }

    /// <summary>The day the client accepted the project (quote accepted).</summary>
    public DateOnly? AcceptedOn { get; set; }

    public DateOnly? CompletedOn { get; set; }

    public string? InvoiceGroup { get; set; }

    public bool Taxable { get; set; }

    /// <summary>Kind of work (e.g. "Server migration"); templates and routing defaults are chosen per type.</summary>
    public string? ProjectType { get; set; }

    public string? Description { get; set; }

    /// <summary>How new tasks without an assignee are routed to engineers.</summary>
    public RoutingMode RoutingMode { get; set; } = RoutingMode.Manual;

    /// <summary>The team whose members tasks are routed to (all active engineers when null).</summary>
    public Guid? TeamId { get; set; }

    public Guid? TemplateId { get; set; }

    /// <summary>The accepted quote the project came from, if any.</summary>
    public Guid? QuoteId { get; set; }

    public static Project Create(string code, Guid clientId, string name)
    {
        code = (code ?? string.Empty).Trim();
        if (code.Length is 0 or > 60)
        {
            throw new DomainException("Project code is required (at most 60 characters).", "Code");
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("Project name is required.", "Name");
        }

        return new Project { Code = code, ClientId = clientId, Name = name.Trim() };
    }

    /// <summary>
    /// What is wrong with these details, each naming its field: a name is required, the end cannot precede the
    /// start, budgets cannot be negative, a deposit is 0–100 % and deposit billing needs one.
    /// </summary>
    public static IReadOnlyList<FieldError> DetailProblems(string? name, DateOnly? start, DateOnly? end, decimal? budgetHours, decimal? budgetAmount,
        ProjectBillingModel billingModel, decimal? depositPercent)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new("Name", "Project name is required."));
        }

        if (start is { } s && end is { } e && e < s)
        {
            errors.Add(new("End", "The end date cannot be before the start date."));
        }

        if (budgetHours < 0)
        {
            errors.Add(new("Budget hours", "Budget hours cannot be negative."));
        }

        if (budgetAmount < 0)
        {
            errors.Add(new("Budget amount", "Budget amount cannot be negative."));
        }

        if (depositPercent is < 0 or > 1)
        {
            errors.Add(new("Deposit %", "Deposit must be between 0 and 100 %."));
        }
        else if (billingModel == ProjectBillingModel.Deposit && depositPercent is not > 0)
        {
            errors.Add(new("Deposit %", "Deposit billing needs a deposit percentage."));
        }

        return errors;
    }

    /// <summary>Changes the project's details, all or nothing; refuses them, naming every wrong field (<see cref="DetailProblems"/>).</summary>
    public void Update(string name, string? projectType, ProjectStatus status, string? projectManagerUserId, DateOnly? start, DateOnly? end,
        decimal? budgetHours, decimal? budgetAmount, ProjectBillingModel billingModel, decimal? value, decimal? depositPercent,
        RoutingMode routingMode, Guid? teamId, string? description)
    {
        var problems = DetailProblems(name, start, end, budgetHours, budgetAmount, billingModel, depositPercent);
        if (problems.Count > 0)
        {
            throw new ValidationFailedException(problems);
        }

        Name = name.Trim();
        ProjectType = string.IsNullOrWhiteSpace(projectType) ? null : projectType.Trim();
        Status = status;
        ProjectManagerUserId = projectManagerUserId;
        StartDate = start;
        EndDate = end;
        BudgetHours = budgetHours;
        BudgetAmount = budgetAmount;
        BillingModel = billingModel;
        Value = value;
        DepositPercent = depositPercent;
        RoutingMode = routingMode;
        TeamId = teamId;
        Description = description;
    }

    public void Rename(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("Project name is required.", "Name");
        }

        Name = name.Trim();
    }
}

/// <summary>A phase (milestone) of a project, in order; it may carry a milestone amount or percentage.</summary>
public sealed class ProjectPhase
{
    private ProjectPhase()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid ProjectId { get; private set; }

    /// <summary>Short key unique within the workspace (imported milestone ids), optional for phases made in the UI.</summary>
    public string? Code { get; set; }

    public int Order { get; set; }

    public string Name { get; set; } = string.Empty;

    public bool RequiresClientSignOff { get; set; }

    public decimal? MilestoneAmount { get; set; }

    /// <summary>Fraction of the project value (0.25 = 25 %).</summary>
    public decimal? MilestonePercent { get; set; }

    public DateOnly? CompletedOn { get; set; }

    /// <summary>Earlier phases that must be complete (and their gates checked) before this phase's tasks start.</summary>
    public List<Guid> DependsOnPhaseIds { get; set; } = [];

    public DateOnly? SignedOffOn { get; private set; }

    public string? SignedOffBy { get; private set; }

    /// <summary>How the sign-off was obtained (the portal's typed signature, or staff recording it on the client's behalf).</summary>
    public string? SignOffNote { get; private set; }

    /// <summary>The instant a contact signed off in the portal (UTC).</summary>
    public DateTimeOffset? SignedOffUtc { get; private set; }

    /// <summary>The address the portal sign-off came from.</summary>
    public string? SignedOffFromIp { get; private set; }

    public bool IsComplete => CompletedOn is not null;

    public bool IsSignedOff => SignedOffOn is not null;

    internal void RecordSignOff(string by, string note, DateOnly today)
    {
        SignedOffOn = today;
        SignedOffBy = by;
        SignOffNote = note;
    }

    internal void RecordPortalSignOff(string typedName, string contact, DateTimeOffset utc, string? ip, DateOnly today)
    {
        SignedOffOn = today;
        SignedOffBy = typedName;
        SignOffNote = $"Signed in the client portal by {contact}";
        SignedOffUtc = utc;
        SignedOffFromIp = ip;
    }

    public static ProjectPhase Create(Guid projectId, int order, string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("Phase name is required.", "Name");
        }

        return new ProjectPhase { ProjectId = projectId, Order = order, Name = name.Trim() };
    }
}

/// <summary>A task in a phase.</summary>
public sealed class ProjectTask
{
    private ProjectTask()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid ProjectId { get; private set; }

    public Guid PhaseId { get; private set; }

    public string Title { get; internal set; } = string.Empty;

    public string? Description { get; internal set; }

    public int? EstimateMinutes { get; internal set; }

    public DateOnly? StartDate { get; internal set; }

    public DateOnly? DueDate { get; internal set; }

    public ProjectTaskStatus Status { get; internal set; } = ProjectTaskStatus.ToDo;

    public Guid? AssigneeEngineerId { get; internal set; }

    public int Order { get; internal set; }

    /// <summary>Finish-to-start predecessors: tasks that must be done before this one starts.</summary>
    public List<Guid> PredecessorIds { get; internal set; } = [];

    /// <summary>Why the automatic routing chose the assignee ("skills: Azure 5; available; 6 h queued").</summary>
    public string? AssignmentReason { get; internal set; }

    public DateOnly? CompletedOn { get; internal set; }

    /// <summary>The client's contacts may comment on, attach files to and complete this task in the portal.</summary>
    public bool ClientEditable { get; internal set; }

    public decimal EstimateHours => (EstimateMinutes ?? 0) / 60m;

    public bool IsOpen => Status != ProjectTaskStatus.Done;

    public static ProjectTask Create(Guid projectId, Guid phaseId, string title, int order = 0, Guid? assigneeEngineerId = null)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new DomainException("Task title is required.", "Title");
        }

        return new ProjectTask { ProjectId = projectId, PhaseId = phaseId, Title = title.Trim(), Order = order, AssigneeEngineerId = assigneeEngineerId };
    }
}
