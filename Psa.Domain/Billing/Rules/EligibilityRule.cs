namespace Psa.Domain.Billing.Rules;

/// <summary>
/// Which time a run for a period bills (BILLING.md §2): billable, approved, not yet invoiced
/// and started on or before the period's last day. Earlier entries are caught as late time.
/// </summary>
public static class EligibilityRule
{
    public static bool IsEligible(BillingTimeEntry entry, BillingPeriod period) =>
        entry.Billable && entry.Approved && !entry.Invoiced && entry.Date <= period.LastDay;

    /// <summary>An eligible entry dated before the period: billed now and reported as <c>late_time</c>.</summary>
    public static bool IsLate(BillingTimeEntry entry, BillingPeriod period) =>
        IsEligible(entry, period) && entry.Date < period.FirstDay;

    /// <summary>A billable, uninvoiced entry within reach of the run that still waits for approval.</summary>
    public static bool IsUnapproved(BillingTimeEntry entry, BillingPeriod period) =>
        entry.Billable && !entry.Approved && !entry.Invoiced && entry.Date <= period.LastDay;
}
