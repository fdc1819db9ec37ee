using System.Globalization;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Tiers;

namespace Psa.Tests.Billing;

/// <summary>
/// Builds billing input for October 2026 with the shared scenarios' tenant: Mon–Fri 08:00–18:00,
/// holiday 2026-10-12, multipliers 1.0 / 1.4 / 1.5, 125/h, 15-minute increments, GL default 4000.
/// October 2026 starts on a Thursday; the 10th, 17th are Saturdays.
/// </summary>
internal sealed class BillingInputBuilder
{
    public static readonly TierMultipliers DefaultMultipliers = new(1.0m, 1.4m, 1.5m);

    private readonly List<WorkType> _workTypes = [new("remote", false), new("onsite", false), new("project", false), new("training", true)];
    private readonly List<Product> _products = [];
    private readonly List<BillingClient> _clients = [new("acme", "Acme Corp", 0m, null)];
    private readonly List<Agreement> _agreements = [];
    private readonly List<GlRule> _glRules = [];
    private readonly List<BillingTimeEntry> _entries = [];
    private readonly List<BillingProject> _projects = [];
    private TenantSettings _tenant = DefaultTenant();
    private BillingPeriod _period = BillingPeriod.Of(2026, 10);

    public static TenantSettings DefaultTenant() => new(
        "USD",
        "America/New_York",
        DefaultHours(),
        [new DateOnly(2026, 10, 12)],
        DefaultMultipliers,
        125m,
        15,
        "4000");

    public static BusinessHours DefaultHours() =>
        new([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
            TimeSpan.FromHours(8), TimeSpan.FromHours(18));

    public static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateTime At(string text) => DateTime.ParseExact(text, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    public static AgreementTerms Terms(string id, string client = "acme", string start = "2026-01-01", string? end = null) =>
        new(id, client, Day(start), end is null ? null : Day(end));

    public static BlockTerms Block(decimal size, decimal price, decimal opening, BlockRefresh refresh = BlockRefresh.None,
        decimal? carryoverMax = null, BlockOverage overage = BlockOverage.Bill) =>
        new(size, price, opening, refresh, carryoverMax, overage);

    public static BillingProject Project(string id, ProjectBilling billing, decimal? value = null, string client = "acme",
        string? accepted = null, string? completed = null, decimal? depositPercent = null, IReadOnlyList<Milestone>? milestones = null,
        decimal? budgetHours = null, decimal? billedHours = null, string? invoiceGroup = null, bool taxable = false,
        params string[] invoicedKinds) =>
        new(id, client, billing, value, accepted is null ? null : Day(accepted), completed is null ? null : Day(completed),
            depositPercent, milestones ?? [], budgetHours, billedHours, invoiceGroup, taxable, new HashSet<string>(invoicedKinds));

    public BillingInputBuilder Tenant(Func<TenantSettings, TenantSettings> change)
    {
        _tenant = change(_tenant);
        return this;
    }

    public BillingInputBuilder Period(int year, int month)
    {
        _period = BillingPeriod.Of(year, month);
        return this;
    }

    public BillingInputBuilder Client(string id, decimal taxRate = 0m, decimal? hourlyRate = null)
    {
        _clients.RemoveAll(c => c.Id == id);
        _clients.Add(new BillingClient(id, id, taxRate, hourlyRate));
        return this;
    }

    public BillingInputBuilder Product(string id, bool taxable = false)
    {
        _products.Add(new Product(id, id, taxable));
        return this;
    }

    public BillingInputBuilder Agreement(Agreement agreement)
    {
        _agreements.Add(agreement);
        return this;
    }

    public BillingInputBuilder GlRule(string account, string? client = null, string? agreementType = null, string? item = null)
    {
        _glRules.Add(new GlRule(client, agreementType, item, account));
        return this;
    }

    public BillingInputBuilder ProjectOf(BillingProject project)
    {
        _projects.Add(project);
        return this;
    }

    public BillingInputBuilder Entry(string id, string start, int minutes, string workType = "remote", string client = "acme",
        string? agreement = null, string? project = null, bool billable = true, bool approved = true, bool invoiced = false)
    {
        _entries.Add(new BillingTimeEntry(id, client, "ana", workType, At(start), minutes, billable, approved, invoiced, agreement, project));
        return this;
    }

    public BillingInput Build() =>
        new(_tenant, _workTypes, _products, _clients, [new BillingEngineer("ana", "Ana Ruiz", 52m)], _agreements, _glRules, _entries, _projects, _period);

    public BillingResult Run() => BillingEngine.Run(Build());
}

internal static class BillingResultExtensions
{
    public static IReadOnlyList<InvoiceLine> LinesOf(this BillingResult result, string client, string group) =>
        result.Invoices.Single(i => i.ClientId == client && i.Group == group).Lines;

    public static IEnumerable<InvoiceLine> AllLines(this BillingResult result) => result.Invoices.SelectMany(i => i.Lines);

    public static IReadOnlyList<string> WarningIds(this BillingResult result, string code) =>
        result.Warnings.SingleOrDefault(w => w.Code == code)?.Ids ?? [];

    public static BlockBalance BalanceOf(this BillingResult result, string agreement) =>
        result.Balances.Single(b => b.AgreementId == agreement);
}
