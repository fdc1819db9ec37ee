using Psa.Domain.Billing.Rules;
using Psa.Domain.Contracts;

namespace Psa.Domain.ServiceDesk.Rules;

/// <summary>
/// The agreement a ticket's time is billed under: the client's agreement active on the day that
/// covers the ticket's work type by the billing engine's own <see cref="WorkTypeCoverage"/> rule,
/// the first in billing order (<see cref="ServiceAgreement.Sequence"/>, then code). None when no
/// agreement covers the work: the time is then client-level time and materials.
/// </summary>
public static class AgreementSelection
{
    public static ServiceAgreement? For(IEnumerable<ServiceAgreement> agreements, Guid clientId, string workTypeCode, DateOnly day) =>
        agreements
            .Where(a => a.ClientId == clientId && a.StartDate <= day && (a.EndDate is null || a.EndDate >= day))
            .Where(a => WorkTypeCoverage.Covers(a.ToBillingAgreement(string.Empty, null), workTypeCode))
            .OrderBy(a => a.Sequence)
            .ThenBy(a => a.Code, StringComparer.Ordinal)
            .FirstOrDefault();
}
