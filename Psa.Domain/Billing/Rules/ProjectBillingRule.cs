using Psa.Domain.Common;

namespace Psa.Domain.Billing.Rules;

/// <summary>A fixed-price project charge for the period.</summary>
public sealed record ProjectCharge(LineKind Kind, decimal Amount, IReadOnlyList<string> Sources);

/// <summary>
/// Project billing (BILLING.md §5). Fixed-price models charge on acceptance, completion or
/// milestones; <c>as_worked</c> bills its time (priced elsewhere) and is watched against its budget.
/// Kinds in <see cref="Project.InvoicedKinds"/> were billed earlier and are not billed again.
/// </summary>
public static class ProjectBillingRule
{
    public static IReadOnlyList<ProjectCharge> Charges(BillingProject project, BillingPeriod period)
    {
        ArgumentNullException.ThrowIfNull(project);
        var charges = new List<ProjectCharge>();
        var value = project.Value ?? 0m;
        switch (project.Billing)
        {
            case ProjectBilling.Upfront:
                if (WithinPeriod(project.Accepted, period))
                {
                    charges.Add(new ProjectCharge(LineKind.Upfront, MoneyMath.Round2(value), [project.Id]));
                }

                break;

            case ProjectBilling.Deposit:
                var deposit = MoneyMath.Round2(value * (project.DepositPercent ?? 0m));
                if (WithinPeriod(project.Accepted, period))
                {
                    charges.Add(new ProjectCharge(LineKind.Deposit, deposit, [project.Id]));
                }

                if (WithinPeriod(project.Completed, period))
                {
                    charges.Add(new ProjectCharge(LineKind.Completion, MoneyMath.Round2(value - deposit), [project.Id]));
                }

                break;

            case ProjectBilling.Milestone:
                foreach (var milestone in project.Milestones)
                {
                    if (milestone.Completed is { } completed && completed <= period.LastDay && !milestone.Invoiced)
                    {
                        var amount = MoneyMath.Round2(milestone.Amount ?? value * (milestone.Percent ?? 0m));
                        charges.Add(new ProjectCharge(LineKind.Milestone, amount, [project.Id, milestone.Id]));
                    }
                }

                break;

            case ProjectBilling.AsWorked:
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(project), project.Billing, "Unknown project billing model.");
        }

        return charges.Where(c => !project.AlreadyInvoiced(c.Kind)).ToList();
    }

    /// <summary>
    /// <c>over_budget</c>: hours billed before the period plus this run's billable minutes exceed the budget.
    /// A project without a budget is never over it.
    /// </summary>
    public static bool IsOverBudget(BillingProject project, int minutesThisRun)
    {
        ArgumentNullException.ThrowIfNull(project);
        return project.BudgetHours is { } budget && ((project.BilledHours ?? 0m) * 60m) + minutesThisRun > budget * 60m;
    }

    private static bool WithinPeriod(DateOnly? date, BillingPeriod period) => date is { } d && period.Contains(d);
}
