using Psa.Domain.Billing;
using Psa.Domain.Billing.Rules;
using Psa.Domain.Billing.Tiers;
using Shouldly;
using Xunit;
using static Psa.Tests.Billing.BillingInputBuilder;

namespace Psa.Tests.Billing;

/// <summary>IncrementRounding, RateResolution and TimePricing (BILLING.md §3).</summary>
public sealed class PricingRuleTests
{
    [Theory]
    [InlineData(50, 15, 60)]
    [InlineData(60, 15, 60)]
    [InlineData(1, 15, 15)]
    [InlineData(0, 15, 0)]
    [InlineData(37, 1, 37)]
    [InlineData(37, 0, 37)]
    [InlineData(31, 6, 36)]
    public void IncrementRounding_RoundsMinutesUpToTheIncrement(int minutes, int increment, int billable) =>
        IncrementRounding.RoundUp(minutes, increment).ShouldBe(billable);

    [Fact]
    public void IncrementRounding_AddedMinutesGoToTheLastSegment()
    {
        var splitter = new TierSplitter(DefaultHours(), []);
        var priced = PricedEntry.Price(Entry("2026-10-06T17:50", 20), new PricingTerms(125m, DefaultMultipliers, 15), splitter);

        priced.BillableMinutes.ShouldBe(30);
        priced.Segments.Select(s => (s.Tier, s.Minutes)).ShouldBe([(Tier.Normal, 10), (Tier.AfterHours, 20)]);
        priced.FullAmount.ShouldBe(79.17m); // 125 × (10 + 20 × 1.4) / 60 = 79.1666…
    }

    [Fact]
    public void IncrementRounding_AgreementIncrementBeatsTenantIncrement()
    {
        var result = new BillingInputBuilder()
            .Agreement(new TimeAndMaterialsAgreement(Terms("acme-tm") with { TimeIncrementMinutes = 60 }))
            .Entry("t1", "2026-10-06T09:00", 20, agreement: "acme-tm")
            .Entry("t2", "2026-10-06T11:00", 20)
            .Run();

        result.LinesOf("acme", "acme-tm").Single().Amount.ShouldBe(125.00m); // 20 → 60 minutes
        result.LinesOf("acme", "time").Single().Amount.ShouldBe(62.50m); // 20 → 30 minutes (tenant)
    }

    [Fact]
    public void IncrementRounding_NoIncrementAnywhere_MeansNoRounding()
    {
        var result = new BillingInputBuilder()
            .Tenant(t => t with { TimeIncrementMinutes = null })
            .Entry("t1", "2026-10-06T09:00", 7)
            .Run();

        result.AllLines().Single().Amount.ShouldBe(14.58m); // 125 × 7 / 60 = 14.5833…
    }

    [Fact]
    public void RateResolution_AgreementRateBeatsClientRateBeatsTenantDefault()
    {
        var tenant = DefaultTenant();
        var withRate = new BillingClient("c", "c", 0m, 140m);
        var withoutRate = new BillingClient("c", "c", 0m, null);
        var agreement = new TimeAndMaterialsAgreement(Terms("a", "c") with { HourlyRate = 160m });
        var agreementWithoutRate = new TimeAndMaterialsAgreement(Terms("a", "c"));

        RateResolution.For(agreement, withRate, tenant).HourlyRate.ShouldBe(160m);
        RateResolution.For(agreementWithoutRate, withRate, tenant).HourlyRate.ShouldBe(140m);
        RateResolution.For(agreementWithoutRate, withoutRate, tenant).HourlyRate.ShouldBe(125m);
        RateResolution.ForClient(withRate, tenant).HourlyRate.ShouldBe(140m);
        RateResolution.ForClient(withoutRate, tenant).HourlyRate.ShouldBe(125m);
    }

    [Fact]
    public void RateResolution_AgreementMultipliersReplaceTenantMultipliers()
    {
        var custom = new TierMultipliers(1m, 2m, 3m);
        var tenant = DefaultTenant();
        var client = new BillingClient("c", "c", 0m, null);

        RateResolution.For(new TimeAndMaterialsAgreement(Terms("a", "c") with { TierMultipliers = custom }), client, tenant)
            .Multipliers.ShouldBe(custom);
        RateResolution.For(new TimeAndMaterialsAgreement(Terms("a", "c")), client, tenant).Multipliers.ShouldBe(DefaultMultipliers);
    }

    [Fact]
    public void TimePricing_RoundsOnceForTheWholeSet_NotPerSegment()
    {
        // Per segment: 32.67 + 151.67 = 184.34; once: 140 × (10 × 1.4 + 65) / 60 = 184.33.
        TimePricing.Amount([(Tier.AfterHours, 10m), (Tier.Normal, 65m)], new PricingTerms(140m, DefaultMultipliers, 15))
            .ShouldBe(184.33m);
    }

    [Fact]
    public void TimePricing_RoundsHalfAwayFromZero() =>
        TimePricing.Amount([(Tier.Normal, 1m)], new PricingTerms(0.3m, TierMultipliers.Flat, 1)).ShouldBe(0.01m); // 0.005

    private static BillingTimeEntry Entry(string start, int minutes) =>
        new("t", "acme", "ana", "remote", At(start), minutes, true, true, false, null, null);
}
