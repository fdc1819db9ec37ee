using Psa.Domain.Quotes;

namespace Psa.Web.Components.Pages.Quotes;

public static class QuoteText
{
    public static string StatusClass(QuoteStatus status) => status switch
    {
        QuoteStatus.Accepted => "psa-badge-active",
        QuoteStatus.Declined => "psa-badge-deleted",
        QuoteStatus.Sent => "psa-project-active",
        _ => string.Empty,
    };
}
