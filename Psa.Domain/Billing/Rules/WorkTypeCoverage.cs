namespace Psa.Domain.Billing.Rules;

/// <summary>
/// Which work types an agreement covers (BILLING.md §4). A recurring agreement with no list covers
/// nothing, so labour is never given away by omission; a block with no list covers every work type. A person may still choose "every work type" for any agreement.
/// </summary>
public static class WorkTypeCoverage
{
    public static bool Covers(Agreement agreement, string workTypeId) =>
        agreement.Terms.CoversEveryWorkType || (agreement.CoveredWorkTypes is { } covered
            ? covered.Contains(workTypeId)
            : agreement.Type != AgreementType.Recurring);
}
