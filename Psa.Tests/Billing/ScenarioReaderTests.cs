using System.Text.Json.Nodes;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Scenarios;
using Shouldly;
using Xunit;

namespace Psa.Tests.Billing;

/// <summary>ScenarioReader: parsing and the invalid-input rules of BILLING.md §8, each reported with its JSON path.</summary>
public sealed class ScenarioReaderTests
{
    private const string Base = """
        {
          "format": "psa-scenario/1",
          "name": "reader test",
          "tenant": {
            "currency": "USD", "timeZone": "America/New_York",
            "businessHours": { "days": ["Mon","Tue","Wed","Thu","Fri"], "start": "08:00", "end": "18:00" },
            "holidays": ["2026-10-12"],
            "tierMultipliers": { "normal": 1.0, "afterHours": 1.4, "weekend": 1.5 },
            "defaultHourlyRate": 125.0, "timeIncrementMinutes": 15, "glDefault": "4000"
          },
          "workTypes": [ { "id": "remote", "taxable": false }, { "id": "training", "taxable": true } ],
          "products": [ { "id": "edr", "name": "EDR", "taxable": true } ],
          "clients": [ { "id": "acme", "name": "Acme", "taxRate": 0.1, "hourlyRate": null }, { "id": "birch", "name": "Birch" } ],
          "engineers": [ { "id": "ana", "name": "Ana", "costRate": 52.0 } ],
          "agreements": [
            { "id": "acme-msp", "client": "acme", "type": "recurring", "start": "2025-06-01", "end": null, "invoiceGroup": "monthly",
              "coveredWorkTypes": ["remote"],
              "lines": [ { "product": "edr", "unitPrice": 7.5, "quantities": [ { "from": "2025-06-01", "quantity": 10 } ] } ] },
            { "id": "acme-block", "client": "acme", "type": "prepaid_hours", "start": "2026-01-01", "end": null, "parent": "acme-msp",
              "hourlyRate": 125.0, "blockSize": 10, "blockPrice": 1150.0, "openingBalance": 3, "refresh": "monthly",
              "carryoverMax": 4, "overage": "renew", "taxable": true },
            { "id": "birch-block", "client": "birch", "type": "prepaid_amount", "start": "2026-01-01",
              "blockSize": 500, "blockPrice": 475, "openingBalance": 100, "refresh": "none", "carryoverMax": null, "overage": "bill" },
            { "id": "birch-tm", "client": "birch", "type": "time_and_materials", "start": "2026-01-01", "timeIncrementMinutes": 6 }
          ],
          "glRules": [ { "item": "edr", "account": "4250" }, { "client": "acme", "agreementType": "recurring", "account": "4100" } ],
          "timeEntries": [
            { "id": "t1", "client": "acme", "engineer": "ana", "workType": "remote", "start": "2026-10-06T09:00", "minutes": 60,
              "billable": true, "approved": true, "agreement": "acme-block" },
            { "id": "t2", "client": "birch", "engineer": "ana", "workType": "training", "start": "2026-10-07T17:30", "minutes": 45,
              "billable": true, "approved": false, "invoiced": false },
            { "id": "t3", "client": "acme", "engineer": "ana", "workType": "remote", "start": "2026-10-08T09:00", "minutes": 30,
              "billable": true, "approved": true, "project": "acme-wifi" }
          ],
          "projects": [
            { "id": "acme-wifi", "client": "acme", "billing": "as_worked", "value": null, "budgetHours": 6, "billedHours": 1.5 },
            { "id": "acme-migr", "client": "acme", "billing": "milestone", "value": 12000, "invoiceGroup": "projects", "taxable": true,
              "invoicedKinds": ["deposit"],
              "milestones": [ { "id": "m1", "name": "One", "amount": 2400, "completed": "2026-09-12", "invoiced": true },
                              { "id": "m2", "name": "Two", "percent": 0.55, "completed": null, "invoiced": false } ] }
          ],
          "period": "2026-10",
          "expected": { "this": "is ignored" }
        }
        """;

    private static JsonNode Scenario() => JsonNode.Parse(Base)!;

