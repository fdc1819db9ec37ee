namespace Psa.Domain.Identity;

/// <summary>Password strength, the same for staff, client contacts and platform administrators.</summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 10;

    /// <summary>How long an emailed password-reset link works (the page and the email say so).</summary>
    public static readonly TimeSpan ResetLinkLifetime = TimeSpan.FromHours(3);

    public static string? Problem(string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinimumLength)
        {
            return $"Password must be at least {MinimumLength} characters long.";
        }

        var classes = 0;
        if (password.Any(char.IsLower)) classes++;
        if (password.Any(char.IsUpper)) classes++;
        if (password.Any(char.IsDigit)) classes++;
        if (password.Any(c => !char.IsLetterOrDigit(c))) classes++;
        return classes < 3
            ? "Password must mix at least three of: lowercase letters, uppercase letters, digits and symbols."
            : null;
    }
}
