using Psa.Domain.Billing;
using Psa.Domain.Billing.Rules;
using Shouldly;
using Xunit;
using static Psa.Tests.Billing.BillingInputBuilder;

namespace Psa.Tests.Billing;

/// <summary>BlockDeduction: period start, deduction order, hour vs amount blocks, overage bill and renew.</summary>
public sealed class BlockDeductionTests
{
    private static BillingInputBuilder Hours(BlockTerms block, string start = "2026-01-01", string? end = null, bool taxable = false) =>
        new BillingInputBuilder()
            .Agreement(new PrepaidHoursAgreement(Terms("acme-block", start: start, end: end) with { HourlyRate = 125m, Taxable = taxable }, block));

    private static BillingInputBuilder Amount(BlockTerms block) =>
        new BillingInputBuilder()
            .Agreement(new PrepaidAmountAgreement(Terms("acme-block") with { HourlyRate = 125m }, block));

    [Fact]
    public void BlockDeduction_PrepaidHours_AfterHoursHourDeductsOneHour()
    {
        var result = Hours(Block(10, 1150, 3)).Entry("t1", "2026-10-07T19:00", 60, agreement: "acme-block").Run();

        result.Invoices.ShouldBeEmpty();
        result.BalanceOf("acme-block").ShouldBe(new BlockBalance("acme-block", BalanceUnit.Minutes, 120m, 0m));
    }

    [Fact]
    public void BlockDeduction_PrepaidAmount_AfterHoursHourDeductsItsFullAmount()
    {
        var result = Amount(Block(1250, 1250, 375)).Entry("t1", "2026-10-07T19:00", 60, agreement: "acme-block").Run();

        result.Invoices.ShouldBeEmpty();
        result.BalanceOf("acme-block").ShouldBe(new BlockBalance("acme-block", BalanceUnit.Money, 200.00m, 0m));
    }

    [Fact]
    public void BlockDeduction_PrepaidHours_CoversTheFirstMinutesAndBillsTheRestAtTheirOwnTiers()
    {
        // 60 minutes left; 16:30–18:30 on a Thursday: covers 16:30–17:30, bills 30 normal + 30 after hours.
        var result = Hours(Block(10, 1150, 1)).Entry("t1", "2026-10-08T16:30", 120, workType: "onsite", agreement: "acme-block").Run();

        var line = result.LinesOf("acme", "acme-block").Single();
        (line.Kind, line.Item, line.Amount, line.Quantity).ShouldBe((LineKind.Overage, "onsite", 150.00m, 1m));
        result.BalanceOf("acme-block").Remaining.ShouldBe(0m);
    }

    [Fact]
    public void BlockDeduction_PrepaidHours_RoundingMinutesAreCoveredLast()
    {
        // 17:55 for 10 minutes → 15 billable: 5 normal, then 5 + 5 rounding after hours.
        // 6 minutes left cover the 5 normal and 1 after-hours minute; 9 after-hours minutes are billed.
        var result = Hours(Block(10, 1150, 0.1m)).Entry("t1", "2026-10-08T17:55", 10, agreement: "acme-block").Run();

        var line = result.LinesOf("acme", "acme-block").Single();
        (line.Amount, line.Quantity).ShouldBe((26.25m, 0.15m)); // 9 × 125 × 1.4 / 60
    }

    [Fact]
    public void BlockDeduction_PrepaidAmount_ExcessIsFullAmountMinusDeducted()
    {
        var result = Amount(Block(1250, 1250, 75)).Entry("t1", "2026-10-08T16:30", 120, workType: "onsite", agreement: "acme-block").Run();

        var line = result.LinesOf("acme", "acme-block").Single();
        (line.Kind, line.Amount).ShouldBe((LineKind.Overage, 200.00m)); // 275.00 − 75.00
        result.BalanceOf("acme-block").Remaining.ShouldBe(0m);
    }

    [Fact]
    public void BlockDeduction_CoveredEntriesAreTakenInOrderOfStartThenId()
    {
        var result = Hours(Block(10, 1150, 1))
            .Entry("t3", "2026-10-06T09:00", 60, agreement: "acme-block")
            .Entry("b", "2026-10-05T09:00", 60, agreement: "acme-block")
            .Entry("a", "2026-10-05T09:00", 60, agreement: "acme-block")
            .Run();

        result.LinesOf("acme", "acme-block").Select(l => l.Sources.Single()).ShouldBe(["b", "t3"]);
    }

    [Fact]
    public void BlockDeduction_RenewOverage_BuysBlocksAsOftenAsNeeded()
    {
        // 480 weekend minutes at 150 × 1.5 = 1800.00 against 100.00 + 4 × 500.00.
        var result = new BillingInputBuilder()
            .Agreement(new PrepaidAmountAgreement(Terms("acme-block") with { HourlyRate = 150m },
                Block(500, 475, 100, overage: BlockOverage.Renew)))
            .Entry("g1", "2026-10-03T06:00", 480, agreement: "acme-block")
            .Run();

        result.LinesOf("acme", "acme-block").Select(l => (l.Kind, l.Amount))
            .ShouldBe(Enumerable.Repeat((LineKind.BlockPurchase, 475.00m), 4));
        result.BalanceOf("acme-block").Remaining.ShouldBe(300.00m);
    }

    [Fact]
    public void BlockDeduction_RenewOverageOnHourBlock_DeductsTheRestFromTheNewBlock()
    {
        var result = Hours(Block(2, 200, 1, overage: BlockOverage.Renew))
            .Entry("t1", "2026-10-06T09:00", 240, agreement: "acme-block")
            .Run();

        result.LinesOf("acme", "acme-block").Select(l => l.Kind).ShouldBe([LineKind.BlockPurchase, LineKind.BlockPurchase]);
        result.BalanceOf("acme-block").Remaining.ShouldBe(60m);
    }

