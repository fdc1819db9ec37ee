namespace Psa.Domain.Billing.Rules;

/// <summary>
/// GL account per line (BILLING.md §6): the first key in this order that some rule names exactly,
/// with equal values, wins; else the tenant's default. Among rules with the same key the first listed wins.
/// </summary>
public sealed class GlAccountResolver
{
    [Flags]
    private enum Key
    {
        None = 0,
        Client = 1,
        AgreementType = 2,
        Item = 4,
    }

    private static readonly Key[] Precedence =
    [
        Key.Client | Key.AgreementType | Key.Item,
        Key.Client | Key.Item,
        Key.AgreementType | Key.Item,
        Key.Item,
        Key.Client | Key.AgreementType,
        Key.Client,
        Key.AgreementType,
    ];

    private readonly IReadOnlyList<GlRule> _rules;
    private readonly Key[] _keys;
    private readonly string _default;

    public GlAccountResolver(IEnumerable<GlRule> rules, string defaultAccount)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = rules.ToList();
        _keys = _rules.Select(KeyOf).ToArray();
        _default = defaultAccount;
    }

    /// <param name="clientId">The line's client.</param>
    /// <param name="agreementType">The agreement type code; <c>project</c> for project lines, <c>time_and_materials</c> for client-level time.</param>
    /// <param name="item">The line's item.</param>
    public string Resolve(string clientId, string agreementType, string item)
    {
        foreach (var key in Precedence)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var rule = _rules[i];
                if (_keys[i] == key
                    && (!key.HasFlag(Key.Client) || rule.ClientId == clientId)
                    && (!key.HasFlag(Key.AgreementType) || rule.AgreementType == agreementType)
                    && (!key.HasFlag(Key.Item) || rule.Item == item))
                {
                    return rule.Account;
                }
            }
        }

        return _default;
    }

    private static Key KeyOf(GlRule rule) =>
        (rule.ClientId is null ? Key.None : Key.Client)
        | (rule.AgreementType is null ? Key.None : Key.AgreementType)
        | (rule.Item is null ? Key.None : Key.Item);
}
