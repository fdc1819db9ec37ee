namespace Psa.Domain.Common;

/// <summary>A named rule of the domain. Entities check rules; tests assert which one broke.</summary>
public interface IBusinessRule
{
    bool IsBroken();

    /// <summary>Why the rule is broken, fit to show a user (names what blocks the change).</summary>
    string Message { get; }

    /// <summary>The input field the rule concerns, where there is one.</summary>
    string? Field => null;
}

/// <summary>A named <see cref="IBusinessRule"/> was broken.</summary>
public sealed class BusinessRuleViolationException(IBusinessRule rule) : DomainException(rule.Message, rule.Field)
{
    public IBusinessRule Rule { get; } = rule;

    public static void Check(IBusinessRule rule)
    {
        if (rule.IsBroken())
        {
            throw new BusinessRuleViolationException(rule);
        }
    }
}
