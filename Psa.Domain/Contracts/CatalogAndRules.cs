using Psa.Domain.Billing;

namespace Psa.Domain.Contracts;

/// <summary>A product or service sold on recurring lines (e.g. <c>m365-bp</c>, per user per month).</summary>
public sealed class ServiceProduct
{
    private ServiceProduct()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public string Code { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    public bool Taxable { get; private set; }

    /// <summary>Suggested unit price for new agreement lines.</summary>
    public decimal? DefaultUnitPrice { get; private set; }

    /// <summary>What one unit costs the MSP (resold products), for profitability.</summary>
    public decimal? UnitCost { get; private set; }

    /// <summary>The service line its revenue belongs to (e.g. Licensing); null for the default of its line kind.</summary>
    public string? ServiceLine { get; private set; }

    public void SetCosting(decimal? unitCost, string? serviceLine)
    {
        if (unitCost < 0)
        {
            throw new DomainException("Unit cost cannot be negative.", "Unit cost");
        }

        UnitCost = unitCost;
        ServiceLine = string.IsNullOrWhiteSpace(serviceLine) ? null : serviceLine.Trim();
    }

    public static ServiceProduct Create(string code, string? name, bool taxable, decimal? defaultUnitPrice = null)
    {
        var product = new ServiceProduct();
        product.Update(code, name, taxable, defaultUnitPrice);
        return product;
    }

    public void Update(string code, string? name, bool taxable, decimal? defaultUnitPrice)
    {
        code = (code ?? string.Empty).Trim();
        if (code.Length is 0 or > 60)
        {
            throw new DomainException("Product code is required (at most 60 characters).", "Code");
        }

        if (defaultUnitPrice < 0)
        {
            throw new DomainException("Unit price cannot be negative.", "Unit price");
        }

        Code = code;
        Name = string.IsNullOrWhiteSpace(name) ? code : name.Trim();
        Taxable = taxable;
        DefaultUnitPrice = defaultUnitPrice;
    }
}

/// <summary>
/// A GL mapping rule (BILLING.md §6): the fields it names (client, agreement type, item) must all
/// equal a line's for it to apply; the most specific key wins, then list order.
/// </summary>
public sealed class GlMappingRule
{
    private GlMappingRule()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid? ClientId { get; private set; }

    /// <summary>An agreement-type code, or <c>project</c>.</summary>
    public string? AgreementType { get; private set; }

    /// <summary>A product code, work type code, <c>block</c> or <c>project</c>.</summary>
    public string? Item { get; private set; }

    public string Account { get; private set; } = string.Empty;

    public int Sequence { get; set; }

    public static GlMappingRule Create(Guid? clientId, string? agreementType, string? item, string account)
    {
        if (string.IsNullOrWhiteSpace(account))
        {
            throw new DomainException("GL account is required.", "Account");
        }

        if (agreementType is not null && agreementType != AgreementTypeCodes.Project && !AgreementTypeCodes.TryParse(agreementType, out _))
        {
            throw new DomainException($"Unknown agreement type '{agreementType}'.", "Agreement type");
        }

        if (clientId is null && agreementType is null && string.IsNullOrWhiteSpace(item))
        {
            throw new DomainException("A rule names at least a client, an agreement type or an item.", "Item");
        }

        return new GlMappingRule
        {
            ClientId = clientId,
            AgreementType = agreementType,
            Item = string.IsNullOrWhiteSpace(item) ? null : item.Trim(),
            Account = account.Trim(),
        };
    }
}

/// <summary>What billing remembers about a project beyond its delivery data.</summary>
public sealed class ProjectBillingProfile
{
    public Guid ProjectId { get; set; }

    /// <summary>Approved hours billed before this system took over (imported history).</summary>
    public decimal BilledHoursBefore { get; set; }

    /// <summary>Order in which projects are billed (import order).</summary>
    public int Sequence { get; set; }
}

/// <summary>
/// The external id of a project phase billed as a milestone. Imported milestone ids are unique per
/// project only, while phase codes are unique per workspace, so the id is kept here.
/// </summary>
public sealed class MilestoneReference
{
    public Guid PhaseId { get; set; }

    public Guid ProjectId { get; set; }

    public required string Code { get; set; }
}
