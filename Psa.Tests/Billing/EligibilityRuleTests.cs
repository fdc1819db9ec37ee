using Psa.Domain.Billing;
using Psa.Domain.Billing.Rules;
using Shouldly;
using Xunit;
using static Psa.Tests.Billing.BillingInputBuilder;

namespace Psa.Tests.Billing;

/// <summary>EligibilityRule and the agreement-activity routing of BILLING.md §2.</summary>
public sealed class EligibilityRuleTests
{
    [Fact]
    public void EligibilityRule_LateEntry_IsBilledAndWarnedLateTime()
    {
        var result = new BillingInputBuilder()
            .Entry("t0", "2026-09-29T13:00", 35)
            .Entry("t1", "2026-10-06T09:00", 60)
            .Run();

        result.LinesOf("acme", "time").SelectMany(l => l.Sources).ShouldBe(["t0", "t1"]);
        result.WarningIds(WarningCodes.LateTime).ShouldBe(["t0"]);
    }

    [Fact]
    public void EligibilityRule_LateEntryCoveredOrDeducted_IsStillWarnedLateTime()
    {
        var result = new BillingInputBuilder()
            .Agreement(new PrepaidHoursAgreement(Terms("acme-block"), Block(10, 1000, 5)))
            .Agreement(new RecurringAgreement(Terms("acme-msp", "acme") with { CoveredWorkTypes = new HashSet<string> { "remote" } }, []))
            .Entry("late-deducted", "2026-09-30T10:00", 60, agreement: "acme-block")
            .Entry("late-covered", "2026-09-30T11:00", 60, agreement: "acme-msp")
            .Run();

        result.Invoices.ShouldBeEmpty();
        result.BalanceOf("acme-block").Remaining.ShouldBe(240m);
        result.WarningIds(WarningCodes.LateTime).ShouldBe(["late-covered", "late-deducted"]);
    }

    [Fact]
    public void EligibilityRule_UnapprovedEntry_IsLeftOutAndWarnedUnapprovedTime()
    {
        var result = new BillingInputBuilder()
            .Entry("t1", "2026-10-20T21:00", 45, approved: false)
            .Entry("t2", "2026-09-20T21:00", 45, approved: false)
            .Entry("t3", "2026-11-02T09:00", 45, approved: false)
            .Entry("t4", "2026-10-20T09:00", 45, approved: false, billable: false)
            .Entry("t5", "2026-10-20T09:00", 45, approved: false, invoiced: true)
            .Run();

        result.Invoices.ShouldBeEmpty();
        result.WarningIds(WarningCodes.UnapprovedTime).ShouldBe(["t1", "t2"]);
    }

    [Fact]
    public void EligibilityRule_NonBillableEntry_IsNeitherInvoicedNorDeducted()
    {
        var result = new BillingInputBuilder()
            .Agreement(new PrepaidHoursAgreement(Terms("acme-block"), Block(10, 1000, 5)))
            .Entry("t1", "2026-10-06T09:00", 60, agreement: "acme-block", billable: false)
            .Entry("t2", "2026-10-06T11:00", 60, billable: false)
            .Run();

        result.Invoices.ShouldBeEmpty();
        result.BalanceOf("acme-block").Remaining.ShouldBe(300m);
        result.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void EligibilityRule_InvoicedAndFutureEntries_AreIgnored()
    {
        var result = new BillingInputBuilder()
            .Entry("t1", "2026-09-15T13:00", 35, invoiced: true)
            .Entry("t2", "2026-11-02T09:00", 60)
            .Run();

        result.Invoices.ShouldBeEmpty();
        result.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void EligibilityRule_EntryOnTheLastDayOfThePeriod_IsEligible()
    {
        var period = BillingPeriod.Of(2026, 10);
        var entry = new BillingTimeEntry("t", "acme", null, "remote", At("2026-10-31T23:59"), 30, true, true, false, null, null);

        EligibilityRule.IsEligible(entry, period).ShouldBeTrue();
        EligibilityRule.IsLate(entry, period).ShouldBeFalse();
    }

    [Fact]
    public void OutsideAgreement_EntryBeforeAgreementStart_IsBilledAsClientTimeAndWarned()
    {
        var result = new BillingInputBuilder()
            .Client("acme", hourlyRate: 140m)
            .Agreement(new PrepaidHoursAgreement(Terms("acme-block", start: "2026-10-10") with { HourlyRate = 100m }, Block(10, 1000, 5)))
            .GlRule("4300", agreementType: AgreementTypeCodes.PrepaidHours)
            .GlRule("4001", agreementType: AgreementTypeCodes.TimeAndMaterials)
            .Entry("t1", "2026-10-06T09:00", 60, agreement: "acme-block")
            .Entry("t2", "2026-10-13T09:00", 60, agreement: "acme-block")
            .Run();

        var line = result.LinesOf("acme", "time").Single();
        line.Sources.ShouldBe(["t1"]);
        line.Amount.ShouldBe(140.00m);
        line.GlAccount.ShouldBe("4001");
        result.BalanceOf("acme-block").Remaining.ShouldBe(240m);
        result.WarningIds(WarningCodes.OutsideAgreement).ShouldBe(["t1"]);
    }

    [Fact]
    public void OutsideAgreement_EntryAfterAgreementEnd_IsBilledAsClientTimeAndWarned()
    {
        var result = new BillingInputBuilder()
            .Agreement(new RecurringAgreement(Terms("acme-msp", end: "2026-10-15"), []))
            .Entry("t1", "2026-10-15T09:00", 60, agreement: "acme-msp")
            .Entry("t2", "2026-10-16T09:00", 60, agreement: "acme-msp")
            .Run();

        result.LinesOf("acme", "time").Single().Sources.ShouldBe(["t2"]);
        result.WarningIds(WarningCodes.OutsideAgreement).ShouldBe(["t2"]);
    }

    [Fact]
    public void OutsideAgreement_IsNotReportedForIneligibleEntries()
    {
        var result = new BillingInputBuilder()
            .Agreement(new RecurringAgreement(Terms("acme-msp", end: "2026-09-30"), []))
            .Entry("t1", "2026-10-06T09:00", 60, agreement: "acme-msp", approved: false)
            .Run();

        result.WarningIds(WarningCodes.OutsideAgreement).ShouldBeEmpty();
        result.WarningIds(WarningCodes.UnapprovedTime).ShouldBe(["t1"]);
    }
}
