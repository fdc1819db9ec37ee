using Psa.Domain;
using Psa.Domain.Quotes;
using Shouldly;

namespace Psa.Tests.Quotes;

public sealed class QuoteExpiryTests
{
    [Fact]
    public void ExpiredQuote_CannotBeAccepted_ByStaffOrFromThePortal()
    {
        var created = new DateOnly(2026, 10, 1);
        var quote = Quote.Create("Q-0001", Guid.NewGuid(), "Firewall refresh", created);
        quote.AddLine(QuoteLineKind.Service, "Firewall", 1, 1000m);

        var error = Should.Throw<DomainException>(() => quote.Accept("Jamie", quote.ValidUntil!.Value.AddDays(1), Guid.NewGuid()));
        error.Field.ShouldBe("Valid until");
        quote.Status.ShouldNotBe(QuoteStatus.Accepted);

        quote.Accept("Jamie", quote.ValidUntil!.Value, Guid.NewGuid());
        quote.Status.ShouldBe(QuoteStatus.Accepted);
    }
}
