namespace Psa.Domain.Portal;

/// <summary>A comment on a task, by a client contact in the portal or by staff.</summary>
public sealed class TaskComment
{
    public const int MaxLength = 4000;

    private TaskComment()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid ProjectId { get; private set; }

    public Guid TaskId { get; private set; }

    public string AuthorName { get; private set; } = string.Empty;

    /// <summary>True when a client contact wrote it (false for staff).</summary>
    public bool ByClient { get; private set; }

    public string Text { get; private set; } = string.Empty;

    public DateTimeOffset CreatedUtc { get; private set; }

    public static TaskComment Create(Guid projectId, Guid taskId, string author, bool byClient, string? text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new DomainException("Write a comment first.", "Comment");
        }

        if (text.Trim().Length > MaxLength)
        {
            throw new DomainException($"A comment can be at most {MaxLength} characters.", "Comment");
        }

        return new TaskComment { ProjectId = projectId, TaskId = taskId, AuthorName = author, ByClient = byClient, Text = text.Trim(), CreatedUtc = now };
    }
}

/// <summary>A file attached to a task; the bytes live in the workspace's data folder under <see cref="StoredName"/>.</summary>
public sealed class TaskAttachment
{
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>File types a contact may attach, by extension, with the content type they are served as.</summary>
    public static readonly IReadOnlyDictionary<string, string> AllowedTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".txt"] = "text/plain",
        [".md"] = "text/markdown",
        [".csv"] = "text/csv",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".zip"] = "application/zip",
    };

    private TaskAttachment()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid ProjectId { get; private set; }

    public Guid TaskId { get; private set; }

    /// <summary>The client whose project it is; downloads are allowed to staff and to this client's contacts only.</summary>
    public Guid ClientId { get; private set; }

    public string FileName { get; private set; } = string.Empty;

    public string ContentType { get; private set; } = string.Empty;

    public long Size { get; private set; }

    public string StoredName { get; private set; } = string.Empty;

    public string UploadedBy { get; private set; } = string.Empty;

    public bool ByClient { get; private set; }

    public DateTimeOffset UploadedUtc { get; private set; }

    /// <summary>The file's own name (no folders) and the content type it is served as; a name, type or size outside the rules is refused on "File".</summary>
    public static (string Name, string ContentType) Checked(string? fileName, long size)
    {
        var name = Path.GetFileName((fileName ?? string.Empty).Trim());
        if (name.Length is 0 or > 200)
        {
            throw new DomainException("The file needs a name (at most 200 characters).", "File");
        }

        if (!AllowedTypes.TryGetValue(Path.GetExtension(name), out var type))
        {
            throw new DomainException($"“{name}” is not a type you can attach. Allowed: {string.Join(", ", AllowedTypes.Keys)}.", "File");
        }

        if (size <= 0)
        {
            throw new DomainException($"“{name}” is empty.", "File");
        }

        if (size > MaxBytes)
        {
            throw new DomainException($"“{name}” is larger than {MaxBytes / (1024 * 1024)} MB.", "File");
        }

        return (name, type);
    }

    public static TaskAttachment Create(Guid projectId, Guid taskId, Guid clientId, string? fileName, long size, string uploadedBy, bool byClient, DateTimeOffset now)
    {
        var (name, type) = Checked(fileName, size);
        var attachment = new TaskAttachment
        {
            ProjectId = projectId, TaskId = taskId, ClientId = clientId, FileName = name, ContentType = type, Size = size,
            UploadedBy = uploadedBy, ByClient = byClient, UploadedUtc = now,
        };
        attachment.StoredName = attachment.Id.ToString("N");
        return attachment;
    }
}
