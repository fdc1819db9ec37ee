namespace Psa.Domain.Billing.Rules;

/// <summary>
/// Invoice grouping (BILLING.md §6): one invoice per (client, group). An agreement's group is its
/// invoiceGroup, else its parent's group (up the chain), else its own id; a project's is its
/// invoiceGroup, else <c>project:&lt;id&gt;</c>; client-level time goes to <c>time</c>.
/// </summary>
public static class InvoiceGrouping
{
    public const string ClientTimeGroup = "time";

    public static string GroupOf(Agreement agreement, IReadOnlyDictionary<string, Agreement> agreementsById)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        ArgumentNullException.ThrowIfNull(agreementsById);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var current = agreement;
        while (true)
        {
            if (current.InvoiceGroup is { } group)
            {
                return group;
            }

            if (!visited.Add(current.Id))
            {
                throw new InvalidOperationException($"Agreement '{agreement.Id}' has a parent chain that loops.");
            }

            if (current.ParentId is null || !agreementsById.TryGetValue(current.ParentId, out var parent))
            {
                return current.Id;
            }

            current = parent;
        }
    }

    public static string GroupOf(BillingProject project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return project.InvoiceGroup ?? $"project:{project.Id}";
    }

    /// <summary>
    /// Collects lines into invoices ordered by client, then group (ordinal); lines keep the order
    /// in which they were produced.
    /// </summary>
    public static IReadOnlyList<Invoice> Group(IEnumerable<KeyValuePair<(string ClientId, string Group), List<InvoiceLine>>> invoices) =>
        invoices
            .OrderBy(i => i.Key.ClientId, StringComparer.Ordinal)
            .ThenBy(i => i.Key.Group, StringComparer.Ordinal)
            .Select(i => new Invoice(i.Key.ClientId, i.Key.Group, i.Value))
            .ToList();
}
