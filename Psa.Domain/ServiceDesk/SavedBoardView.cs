namespace Psa.Domain.ServiceDesk;

/// <summary>The filters of the service board a person saved under a name: kept private, or shared with everyone on the desk.</summary>
public sealed class SavedBoardView
{
    public const int MaxName = 80;
    public const int MaxText = 200;

    private SavedBoardView()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public string Name { get; private set; } = string.Empty;

    /// <summary>The person who saved it; only they (or an administrator, for a shared view) remove it.</summary>
    public string OwnerUserId { get; private set; } = string.Empty;

    public string OwnerName { get; private set; } = string.Empty;

    public bool Shared { get; private set; }

    public Guid? BoardId { get; private set; }

    public TicketPriority? Priority { get; private set; }

    public Guid? AssigneeEngineerId { get; private set; }

    public Guid? ClientId { get; private set; }

    public string? Text { get; private set; }

    public bool IncludeDone { get; private set; }

    public DateTimeOffset SavedUtc { get; private set; }

    public static SavedBoardView Create(string ownerUserId, string ownerName, string name, bool shared, BoardViewFilters filters, DateTimeOffset nowUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ownerUserId);
        var view = new SavedBoardView { OwnerUserId = ownerUserId, OwnerName = ownerName.Trim() };
        view.Save(name, shared, filters, nowUtc);
        return view;
    }

    /// <summary>Saving again under the same name replaces the filters and the sharing.</summary>
    public void Save(string name, bool shared, BoardViewFilters filters, DateTimeOffset nowUtc)
    {
        ArgumentNullException.ThrowIfNull(filters);
        Name = NormaliseName(name);
        var text = string.IsNullOrWhiteSpace(filters.Text) ? null : filters.Text.Trim();
        if (text is { Length: > MaxText })
        {
            throw new DomainException($"Search is at most {MaxText} characters.", "Search");
        }

        Shared = shared;
        BoardId = filters.BoardId;
        Priority = filters.Priority;
        AssigneeEngineerId = filters.AssigneeEngineerId;
        ClientId = filters.ClientId;
        Text = text;
        IncludeDone = filters.IncludeDone;
        SavedUtc = nowUtc;
    }

    public BoardViewFilters Filters => new(BoardId, Priority, AssigneeEngineerId, ClientId, Text, IncludeDone);

    public static string NormaliseName(string? name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0 || trimmed.Length > MaxName)
        {
            throw new DomainException($"View name is required (at most {MaxName} characters).", "View name");
        }

        return trimmed;
    }
}

/// <summary>The service board's filters as a saved view keeps them; null does not filter.</summary>
public sealed record BoardViewFilters(Guid? BoardId, TicketPriority? Priority, Guid? AssigneeEngineerId, Guid? ClientId, string? Text, bool IncludeDone);
