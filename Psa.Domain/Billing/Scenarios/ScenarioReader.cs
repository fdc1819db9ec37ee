using System.Text.Json;
using Psa.Domain.Billing.Tiers;

namespace Psa.Domain.Billing.Scenarios;

/// <summary>
/// Reads a <c>psa-scenario/1</c> document into a <see cref="BillingInput"/>, validating it as
/// BILLING.md §8 asks and collecting every problem with its JSON path. The fields <c>name</c>,
/// <c>description</c> and <c>expected</c> are not input and are ignored.
/// </summary>
public static class ScenarioReader
{
    public const string Format = "psa-scenario/1";

    private static readonly Dictionary<string, DayOfWeek> Weekdays = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Mon"] = DayOfWeek.Monday,
        ["Tue"] = DayOfWeek.Tuesday,
        ["Wed"] = DayOfWeek.Wednesday,
        ["Thu"] = DayOfWeek.Thursday,
        ["Fri"] = DayOfWeek.Friday,
        ["Sat"] = DayOfWeek.Saturday,
        ["Sun"] = DayOfWeek.Sunday,
        ["Monday"] = DayOfWeek.Monday,
        ["Tuesday"] = DayOfWeek.Tuesday,
        ["Wednesday"] = DayOfWeek.Wednesday,
        ["Thursday"] = DayOfWeek.Thursday,
        ["Friday"] = DayOfWeek.Friday,
        ["Saturday"] = DayOfWeek.Saturday,
        ["Sunday"] = DayOfWeek.Sunday,
    };

    private static readonly HashSet<string> GlAgreementTypes = new(StringComparer.Ordinal)
    {
        AgreementTypeCodes.Recurring,
        AgreementTypeCodes.TimeAndMaterials,
        AgreementTypeCodes.PrepaidHours,
        AgreementTypeCodes.PrepaidAmount,
        AgreementTypeCodes.Project,
    };

    public static ScenarioReadResult Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement);
        }
        catch (JsonException ex)
        {
            return ScenarioReadResult.Invalid([new ScenarioProblem("$", $"invalid JSON: {ex.Message}")]);
        }
    }

    public static ScenarioReadResult Read(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        try
        {
            using var document = JsonDocument.Parse(utf8Json);
            return Read(document.RootElement);
        }
        catch (JsonException ex)
        {
            return ScenarioReadResult.Invalid([new ScenarioProblem("$", $"invalid JSON: {ex.Message}")]);
        }
    }

    public static ScenarioReadResult Read(JsonElement root) => Read(root, null);

    /// <summary>
    /// Reads a document that may refer to data already stored in a workspace (<paramref name="existing"/>):
    /// imports into an existing workspace can name its clients, agreements, projects, products and work types.
    /// </summary>
    public static ScenarioReadResult Read(JsonElement root, ExistingData? existing)
    {
        var reader = new JsonFieldReader();
        if (root.ValueKind != JsonValueKind.Object)
        {
            reader.Report("$", "must be an object");
            return ScenarioReadResult.Invalid(reader.Problems);
        }

        var format = reader.String(root, "format", "", required: true);
        if (format is not null && format != Format)
        {
            reader.Report("format", $"expected '{Format}', got '{format}'");
        }

        var tenant = ReadTenant(reader, root);
        var workTypes = reader.Objects(root, "workTypes", "").Select(x => ReadWorkType(reader, x.Item, x.Path)).ToList();
        var products = reader.Objects(root, "products", "").Select(x => ReadProduct(reader, x.Item, x.Path)).ToList();
        var clients = reader.Objects(root, "clients", "").Select(x => ReadClient(reader, x.Item, x.Path)).ToList();
        var engineers = reader.Objects(root, "engineers", "").Select(x => ReadEngineer(reader, x.Item, x.Path)).ToList();
        var agreements = reader.Objects(root, "agreements", "").Select(x => ReadAgreement(reader, x.Item, x.Path)).ToList();
        var glRules = reader.Objects(root, "glRules", "").Select(x => ReadGlRule(reader, x.Item, x.Path)).ToList();
        var entries = reader.Objects(root, "timeEntries", "").Select(x => ReadTimeEntry(reader, x.Item, x.Path)).ToList();
        var projects = reader.Objects(root, "projects", "").Select(x => ReadProject(reader, x.Item, x.Path)).ToList();

        var periodText = reader.String(root, "period", "", required: true);
        var period = default(BillingPeriod);
        if (periodText is not null && !BillingPeriod.TryParse(periodText, out period))
        {
            reader.Report("period", $"invalid period '{periodText}' (expected YYYY-MM)");
        }

        ReferenceCheck.Run(reader, root, agreements, existing);

        if (reader.Problems.Count > 0 || tenant is null)
        {
            return ScenarioReadResult.Invalid(reader.Problems);
        }

        return ScenarioReadResult.Valid(new BillingInput(
            tenant,
            workTypes,
            products,
            clients,
            engineers,
            agreements,
            glRules,
            entries,
            projects,
            period));
    }

    private static TenantSettings? ReadTenant(JsonFieldReader reader, JsonElement root)
    {
        if (reader.Object(root, "tenant", "", required: true) is not { } tenant)
        {
            return null;
        }

        const string path = "tenant";
        var currency = reader.String(tenant, "currency", path, required: false) ?? "";
        var timeZone = reader.String(tenant, "timeZone", path, required: false) ?? "";

        BusinessHours? hours = null;
        if (reader.Object(tenant, "businessHours", path, required: true) is { } bh)
        {
            var bhPath = JsonFieldReader.Join(path, "businessHours");
            var days = new List<DayOfWeek>();
            foreach (var (name, dayPath) in reader.Strings(bh, "days", bhPath))
            {
                if (Weekdays.TryGetValue(name, out var day))
                {
                    days.Add(day);
                }
                else
                {
                    reader.Report(dayPath, $"invalid weekday '{name}' (expected Mon..Sun)");
                }
            }

            if (JsonFieldReader.Field(bh, "days") is null)
            {
                reader.Report(JsonFieldReader.Join(bhPath, "days"), "is required");
            }

            var start = reader.TimeOfDay(bh, "start", bhPath, required: true);
            var end = reader.TimeOfDay(bh, "end", bhPath, required: true);
            if (start is { } s && end is { } e)
            {
                hours = new BusinessHours(days, s, e);
            }
        }

        var holidays = reader.Array(tenant, "holidays", path)
            .Select(x => reader.AsDate(x.Item, x.Path))
            .OfType<DateOnly>()
            .ToList();
        var multipliers = ReadMultipliers(reader, tenant, path) ?? TierMultipliers.Flat;
        var rate = reader.Number(tenant, "defaultHourlyRate", path, required: true);
        var increment = reader.WholeNumber(tenant, "timeIncrementMinutes", path, required: false);
        var glDefault = reader.String(tenant, "glDefault", path, required: true);

        return hours is null || rate is null || glDefault is null
            ? null
            : new TenantSettings(currency, timeZone, hours, holidays, multipliers, rate.Value, increment, glDefault);
    }

    /// <summary>Tier multipliers; a tier left out of the object multiplies by 1.</summary>
    private static TierMultipliers? ReadMultipliers(JsonFieldReader reader, JsonElement owner, string ownerPath)
    {
        if (reader.Object(owner, "tierMultipliers", ownerPath, required: false) is not { } m)
        {
            return null;
        }

        var path = JsonFieldReader.Join(ownerPath, "tierMultipliers");
        return new TierMultipliers(
            reader.Number(m, "normal", path, required: false) ?? 1m,
            reader.Number(m, "afterHours", path, required: false) ?? 1m,
            reader.Number(m, "weekend", path, required: false) ?? 1m);
    }

    private static WorkType ReadWorkType(JsonFieldReader reader, JsonElement item, string path) => new(
        reader.String(item, "id", path, required: true) ?? "",
        reader.Bool(item, "taxable", path, required: false) ?? false);

    private static Product ReadProduct(JsonFieldReader reader, JsonElement item, string path) => new(
        reader.String(item, "id", path, required: true) ?? "",
        reader.String(item, "name", path, required: false),
        reader.Bool(item, "taxable", path, required: false) ?? false);

    private static BillingClient ReadClient(JsonFieldReader reader, JsonElement item, string path)
    {
        var id = reader.String(item, "id", path, required: true) ?? "";
        return new BillingClient(
            id,
            reader.String(item, "name", path, required: false) ?? id,
            reader.Number(item, "taxRate", path, required: false) ?? 0m,
            reader.Number(item, "hourlyRate", path, required: false));
    }

    private static BillingEngineer ReadEngineer(JsonFieldReader reader, JsonElement item, string path)
    {
        var id = reader.String(item, "id", path, required: true) ?? "";
        return new BillingEngineer(
            id,
            reader.String(item, "name", path, required: false) ?? id,
            reader.Number(item, "costRate", path, required: false) ?? 0m);
    }

    private static Agreement ReadAgreement(JsonFieldReader reader, JsonElement item, string path)
    {
        var typeText = reader.String(item, "type", path, required: true);
        var type = AgreementType.TimeAndMaterials;
        if (typeText is not null && !AgreementTypeCodes.TryParse(typeText, out type))
        {
            reader.Report(JsonFieldReader.Join(path, "type"),
                $"unknown agreement type '{typeText}' (expected recurring, time_and_materials, prepaid_hours or prepaid_amount)");
        }

        HashSet<string>? covered = null;
        if (JsonFieldReader.Field(item, "coveredWorkTypes") is not null)
        {
            covered = new HashSet<string>(reader.Strings(item, "coveredWorkTypes", path).Select(x => x.Value), StringComparer.Ordinal);
        }

        var terms = new AgreementTerms(
            reader.String(item, "id", path, required: true) ?? "",
            reader.String(item, "client", path, required: true) ?? "",
            reader.Date(item, "start", path, required: true) ?? DateOnly.MinValue,
            reader.Date(item, "end", path, required: false),
            reader.String(item, "invoiceGroup", path, required: false),
            reader.String(item, "parent", path, required: false),
            covered,
            reader.Bool(item, "taxable", path, required: false) ?? false,
            reader.Number(item, "hourlyRate", path, required: false),
            ReadMultipliers(reader, item, path),
            reader.WholeNumber(item, "timeIncrementMinutes", path, required: false));

        if (terms.End is { } end && end < terms.Start)
        {
            reader.Report(JsonFieldReader.Join(path, "end"), $"ends ({end:yyyy-MM-dd}) before it starts ({terms.Start:yyyy-MM-dd})");
        }

        return type switch
        {
            AgreementType.Recurring => new RecurringAgreement(terms, ReadRecurringLines(reader, item, path)),
            AgreementType.PrepaidHours => new PrepaidHoursAgreement(terms, ReadBlock(reader, item, path)),
            AgreementType.PrepaidAmount => new PrepaidAmountAgreement(terms, ReadBlock(reader, item, path)),
            _ => new TimeAndMaterialsAgreement(terms),
        };
    }

    private static List<RecurringLine> ReadRecurringLines(JsonFieldReader reader, JsonElement item, string path) =>
        reader.Objects(item, "lines", path)
            .Select(line => new RecurringLine(
                reader.String(line.Item, "product", line.Path, required: true) ?? "",
                reader.Number(line.Item, "unitPrice", line.Path, required: true) ?? 0m,
                reader.Objects(line.Item, "quantities", line.Path, required: true)
                    .Select(q => new QuantityChange(
                        reader.Date(q.Item, "from", q.Path, required: true) ?? DateOnly.MinValue,
                        reader.Number(q.Item, "quantity", q.Path, required: true) ?? 0m))
                    .OrderBy(q => q.From)
                    .ToList()))
            .ToList();

    private static BlockTerms ReadBlock(JsonFieldReader reader, JsonElement item, string path)
    {
        var refreshText = reader.String(item, "refresh", path, required: false) ?? "none";
        var refresh = BlockRefresh.None;
        switch (refreshText)
        {
            case "none":
                break;
            case "monthly":
                refresh = BlockRefresh.Monthly;
                break;
            default:
                reader.Report(JsonFieldReader.Join(path, "refresh"), $"unknown refresh '{refreshText}' (expected none or monthly)");
                break;
        }

        var overageText = reader.String(item, "overage", path, required: false) ?? "bill";
        var overage = BlockOverage.Bill;
        switch (overageText)
        {
            case "bill":
                break;
            case "renew":
                overage = BlockOverage.Renew;
                break;
            default:
                reader.Report(JsonFieldReader.Join(path, "overage"), $"unknown overage '{overageText}' (expected bill or renew)");
                break;
        }

        return new BlockTerms(
            reader.Number(item, "blockSize", path, required: true) ?? 0m,
            reader.Number(item, "blockPrice", path, required: true) ?? 0m,
            reader.Number(item, "openingBalance", path, required: false) ?? 0m,
            refresh,
            reader.Number(item, "carryoverMax", path, required: false),
            overage);
    }

    private static GlRule ReadGlRule(JsonFieldReader reader, JsonElement item, string path)
    {
        var agreementType = reader.String(item, "agreementType", path, required: false);
        if (agreementType is not null && !GlAgreementTypes.Contains(agreementType))
        {
            reader.Report(JsonFieldReader.Join(path, "agreementType"), $"unknown agreement type '{agreementType}'");
        }

        return new GlRule(
            reader.String(item, "client", path, required: false),
            agreementType,
            reader.String(item, "item", path, required: false),
            reader.String(item, "account", path, required: true) ?? "");
    }

    private static BillingTimeEntry ReadTimeEntry(JsonFieldReader reader, JsonElement item, string path) => new(
        reader.String(item, "id", path, required: true) ?? "",
        reader.String(item, "client", path, required: true) ?? "",
        reader.String(item, "engineer", path, required: false),
        reader.String(item, "workType", path, required: true) ?? "",
        reader.DateTime(item, "start", path, required: true) ?? DateTime.MinValue,
        reader.WholeNumber(item, "minutes", path, required: true) ?? 0,
        reader.Bool(item, "billable", path, required: true) ?? false,
        reader.Bool(item, "approved", path, required: true) ?? false,
        reader.Bool(item, "invoiced", path, required: false) ?? false,
        reader.String(item, "agreement", path, required: false),
        reader.String(item, "project", path, required: false));

    private static BillingProject ReadProject(JsonFieldReader reader, JsonElement item, string path)
    {
        var billingText = reader.String(item, "billing", path, required: true);
        var billing = ProjectBilling.AsWorked;
        if (billingText is not null && !ProjectBillingCodes.TryParse(billingText, out billing))
        {
            reader.Report(JsonFieldReader.Join(path, "billing"),
                $"unknown billing '{billingText}' (expected upfront, deposit, milestone or as_worked)");
        }

        var milestones = reader.Objects(item, "milestones", path).Select(m =>
        {
            var amount = reader.Number(m.Item, "amount", m.Path, required: false);
            var percent = reader.Number(m.Item, "percent", m.Path, required: false);
            if (amount is null && percent is null && JsonFieldReader.Field(m.Item, "amount") is null && JsonFieldReader.Field(m.Item, "percent") is null)
            {
                reader.Report(m.Path, "needs an amount or a percent");
            }

            return new Milestone(
                reader.String(m.Item, "id", m.Path, required: true) ?? "",
                reader.String(m.Item, "name", m.Path, required: false),
                amount,
                percent,
                reader.Date(m.Item, "completed", m.Path, required: false),
                reader.Bool(m.Item, "invoiced", m.Path, required: false) ?? false);
        }).ToList();

        var value = reader.Number(item, "value", path, required: false);
        var valueNeeded = billing is ProjectBilling.Upfront or ProjectBilling.Deposit
            || (billing == ProjectBilling.Milestone && milestones.Any(m => m.Amount is null && m.Percent is not null));
        if (value is null && valueNeeded && JsonFieldReader.Field(item, "value") is null)
        {
            reader.Report(JsonFieldReader.Join(path, "value"), $"is required for billing '{billingText}'");
        }

        return new BillingProject(
            reader.String(item, "id", path, required: true) ?? "",
            reader.String(item, "client", path, required: true) ?? "",
            billing,
            value,
            reader.Date(item, "accepted", path, required: false),
            reader.Date(item, "completed", path, required: false),
            reader.Number(item, "depositPercent", path, required: false),
            milestones,
            reader.Number(item, "budgetHours", path, required: false),
            reader.Number(item, "billedHours", path, required: false),
            reader.String(item, "invoiceGroup", path, required: false),
            reader.Bool(item, "taxable", path, required: false) ?? false,
            new HashSet<string>(reader.Strings(item, "invoicedKinds", path).Select(x => x.Value), StringComparer.Ordinal));
    }
}
