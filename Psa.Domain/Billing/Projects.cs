namespace Psa.Domain.Billing;

public enum ProjectBilling
{
    Upfront,
    Deposit,
    Milestone,
    AsWorked,
}

public static class ProjectBillingCodes
{
    public static bool TryParse(string? code, out ProjectBilling billing)
    {
        (var ok, billing) = code switch
        {
            "upfront" => (true, ProjectBilling.Upfront),
            "deposit" => (true, ProjectBilling.Deposit),
            "milestone" => (true, ProjectBilling.Milestone),
            "as_worked" => (true, ProjectBilling.AsWorked),
            _ => (false, default),
        };
        return ok;
    }
}

/// <summary>A project milestone, priced by a fixed <see cref="Amount"/> or a <see cref="Percent"/> of the project value.</summary>
public sealed record Milestone(string Id, string? Name, decimal? Amount, decimal? Percent, DateOnly? Completed, bool Invoiced);

public sealed record BillingProject(
    string Id,
    string ClientId,
    ProjectBilling Billing,
    decimal? Value,
    DateOnly? Accepted,
    DateOnly? Completed,
    decimal? DepositPercent,
    IReadOnlyList<Milestone> Milestones,
    decimal? BudgetHours,
    decimal? BilledHours,
    string? InvoiceGroup,
    bool Taxable,
    IReadOnlySet<string> InvoicedKinds)
{
    /// <summary>Whether a line of <paramref name="kind"/> was billed in an earlier run.</summary>
    public bool AlreadyInvoiced(LineKind kind) => InvoicedKinds.Contains(kind.ToCode());
}
