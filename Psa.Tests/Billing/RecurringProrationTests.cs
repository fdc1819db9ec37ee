using Psa.Domain.Billing;
using Psa.Domain.Billing.Rules;
using Psa.Domain.Billing.Tiers;
using Shouldly;
using Xunit;
using static Psa.Tests.Billing.BillingInputBuilder;

namespace Psa.Tests.Billing;

public sealed class RecurringProrationTests
{
    private static readonly BillingPeriod October = BillingPeriod.Of(2026, 10);

    private static RecurringLine Line(decimal unitPrice, params (string From, decimal Quantity)[] schedule) =>
        new("managed-user", unitPrice, schedule.Select(s => new QuantityChange(Day(s.From), s.Quantity)).ToList());

    private static IEnumerable<(int Days, decimal Quantity, decimal Amount)> Runs(RecurringLine line, string start = "2025-06-01", string? end = null) =>
        RecurringProration.Runs(new RecurringAgreement(Terms("msp", start: start, end: end), [line]), line, October)
            .Select(r => (r.Days, r.Quantity, r.Amount));

    [Fact]
    public void RecurringProration_QuantityChangeMidMonth_GivesOneLinePerRun() =>
        Runs(Line(95m, ("2025-06-01", 24), ("2026-10-16", 27)))
            .ShouldBe([(15, 24m, 1103.23m), (16, 27m, 1323.87m)]);

    [Fact]
    public void RecurringProration_FullMonthAtOneQuantity_IsTheFullPrice() =>
        Runs(Line(22m, ("2025-06-01", 10))).ShouldBe([(31, 10m, 220.00m)]);

    [Fact]
    public void RecurringProration_AgreementStartingMidMonth_ProratesItsActiveDays() =>
        Runs(Line(7.5m, ("2026-10-10", 31)), start: "2026-10-10").ShouldBe([(22, 31m, 165.00m)]);

    [Fact]
    public void RecurringProration_AgreementEndingMidMonth_ProratesThroughItsEndInclusive() =>
        Runs(Line(31m, ("2025-06-01", 1)), end: "2026-10-10").ShouldBe([(10, 1m, 10.00m)]);

    [Fact]
    public void RecurringProration_ZeroQuantityRun_GivesNoLine() =>
        Runs(Line(31m, ("2025-06-01", 2), ("2026-10-21", 0))).ShouldBe([(20, 2m, 40.00m)]);

    [Fact]
    public void RecurringProration_DaysBeforeTheScheduleStarts_HaveQuantityZero() =>
        Runs(Line(31m, ("2026-10-29", 1))).ShouldBe([(3, 1m, 3.00m)]);

    [Fact]
    public void RecurringProration_ConsecutiveEntriesWithEqualQuantity_FormOneRun() =>
        Runs(Line(31m, ("2025-06-01", 3), ("2026-10-10", 3))).ShouldBe([(31, 3m, 93.00m)]);

    [Fact]
    public void RecurringProration_QuantityChangingBackAndForth_GivesARunEach() =>
        Runs(Line(31m, ("2025-06-01", 1), ("2026-10-11", 2), ("2026-10-21", 1)))
            .ShouldBe([(10, 1m, 10.00m), (10, 2m, 20.00m), (11, 1m, 11.00m)]);

    [Fact]
    public void RecurringProration_AgreementNotActiveInPeriod_GivesNoLines()
    {
        Runs(Line(31m, ("2025-06-01", 1)), end: "2026-09-30").ShouldBeEmpty();
        Runs(Line(31m, ("2025-06-01", 1)), start: "2026-11-01").ShouldBeEmpty();
    }

    [Fact]
    public void RecurringProration_ProratesByDaysInThePeriod()
    {
        var line = Line(28m, ("2025-06-01", 1), ("2026-02-15", 2));
        var agreement = new RecurringAgreement(Terms("msp", start: "2025-06-01"), [line]);
        RecurringProration.Runs(agreement, line, BillingPeriod.Of(2026, 2)).Select(r => (r.Days, r.Amount))
            .ShouldBe([(14, 14.00m), (14, 28.00m)]);
    }

    [Fact]
    public void Recurring_CoveredWorkIsNotInvoiced_UncoveredWorkIsBilledAtAgreementRateAndMultipliers()
    {
        var result = new BillingInputBuilder()
            .Client("acme", hourlyRate: 130m)
            .Agreement(new RecurringAgreement(
                Terms("acme-msp") with { CoveredWorkTypes = new HashSet<string> { "remote" }, HourlyRate = 150m, TierMultipliers = new TierMultipliers(1m, 2m, 3m) },
                []))
            .Entry("covered", "2026-10-06T19:00", 60, agreement: "acme-msp")
            .Entry("uncovered", "2026-10-06T19:00", 60, workType: "onsite", agreement: "acme-msp")
            .Run();

        var line = result.LinesOf("acme", "acme-msp").Single();
        line.Kind.ShouldBe(LineKind.Time);
        line.Sources.ShouldBe(["uncovered"]);
        line.Amount.ShouldBe(300.00m); // 150 × 2.0 after hours
    }

    [Fact]
    public void WorkTypeCoverage_RecurringWithNoList_CoversNothing()
    {
        var result = new BillingInputBuilder()
            .Agreement(new RecurringAgreement(Terms("acme-msp"), []))
            .Entry("t1", "2026-10-06T09:00", 60, agreement: "acme-msp")
            .Entry("t2", "2026-10-06T11:00", 60, workType: "training", agreement: "acme-msp")
            .Run();

        result.LinesOf("acme", "acme-msp").SelectMany(l => l.Sources).Order().ShouldBe(["t1", "t2"]);
    }

    [Fact]
    public void WorkTypeCoverage_RecurringChosenToCoverEveryWorkType_CoversAllWork()
    {
        var result = new BillingInputBuilder()
            .Agreement(new RecurringAgreement(Terms("acme-msp") with { CoversEveryWorkType = true }, []))
            .Entry("t1", "2026-10-06T09:00", 60, agreement: "acme-msp")
            .Entry("t2", "2026-10-06T11:00", 60, workType: "training", agreement: "acme-msp")
            .Run();

        result.Invoices.ShouldBeEmpty();
    }

    [Fact]
    public void Recurring_LinesUseProductTaxabilityAndClientTaxRate()
    {
        var result = new BillingInputBuilder()
            .Client("acme", taxRate: 0.0825m)
            .Product("m365", taxable: true)
            .Product("managed-user")
            .Agreement(new RecurringAgreement(Terms("acme-msp"),
            [
                new RecurringLine("managed-user", 95m, [new QuantityChange(Day("2025-01-01"), 2)]),
                new RecurringLine("m365", 22m, [new QuantityChange(Day("2025-01-01"), 24)]),
            ]))
            .Run();

        result.LinesOf("acme", "acme-msp").Select(l => (l.Item, l.Amount, l.TaxAmount, l.Days))
            .ShouldBe([("managed-user", 190.00m, 0m, (int?)31), ("m365", 528.00m, 43.56m, (int?)31)]);
    }
}