    private static IReadOnlyList<string> Problems(Action<JsonNode> change)
    {
        var scenario = Scenario();
        change(scenario);
        var result = ScenarioReader.Read(scenario.ToJsonString());
        result.IsValid.ShouldBeFalse();
        result.Input.ShouldBeNull();
        return result.Problems.Select(p => p.ToString()).ToList();
    }

    [Fact]
    public void ScenarioReader_ValidScenario_ReadsEveryField()
    {
        var result = ScenarioReader.Read(Base);

        result.Problems.ShouldBeEmpty();
        var input = result.Input!;
        input.Period.ShouldBe(BillingPeriod.Of(2026, 10));
        input.Tenant.BusinessHours.Days.Count.ShouldBe(5);
        input.Tenant.BusinessHours.End.ShouldBe(TimeSpan.FromHours(18));
        input.Tenant.TierMultipliers.AfterHours.ShouldBe(1.4m);
        input.Clients.Single(c => c.Id == "birch").TaxRate.ShouldBe(0m);
        input.Agreements.Select(a => a.Type)
            .ShouldBe([AgreementType.Recurring, AgreementType.PrepaidHours, AgreementType.PrepaidAmount, AgreementType.TimeAndMaterials]);
        var block = input.Agreements.OfType<PrepaidHoursAgreement>().Single();
        block.Block.ShouldBe(new BlockTerms(10, 1150, 3, BlockRefresh.Monthly, 4, BlockOverage.Renew));
        (block.ParentId, block.Taxable, block.CoveredWorkTypes).ShouldBe(("acme-msp", true, null));
        input.Agreements.OfType<RecurringAgreement>().Single().Lines.Single().QuantityOn(new DateOnly(2026, 10, 1)).ShouldBe(10m);
        input.Agreements.Single(a => a.Id == "birch-tm").TimeIncrementMinutes.ShouldBe(6);
        input.TimeEntries[1].Invoiced.ShouldBeFalse();
        input.TimeEntries[1].Start.ShouldBe(new DateTime(2026, 10, 7, 17, 30, 0));
        input.Projects[1].Milestones[1].Percent.ShouldBe(0.55m);
        input.Projects[1].AlreadyInvoiced(LineKind.Deposit).ShouldBeTrue();
        input.GlRules[1].ShouldBe(new GlRule("acme", "recurring", null, "4100"));
    }

    [Fact]
    public void ScenarioReader_WrongFormat_IsRejected() =>
        Problems(s => s["format"] = "psa-scenario/2").ShouldBe(["format: expected 'psa-scenario/1', got 'psa-scenario/2'"]);

    [Fact]
    public void ScenarioReader_MissingFormat_IsRejected() =>
        Problems(s => s.AsObject().Remove("format")).ShouldBe(["format: is required"]);

    [Fact]
    public void ScenarioReader_UnknownAgreementOnEntry_IsReportedWithItsPath() =>
        Problems(s => s["timeEntries"]![0]!["agreement"] = "acme-blok").ShouldBe(["timeEntries[0].agreement: no agreement 'acme-blok'"]);

    [Fact]
    public void ScenarioReader_UnknownClient_IsReported()
    {
        Problems(s => s["timeEntries"]![1]!["client"] = "cedar").ShouldBe(["timeEntries[1].client: no client 'cedar'"]);
        Problems(s => s["agreements"]![3]!["client"] = "cedar").ShouldBe(["agreements[3].client: no client 'cedar'"]);
        Problems(s => s["projects"]![0]!["client"] = "cedar").ShouldContain("projects[0].client: no client 'cedar'");
    }

    [Fact]
    public void ScenarioReader_UnknownProject_IsReported() =>
        Problems(s => s["timeEntries"]![2]!["project"] = "acme-wify").ShouldBe(["timeEntries[2].project: no project 'acme-wify'"]);

    [Fact]
    public void ScenarioReader_UnknownWorkType_IsReportedOnEntriesAndCoveredWorkTypes()
    {
        Problems(s => s["timeEntries"]![0]!["workType"] = "remot").ShouldBe(["timeEntries[0].workType: no work type 'remot'"]);
        Problems(s => s["agreements"]![0]!["coveredWorkTypes"] = new JsonArray("remote", "onsite"))
            .ShouldBe(["agreements[0].coveredWorkTypes[1]: no work type 'onsite'"]);
    }

