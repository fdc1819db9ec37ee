using Psa.Domain.Common;

namespace Psa.Domain.Billing.Rules;

/// <summary>
/// Tax per line (BILLING.md §6): round(amount × client.taxRate) when the line is taxable, else 0.
/// Taxability comes from the product (recurring), the work type (time, overage), the agreement
/// (block purchases) or the project (project kinds).
/// </summary>
public static class TaxRule
{
    public static decimal TaxAmount(decimal amount, bool taxable, BillingClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return taxable ? MoneyMath.Round2(amount * client.TaxRate) : 0m;
    }
}
