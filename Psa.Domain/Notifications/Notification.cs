namespace Psa.Domain.Notifications;

/// <summary>An in-app message for a staff user (e.g. "3 tasks assigned to you on Contoso server migration").</summary>
public sealed class Notification
{
    private Notification()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public string UserId { get; private set; } = string.Empty;

    public string Title { get; private set; } = string.Empty;

    public string? Body { get; private set; }

    public string? Link { get; private set; }

    public DateTimeOffset CreatedUtc { get; private set; }

    public DateTimeOffset? ReadUtc { get; set; }

    public static Notification Create(string userId, string title, string? body, string? link, DateTimeOffset now) =>
        new() { UserId = userId, Title = title, Body = body, Link = link, CreatedUtc = now };
}