    [Fact]
    public void ScenarioReader_UnknownProduct_IsReported() =>
        Problems(s => s["agreements"]![0]!["lines"]![0]!["product"] = "m365")
            .ShouldBe(["agreements[0].lines[0].product: no product 'm365'"]);

    [Fact]
    public void ScenarioReader_UnknownParent_IsReported() =>
        Problems(s => s["agreements"]![1]!["parent"] = "acme-msq").ShouldBe(["agreements[1].parent: no agreement 'acme-msq'"]);

    [Fact]
    public void ScenarioReader_EntryOnAnotherClientsAgreement_IsRejected() =>
        Problems(s => s["timeEntries"]![0]!["agreement"] = "birch-block")
            .ShouldBe(["timeEntries[0].agreement: agreement 'birch-block' belongs to client 'birch', not 'acme'"]);

    [Fact]
    public void ScenarioReader_EntryOnAnotherClientsProject_IsRejected() =>
        Problems(s => s["timeEntries"]![2]!["client"] = "birch")
            .ShouldBe(["timeEntries[2].project: project 'acme-wifi' belongs to client 'acme', not 'birch'"]);

    [Fact]
    public void ScenarioReader_EntryLinkedToAgreementAndProject_IsRejected() =>
        Problems(s => s["timeEntries"]![2]!["agreement"] = "acme-block")
            .ShouldBe(["timeEntries[2].project: an entry is linked to an agreement or a project, not both"]);

    [Fact]
    public void ScenarioReader_ParentChainLoop_IsReportedOnEachAgreementInTheLoop() =>
        Problems(s => s["agreements"]![0]!["parent"] = "acme-block").ShouldBe(
        [
            "agreements[0].parent: parent chain loops (acme-msp -> acme-block -> acme-msp)",
            "agreements[1].parent: parent chain loops (acme-block -> acme-msp -> acme-block)",
        ]);

    [Fact]
    public void ScenarioReader_SelfParent_IsALoop() =>
        Problems(s => s["agreements"]![3]!["parent"] = "birch-tm").ShouldBe(["agreements[3].parent: parent chain loops (birch-tm -> birch-tm)"]);

    [Theory]
    [InlineData("timeEntries", 0, "minutes")]
    [InlineData("agreements", 1, "blockSize")]
    [InlineData("agreements", 1, "blockPrice")]
    [InlineData("agreements", 1, "hourlyRate")]
    [InlineData("agreements", 1, "openingBalance")]
    [InlineData("agreements", 1, "carryoverMax")]
    [InlineData("clients", 0, "taxRate")]
    [InlineData("clients", 0, "hourlyRate")]
    [InlineData("engineers", 0, "costRate")]
    [InlineData("projects", 1, "value")]
    [InlineData("projects", 0, "budgetHours")]
    public void ScenarioReader_NegativeNumber_IsRejected(string list, int index, string field) =>
        Problems(s => s[list]![index]![field] = -5).ShouldBe([$"{list}[{index}].{field}: must not be negative (got -5)"]);

    [Fact]
    public void ScenarioReader_NegativeNestedNumbers_AreRejected()
    {
        Problems(s => s["agreements"]![0]!["lines"]![0]!["unitPrice"] = -7.5)
            .ShouldBe(["agreements[0].lines[0].unitPrice: must not be negative (got -7.5)"]);
        Problems(s => s["tenant"]!["defaultHourlyRate"] = -1).ShouldBe(["tenant.defaultHourlyRate: must not be negative (got -1)"]);
        Problems(s => s["projects"]![1]!["milestones"]![0]!["amount"] = -1)
            .ShouldBe(["projects[1].milestones[0].amount: must not be negative (got -1)"]);
    }

