using Psa.Domain.Billing;
using Psa.Domain.Billing.Rules;
using Shouldly;
using Xunit;
using static Psa.Tests.Billing.BillingInputBuilder;

namespace Psa.Tests.Billing;

/// <summary>InvoiceGrouping, TaxRule and GlAccountResolver (BILLING.md §6).</summary>
public sealed class InvoiceRuleTests
{
    private static Dictionary<string, Agreement> ById(params Agreement[] agreements) => agreements.ToDictionary(a => a.Id);

    [Fact]
    public void InvoiceGrouping_OwnInvoiceGroupWins()
    {
        var parent = new TimeAndMaterialsAgreement(Terms("parent") with { InvoiceGroup = "monthly" });
        var child = new TimeAndMaterialsAgreement(Terms("child") with { ParentId = "parent", InvoiceGroup = "own" });
        InvoiceGrouping.GroupOf(child, ById(parent, child)).ShouldBe("own");
    }

    [Fact]
    public void InvoiceGrouping_ParentChain_ChildTakesTheFirstGroupUpTheChain()
    {
        var root = new TimeAndMaterialsAgreement(Terms("root") with { InvoiceGroup = "monthly" });
        var parent = new TimeAndMaterialsAgreement(Terms("parent") with { ParentId = "root" });
        var child = new TimeAndMaterialsAgreement(Terms("child") with { ParentId = "parent" });
        InvoiceGrouping.GroupOf(child, ById(root, parent, child)).ShouldBe("monthly");
    }

    [Fact]
    public void InvoiceGrouping_ParentChainWithoutGroups_ChildJoinsTheTopAgreementsInvoice()
    {
        var root = new TimeAndMaterialsAgreement(Terms("root"));
        var child = new TimeAndMaterialsAgreement(Terms("child") with { ParentId = "root" });
        InvoiceGrouping.GroupOf(child, ById(root, child)).ShouldBe("root");
        InvoiceGrouping.GroupOf(root, ById(root, child)).ShouldBe("root");
    }

    [Fact]
    public void InvoiceGrouping_ProjectGroup_IsInvoiceGroupElseProjectPrefix()
    {
        InvoiceGrouping.GroupOf(Project("wifi", ProjectBilling.AsWorked)).ShouldBe("project:wifi");
        InvoiceGrouping.GroupOf(Project("wifi", ProjectBilling.AsWorked, invoiceGroup: "projects")).ShouldBe("projects");
    }

    [Fact]
    public void InvoiceGrouping_ConsolidatesAgreementsSharingAGroupAndOrdersInvoicesByClientThenGroup()
    {
        var result = new BillingInputBuilder()
            .Client("birch")
            .Agreement(new TimeAndMaterialsAgreement(Terms("acme-a") with { InvoiceGroup = "monthly" }))
            .Agreement(new TimeAndMaterialsAgreement(Terms("acme-b") with { ParentId = "acme-a" }))
            .Agreement(new TimeAndMaterialsAgreement(Terms("acme-c")))
            .Entry("t1", "2026-10-06T09:00", 60, agreement: "acme-b")
            .Entry("t2", "2026-10-06T10:00", 60, agreement: "acme-a")
            .Entry("t3", "2026-10-06T11:00", 60, agreement: "acme-c")
            .Entry("t4", "2026-10-06T12:00", 60)
            .Entry("t5", "2026-10-06T12:00", 60, client: "birch")
            .Run();

        result.Invoices.Select(i => (i.ClientId, i.Group)).ShouldBe([("acme", "acme-c"), ("acme", "monthly"), ("acme", "time"), ("birch", "time")]);
        result.LinesOf("acme", "monthly").Select(l => l.Sources.Single()).ShouldBe(["t2", "t1"]);
    }

    [Fact]
    public void InvoiceGrouping_InvoiceTotals_AreSumsOfRoundedLines()
    {
        var result = new BillingInputBuilder()
            .Client("acme", taxRate: 0.07m, hourlyRate: 140m)
            .Entry("t1", "2026-10-14T07:50", 70, workType: "training")
            .Entry("t2", "2026-09-29T13:00", 35)
            .Run();

        var invoice = result.Invoices.Single();
        (invoice.Subtotal, invoice.Tax, invoice.Total).ShouldBe((289.33m, 12.90m, 302.23m));
    }

