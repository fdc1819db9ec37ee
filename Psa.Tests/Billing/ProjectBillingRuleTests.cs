using Psa.Domain.Billing;
using Psa.Domain.Billing.Rules;
using Shouldly;
using Xunit;
using static Psa.Tests.Billing.BillingInputBuilder;

namespace Psa.Tests.Billing;

public sealed class ProjectBillingRuleTests
{
    private static readonly BillingPeriod October = BillingPeriod.Of(2026, 10);

    private static IEnumerable<(LineKind, decimal)> Charges(BillingProject project) =>
        ProjectBillingRule.Charges(project, October).Select(c => (c.Kind, c.Amount));

    [Fact]
    public void ProjectBillingRule_UpfrontAcceptedWithinPeriod_BillsTheValue() =>
        Charges(Project("p", ProjectBilling.Upfront, 4800m, accepted: "2026-10-03")).ShouldBe([(LineKind.Upfront, 4800m)]);

    [Fact]
    public void ProjectBillingRule_UpfrontAcceptedBeforePeriod_BillsNothing() =>
        Charges(Project("p", ProjectBilling.Upfront, 4800m, accepted: "2026-09-30")).ShouldBeEmpty();

    [Fact]
    public void ProjectBillingRule_DepositAcceptedAndCompletedWithinPeriod_BillsDepositAndCompletion() =>
        Charges(Project("p", ProjectBilling.Deposit, 1000.01m, accepted: "2026-10-01", completed: "2026-10-31", depositPercent: 0.333m))
            .ShouldBe([(LineKind.Deposit, 333.00m), (LineKind.Completion, 667.01m)]);

    [Fact]
    public void ProjectBillingRule_DepositAlreadyInInvoicedKinds_BillsOnlyTheCompletion() =>
        Charges(Project("p", ProjectBilling.Deposit, 18250m, accepted: "2026-10-01", completed: "2026-10-22", depositPercent: 0.3m,
                invoicedKinds: "deposit"))
            .ShouldBe([(LineKind.Completion, 12775m)]);

    [Fact]
    public void ProjectBillingRule_DepositCompletedInLaterPeriod_BillsOnlyTheDeposit() =>
        Charges(Project("p", ProjectBilling.Deposit, 10000m, accepted: "2026-10-05", completed: "2026-11-02", depositPercent: 0.25m))
            .ShouldBe([(LineKind.Deposit, 2500m)]);

    [Fact]
    public void ProjectBillingRule_UpfrontInInvoicedKinds_IsNotBilledAgain() =>
        Charges(Project("p", ProjectBilling.Upfront, 4800m, accepted: "2026-10-03", invoicedKinds: "upfront")).ShouldBeEmpty();

    [Fact]
    public void ProjectBillingRule_MilestonePercent_IsRoundedShareOfValue_FixedAmountAsGiven()
    {
        var project = Project("p", ProjectBilling.Milestone, 12345.67m, milestones:
        [
            new Milestone("m1", "Discovery", 2400m, null, Day("2026-09-12"), Invoiced: true),
            new Milestone("m2", "Migration", null, 0.55m, Day("2026-10-19"), Invoiced: false),
            new Milestone("m3", "Handover", null, 0.25m, null, Invoiced: false),
            new Milestone("m4", "Late", 100m, null, Day("2026-09-01"), Invoiced: false),
            new Milestone("m5", "Future", 100m, null, Day("2026-11-01"), Invoiced: false),
        ]);

        ProjectBillingRule.Charges(project, October).Select(c => (c.Kind, c.Amount, string.Join(",", c.Sources)))
            .ShouldBe([(LineKind.Milestone, 6790.12m, "p,m2"), (LineKind.Milestone, 100m, "p,m4")]); // 6790.1185
    }

    [Fact]
    public void ProjectBillingRule_AsWorked_BillsTimeAtClientRateAndWarnsOverBudget()
    {
        var result = new BillingInputBuilder()
            .Client("acme", hourlyRate: 135m)
            .ProjectOf(Project("wifi", ProjectBilling.AsWorked, budgetHours: 6, billedHours: 1.5m))
            .Entry("p1", "2026-10-06T09:00", 180, workType: "project", project: "wifi")
            .Entry("p2", "2026-10-07T18:00", 120, workType: "project", project: "wifi")
            .Run();

        result.LinesOf("acme", "project:wifi").Select(l => (l.Kind, l.Amount)).ShouldBe([(LineKind.Time, 405m), (LineKind.Time, 378m)]);
        result.WarningIds(WarningCodes.OverBudget).ShouldBe(["wifi"]);
    }

    [Fact]
    public void ProjectBillingRule_AsWorkedExactlyOnBudget_IsNotOverBudget()
    {
        ProjectBillingRule.IsOverBudget(Project("p", ProjectBilling.AsWorked, budgetHours: 6, billedHours: 1.5m), 270).ShouldBeFalse();
        ProjectBillingRule.IsOverBudget(Project("p", ProjectBilling.AsWorked, budgetHours: 6, billedHours: 1.5m), 271).ShouldBeTrue();
        ProjectBillingRule.IsOverBudget(Project("p", ProjectBilling.AsWorked), 100_000).ShouldBeFalse();
    }

    [Fact]
    public void ProjectBillingRule_AsWorkedBudget_CountsBillableMinutesAfterRounding()
    {
        var result = new BillingInputBuilder()
            .ProjectOf(Project("wifi", ProjectBilling.AsWorked, budgetHours: 1))
            .Entry("p1", "2026-10-06T09:00", 50, workType: "project", project: "wifi")
            .Entry("p2", "2026-10-06T11:00", 5, workType: "project", project: "wifi")
            .Run();

        result.WarningIds(WarningCodes.OverBudget).ShouldBe(["wifi"]); // 60 + 15 billable minutes
    }

    [Fact]
    public void ProjectBillingRule_TimeOnFixedPriceProject_IsNotInvoiced()
    {
        var result = new BillingInputBuilder()
            .ProjectOf(Project("migr", ProjectBilling.Milestone, 12000m))
            .ProjectOf(Project("fw", ProjectBilling.Upfront, 100m, accepted: "2026-09-01"))
            .Entry("p3", "2026-10-08T09:00", 240, workType: "project", project: "migr")
            .Entry("p4", "2026-09-08T09:00", 240, workType: "project", project: "fw")
            .Run();

        result.Invoices.ShouldBeEmpty();
        result.WarningIds(WarningCodes.LateTime).ShouldBe(["p4"]);
    }

    [Fact]
    public void ProjectBillingRule_ProjectLinesTaxByProjectFlag_ProjectTimeTaxesByWorkType()
    {
        var result = new BillingInputBuilder()
            .Client("acme", taxRate: 0.06m)
            .ProjectOf(Project("fw", ProjectBilling.Upfront, 4800m, accepted: "2026-10-03", taxable: true))
            .ProjectOf(Project("wifi", ProjectBilling.AsWorked, taxable: true, invoiceGroup: "projects"))
            .Entry("p1", "2026-10-06T09:00", 60, workType: "project", project: "wifi")
            .Entry("p2", "2026-10-06T11:00", 60, workType: "training", project: "wifi")
            .Run();

        result.LinesOf("acme", "project:fw").Single().TaxAmount.ShouldBe(288.00m);
        result.LinesOf("acme", "projects").Select(l => l.TaxAmount).ShouldBe([0m, 7.50m]);
    }
}