    [Fact]
    public void ScenarioReader_UnparsableDatesAndTimes_AreRejected()
    {
        Problems(s => s["timeEntries"]![0]!["start"] = "2026-10-06 09:00")
            .ShouldBe(["timeEntries[0].start: invalid date and time '2026-10-06 09:00' (expected YYYY-MM-DDTHH:MM)"]);
        Problems(s => s["timeEntries"]![0]!["start"] = "2026-02-30T09:00")
            .ShouldBe(["timeEntries[0].start: invalid date and time '2026-02-30T09:00' (expected YYYY-MM-DDTHH:MM)"]);
        Problems(s => s["agreements"]![2]!["start"] = "2026-13-01").ShouldBe(["agreements[2].start: invalid date '2026-13-01' (expected YYYY-MM-DD)"]);
        Problems(s => s["tenant"]!["holidays"]![0] = "12/10/2026").ShouldBe(["tenant.holidays[0]: invalid date '12/10/2026' (expected YYYY-MM-DD)"]);
        Problems(s => s["tenant"]!["businessHours"]!["end"] = "6pm").ShouldBe(["tenant.businessHours.end: invalid time '6pm' (expected HH:MM)"]);
        Problems(s => s["period"] = "2026-10-01").ShouldBe(["period: invalid period '2026-10-01' (expected YYYY-MM)"]);
        Problems(s => s["agreements"]![0]!["lines"]![0]!["quantities"]![0]!["from"] = "soon")
            .ShouldBe(["agreements[0].lines[0].quantities[0].from: invalid date 'soon' (expected YYYY-MM-DD)"]);
        Problems(s => s["projects"]![1]!["milestones"]![0]!["completed"] = "2026-9-12")
            .ShouldBe(["projects[1].milestones[0].completed: invalid date '2026-9-12' (expected YYYY-MM-DD)"]);
    }

    [Fact]
    public void ScenarioReader_EveryProblemIsCollected()
    {
        var problems = Problems(s =>
        {
            s["format"] = "psa/0";
            s["timeEntries"]![0]!["agreement"] = "nope";
            s["timeEntries"]![1]!["minutes"] = -10;
            s["agreements"]![1]!["parent"] = "missing";
            s["period"] = "Oct 2026";
        });

        problems.Count.ShouldBe(5);
        problems.ShouldContain("timeEntries[0].agreement: no agreement 'nope'");
        problems.ShouldContain("timeEntries[1].minutes: must not be negative (got -10)");
        problems.ShouldContain("agreements[1].parent: no agreement 'missing'");
    }

    [Fact]
    public void ScenarioReader_WrongTypesAndMissingFields_AreReported()
    {
        Problems(s => s["timeEntries"]![0]!["minutes"] = "60").ShouldBe(["timeEntries[0].minutes: must be a number"]);
        Problems(s => s["timeEntries"]![0]!["minutes"] = 60.5).ShouldBe(["timeEntries[0].minutes: must be a whole number (got 60.5)"]);
        Problems(s => s["timeEntries"]![0]!.AsObject().Remove("approved")).ShouldBe(["timeEntries[0].approved: is required"]);
        Problems(s => s["agreements"]![1]!["type"] = "prepaid_days")
            .ShouldBe(["agreements[1].type: unknown agreement type 'prepaid_days' (expected recurring, time_and_materials, prepaid_hours or prepaid_amount)"]);
        Problems(s => s["agreements"]![1]!["overage"] = "ignore").ShouldBe(["agreements[1].overage: unknown overage 'ignore' (expected bill or renew)"]);
        Problems(s => s["tenant"]!["businessHours"]!["days"]![0] = "Mo").ShouldBe(["tenant.businessHours.days[0]: invalid weekday 'Mo' (expected Mon..Sun)"]);
    }

    [Fact]
    public void ScenarioReader_DuplicateIds_AreReported() =>
        Problems(s => s["timeEntries"]![1]!["id"] = "t1").ShouldBe(["timeEntries[1].id: duplicate id 't1'"]);

    [Fact]
    public void ScenarioReader_InvalidJson_IsOneProblemAtTheRoot() =>
        ScenarioReader.Read("{ \"format\": ").Problems.Single().Path.ShouldBe("$");

    [Fact]
    public void ScenarioReader_SharedScenarioFiles_AreAllValid()
    {
        var files = Directory.GetFiles(ScenarioFiles.Directory, "*.json");
        files.ShouldNotBeEmpty();
        foreach (var file in files)
        {
            ScenarioReader.Read(File.ReadAllText(file)).Problems.ShouldBeEmpty(file);
        }
    }
}
