namespace Psa.Domain;

/// <summary>A rule of the domain was broken; the message is fit to show a user.</summary>
public class DomainException : Exception
{
    public DomainException(string message, string? field = null) : base(message) => Field = field;

    public DomainException() : base("A business rule was broken.")
    {
    }

    public DomainException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>The input field the problem concerns, where there is one.</summary>
    public string? Field { get; }
}