    [Theory]
    [InlineData(100.10, 0.05, 5.01)] // 5.005 rounds half away from zero
    [InlineData(184.33, 0.07, 12.90)]
    [InlineData(255.48, 0.0825, 21.08)]
    public void TaxRule_TaxableLine_RoundsAmountTimesRateHalfAwayFromZero(decimal amount, decimal rate, decimal tax) =>
        TaxRule.TaxAmount(amount, taxable: true, new BillingClient("c", "c", rate, null)).ShouldBe(tax);

    [Fact]
    public void TaxRule_NonTaxableLine_HasNoTax() =>
        TaxRule.TaxAmount(100m, taxable: false, new BillingClient("c", "c", 0.2m, null)).ShouldBe(0m);

    [Fact]
    public void TaxRule_TimeUsesWorkTypeFlag_BlockPurchaseUsesAgreementFlag()
    {
        var result = new BillingInputBuilder()
            .Client("acme", taxRate: 0.1m)
            .Agreement(new PrepaidHoursAgreement(Terms("blk") with { Taxable = false }, Block(1, 100, 0, BlockRefresh.Monthly)))
            .Agreement(new PrepaidHoursAgreement(Terms("blk-tax") with { Taxable = true }, Block(1, 100, 0, BlockRefresh.Monthly)))
            .Entry("t1", "2026-10-06T09:00", 60, workType: "training")
            .Entry("t2", "2026-10-06T11:00", 60, workType: "remote")
            .Run();

        result.LinesOf("acme", "blk").Single().TaxAmount.ShouldBe(0m);
        result.LinesOf("acme", "blk-tax").Single().TaxAmount.ShouldBe(10.00m);
        result.LinesOf("acme", "time").Select(l => l.TaxAmount).ShouldBe([12.50m, 0m]);
    }

    [Fact]
    public void GlAccountResolver_FollowsThePrecedenceOfKeys()
    {
        var rules = new List<GlRule>
        {
            new(null, "recurring", null, "agreementType"),
            new("elm", null, null, "client"),
            new("elm", "recurring", null, "client+agreementType"),
            new(null, null, "m365", "item"),
            new(null, "recurring", "m365", "agreementType+item"),
            new("elm", null, "m365", "client+item"),
            new("elm", "recurring", "m365", "client+agreementType+item"),
        };

        var expected = new[]
        {
            "client+agreementType+item", "client+item", "agreementType+item", "item", "client+agreementType", "client", "agreementType", "4000",
        };
        foreach (var account in expected)
        {
            // Each time the winning rule is removed, the next key in precedence must win.
            new GlAccountResolver(rules, "4000").Resolve("elm", "recurring", "m365").ShouldBe(account);
            rules.RemoveAll(r => r.Account == account);
        }
    }

    [Fact]
    public void GlAccountResolver_RuleMatchesOnlyTheKeyItNamesExactly()
    {
        var resolver = new GlAccountResolver([new GlRule("elm", "recurring", "edr", "4250")], "4000");

        resolver.Resolve("elm", "recurring", "edr").ShouldBe("4250");
        resolver.Resolve("elm", "recurring", "m365").ShouldBe("4000");
        resolver.Resolve("oak", "recurring", "edr").ShouldBe("4000");
    }

    [Fact]
    public void GlAccountResolver_FirstListedRuleWinsForTheSameKey() =>
        new GlAccountResolver([new GlRule(null, null, "onsite", "4020"), new GlRule(null, null, "onsite", "4021")], "4000")
            .Resolve("acme", "time_and_materials", "onsite").ShouldBe("4020");

    [Fact]
    public void GlAccountResolver_ClientTimeUsesTimeAndMaterials_ProjectLinesUseProject()
    {
        var result = new BillingInputBuilder()
            .GlRule("4001", agreementType: AgreementTypeCodes.TimeAndMaterials)
            .GlRule("4500", agreementType: AgreementTypeCodes.Project)
            .GlRule("2400", item: "block")
            .ProjectOf(Project("fw", ProjectBilling.Upfront, 100m, accepted: "2026-10-01"))
            .Agreement(new PrepaidAmountAgreement(Terms("blk"), Block(100, 100, 0, BlockRefresh.Monthly)))
            .Entry("t1", "2026-10-06T09:00", 60)
            .Run();

        result.LinesOf("acme", "time").Single().GlAccount.ShouldBe("4001");
        result.LinesOf("acme", "project:fw").Single().GlAccount.ShouldBe("4500");
        result.LinesOf("acme", "blk").Single().GlAccount.ShouldBe("2400");
    }
}
