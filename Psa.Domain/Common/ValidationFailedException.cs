namespace Psa.Domain;

/// <summary>A problem with one field of a form or command; <see cref="Field"/> is the label the user sees.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>Several fields are wrong at once; each is named, so a form shows every problem in one go.</summary>
public sealed class ValidationFailedException(IReadOnlyList<FieldError> errors)
    : DomainException(string.Join(" ", errors.Select(e => e.Message)), errors.FirstOrDefault()?.Field)
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}