    [Fact]
    public void BlockDeduction_MonthlyRefresh_CapsCarryoverReportsExpiredAndBuysABlock()
    {
        var result = Hours(Block(10, 1100, 6.5m, BlockRefresh.Monthly, carryoverMax: 4), taxable: true)
            .Client("acme", taxRate: 0.05m)
            .Run();

        var purchase = result.LinesOf("acme", "acme-block").Single();
        (purchase.Kind, purchase.Item, purchase.Amount, purchase.TaxAmount).ShouldBe((LineKind.BlockPurchase, "block", 1100.00m, 55.00m));
        result.BalanceOf("acme-block").ShouldBe(new BlockBalance("acme-block", BalanceUnit.Minutes, 840m, 150m));
    }

    [Fact]
    public void BlockDeduction_MonthlyRefreshWithoutCap_CarriesTheWholeOpeningBalance()
    {
        var result = new BillingInputBuilder()
            .Agreement(new PrepaidAmountAgreement(Terms("acme-block"), Block(500, 450, 320.50m, BlockRefresh.Monthly)))
            .Run();

        result.BalanceOf("acme-block").ShouldBe(new BlockBalance("acme-block", BalanceUnit.Money, 820.50m, 0m));
    }

    [Fact]
    public void BlockDeduction_MonthlyRefreshButAgreementNotActiveInPeriod_BuysNothingAndKeepsOpeningBalance()
    {
        var result = Hours(Block(10, 1100, 6.5m, BlockRefresh.Monthly, carryoverMax: 4), end: "2026-09-30")
            .Entry("late", "2026-09-30T09:00", 60, agreement: "acme-block")
            .Run();

        result.Invoices.ShouldBeEmpty();
        result.BalanceOf("acme-block").ShouldBe(new BlockBalance("acme-block", BalanceUnit.Minutes, 330m, 0m));
        result.WarningIds(WarningCodes.LateTime).ShouldBe(["late"]);
    }

    [Fact]
    public void BlockDeduction_MonthlyRefreshForAgreementStartingMidPeriod_BuysABlock()
    {
        var result = Hours(Block(10, 1100, 0, BlockRefresh.Monthly), start: "2026-10-31").Run();

        result.LinesOf("acme", "acme-block").Single().Kind.ShouldBe(LineKind.BlockPurchase);
        result.BalanceOf("acme-block").Remaining.ShouldBe(600m);
    }

    [Fact]
    public void BlockDeduction_NoRefresh_BuysNothingAtPeriodStart()
    {
        var result = Hours(Block(10, 1100, 2, carryoverMax: 1)).Run();

        result.Invoices.ShouldBeEmpty();
        result.BalanceOf("acme-block").ShouldBe(new BlockBalance("acme-block", BalanceUnit.Minutes, 120m, 0m));
    }

    [Fact]
    public void BlockDeduction_UncoveredWorkType_IsBilledAsTimeAndDeductsNothing()
    {
        var result = new BillingInputBuilder()
            .Client("acme", taxRate: 0.05m)
            .Agreement(new PrepaidHoursAgreement(
                Terms("acme-block") with { HourlyRate = 120m, CoveredWorkTypes = new HashSet<string> { "remote" } }, Block(10, 1100, 5)))
            .Entry("t1", "2026-10-20T10:00", 60, workType: "training", agreement: "acme-block")
            .Run();

        var line = result.LinesOf("acme", "acme-block").Single();
        (line.Kind, line.Item, line.Amount, line.TaxAmount).ShouldBe((LineKind.Time, "training", 120.00m, 6.00m));
        result.BalanceOf("acme-block").Remaining.ShouldBe(300m);
    }

    [Fact]
    public void BlockDeduction_ZeroSizeBlockWithRenew_BillsOverageInsteadOfRenewingForever()
    {
        var result = Hours(Block(0, 100, 0, overage: BlockOverage.Renew)).Entry("t1", "2026-10-06T09:00", 60, agreement: "acme-block").Run();

        result.LinesOf("acme", "acme-block").Single().Kind.ShouldBe(LineKind.Overage);
    }

    [Fact]
    public void BlockDeduction_BalancesListEveryBlockSortedById()
    {
        var result = new BillingInputBuilder()
            .Agreement(new PrepaidHoursAgreement(Terms("zeta"), Block(1, 1, 1)))
            .Agreement(new TimeAndMaterialsAgreement(Terms("tm")))
            .Agreement(new PrepaidAmountAgreement(Terms("alpha", end: "2025-12-31"), Block(1, 1, 7)))
            .Run();

        result.Balances.Select(b => (b.AgreementId, b.Unit, b.Remaining))
            .ShouldBe([("alpha", BalanceUnit.Money, 7m), ("zeta", BalanceUnit.Minutes, 60m)]);
    }

    [Fact]
    public void BlockDeduction_Deduct_ReportsWhatItTookAndTheExcess()
    {
        var agreement = new PrepaidHoursAgreement(Terms("b"), Block(10, 1100, 0.5m));
        var ledger = BlockDeduction.Open(agreement, BillingPeriod.Of(2026, 10));
        var splitter = new Psa.Domain.Billing.Tiers.TierSplitter(DefaultHours(), []);
        var entry = new BillingTimeEntry("t", "acme", null, "remote", At("2026-10-06T09:00"), 60, true, true, false, "b", null);

        var outcome = ledger.Deduct(PricedEntry.Price(entry, new PricingTerms(100m, DefaultMultipliers, 15), splitter));

        outcome.ShouldBe(new DeductionOutcome(30m, 0, 50.00m, 30m));
        ledger.Balance.ShouldBe(0m);
    }
}
