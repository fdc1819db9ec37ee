using Psa.Domain.Billing;

namespace Psa.Domain.Contracts;

/// <summary>
/// A client agreement as stored (BILLING.md §4): recurring per-unit lines, time and materials,
/// prepaid hours or prepaid amount. <see cref="ToBillingAgreement"/> gives the engine's view of it.
/// </summary>
public sealed class ServiceAgreement
{
    private readonly List<AgreementLine> _lines = [];

    private ServiceAgreement()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    /// <summary>Short unique key (the scenario's agreement id).</summary>
    public string Code { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    public Guid ClientId { get; private set; }

    public AgreementType Type { get; private set; }

    public DateOnly StartDate { get; private set; }

    /// <summary>Last active day, inclusive; null is open-ended.</summary>
    public DateOnly? EndDate { get; private set; }

    public string? InvoiceGroup { get; private set; }

    public Guid? ParentId { get; private set; }

    /// <summary>Comma-separated work type codes; null covers every work type, "" covers none.</summary>
    public string? CoveredWorkTypes { get; private set; }

    /// <summary>Whether block purchases are taxable.</summary>
    public bool Taxable { get; private set; }

    public decimal? HourlyRate { get; private set; }

    /// <summary>Multipliers of this agreement; all three are null when the workspace's apply.</summary>
    public decimal? NormalMultiplier { get; private set; }

    public decimal? AfterHoursMultiplier { get; private set; }

    public decimal? WeekendMultiplier { get; private set; }

    public int? TimeIncrementMinutes { get; private set; }

    /// <summary>Block size in hours (prepaid hours) or money (prepaid amount).</summary>
    public decimal BlockSize { get; private set; }

    public decimal BlockPrice { get; private set; }

    /// <summary>Balance carried from before the first billed period, in the block's unit.</summary>
    public decimal OpeningBalance { get; private set; }

    public BlockRefresh Refresh { get; private set; }

    public decimal? CarryoverMax { get; private set; }

    public BlockOverage Overage { get; private set; }

    /// <summary>Position in lists and on invoices (the engine bills agreements in this order).</summary>
    public int Sequence { get; set; }

    public IReadOnlyList<AgreementLine> Lines => _lines;

    public bool IsBlock => Type is AgreementType.PrepaidHours or AgreementType.PrepaidAmount;

    public static ServiceAgreement Create(string code, Guid clientId, AgreementType type, DateOnly start, string? name = null)
    {
        var agreement = new ServiceAgreement { ClientId = clientId, Type = type };
        agreement.Rename(code, name ?? code);
        agreement.SetDates(start, null);
        return agreement;
    }

    public void Rename(string code, string name)
    {
        code = (code ?? string.Empty).Trim();
        if (code.Length is 0 or > 60)
        {
            throw new DomainException("Agreement code is required (at most 60 characters).", "Code");
        }

        Code = code;
        Name = string.IsNullOrWhiteSpace(name) ? code : name.Trim();
    }

    public void ChangeType(AgreementType type) => Type = type;

    public void SetDates(DateOnly start, DateOnly? end)
    {
        if (end is { } e && e < start)
        {
            throw new DomainException("The end date cannot be before the start date.", "End");
        }

        StartDate = start;
        EndDate = end;
    }

    public void SetGrouping(string? invoiceGroup, Guid? parentId)
    {
        if (parentId == Id)
        {
            throw new DomainException("An agreement cannot be its own parent.", "Parent");
        }

        InvoiceGroup = string.IsNullOrWhiteSpace(invoiceGroup) ? null : invoiceGroup.Trim();
        ParentId = parentId;
    }

    /// <summary>Stored in place of a list when a person chose "Covers every work type".</summary>
    public const string EveryWorkType = "*";

    /// <param name="coveredWorkTypes">The work types covered; null means none is listed (see <see cref="Billing.Rules.WorkTypeCoverage"/>).</param>
    /// <param name="everyWorkType">A deliberate choice to cover every work type, present and future.</param>
    public void SetCoverage(IEnumerable<string>? coveredWorkTypes, bool everyWorkType = false) =>
        CoveredWorkTypes = everyWorkType
            ? EveryWorkType
            : coveredWorkTypes is null ? null : string.Join(',', coveredWorkTypes.Select(w => w.Trim()).Where(w => w.Length > 0));

    public bool CoversEveryWorkType => CoveredWorkTypes == EveryWorkType;

    public IReadOnlySet<string>? CoveredWorkTypeSet =>
        CoveredWorkTypes is null || CoversEveryWorkType ? null : new HashSet<string>(CoveredWorkTypes.Split(',', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    public void SetPricing(decimal? hourlyRate, Psa.Domain.Billing.Tiers.TierMultipliers? multipliers, int? timeIncrementMinutes, bool taxable)
    {
        if (hourlyRate < 0)
        {
            throw new DomainException("Hourly rate cannot be negative.", "Hourly rate");
        }

        if (multipliers is { } m && (m.Normal < 0 || m.AfterHours < 0 || m.Weekend < 0))
        {
            throw new DomainException("Multipliers cannot be negative.", "Multipliers");
        }

        if (timeIncrementMinutes is < 0 or > 1440)
        {
            throw new DomainException("Time increment must be between 0 and 1440 minutes.", "Time increment");
        }

        HourlyRate = hourlyRate;
        NormalMultiplier = multipliers?.Normal;
        AfterHoursMultiplier = multipliers?.AfterHours;
        WeekendMultiplier = multipliers?.Weekend;
        TimeIncrementMinutes = timeIncrementMinutes;
        Taxable = taxable;
    }

    public void SetBlock(decimal blockSize, decimal blockPrice, decimal openingBalance, BlockRefresh refresh, decimal? carryoverMax, BlockOverage overage)
    {
        if (blockSize < 0)
        {
            throw new DomainException("Block size cannot be negative.", "Block size");
        }

        if (blockPrice < 0)
        {
            throw new DomainException("Block price cannot be negative.", "Block price");
        }

        if (openingBalance < 0)
        {
            throw new DomainException("Opening balance cannot be negative.", "Opening balance");
        }

        if (carryoverMax < 0)
        {
            throw new DomainException("Carryover cap cannot be negative.", "Carryover cap");
        }

        BlockSize = blockSize;
        BlockPrice = blockPrice;
        OpeningBalance = openingBalance;
        Refresh = refresh;
        CarryoverMax = carryoverMax;
        Overage = overage;
    }

    public AgreementLine AddLine(string productCode, decimal unitPrice)
    {
        if (string.IsNullOrWhiteSpace(productCode))
        {
            throw new DomainException("Each line needs a product.", "Product");
        }

        if (unitPrice < 0)
        {
            throw new DomainException("Unit price cannot be negative.", "Unit price");
        }

        var line = new AgreementLine(Id, _lines.Count, productCode.Trim(), unitPrice);
        _lines.Add(line);
        return line;
    }

    public void ClearLines() => _lines.Clear();

    /// <summary>The engine's view; ids are codes, the block's opening balance may be overridden by carried balances.</summary>
    public Agreement ToBillingAgreement(string clientCode, string? parentCode, decimal? openingBalance = null, BlockRefresh? refresh = null)
    {
        var multipliers = NormalMultiplier is { } n
            ? new Psa.Domain.Billing.Tiers.TierMultipliers(n, AfterHoursMultiplier ?? 1m, WeekendMultiplier ?? 1m)
            : null;
        var terms = new AgreementTerms(Code, clientCode, StartDate, EndDate, InvoiceGroup, parentCode, CoveredWorkTypeSet,
            Taxable, HourlyRate, multipliers, TimeIncrementMinutes, CoversEveryWorkType);
        var block = new BlockTerms(BlockSize, BlockPrice, openingBalance ?? OpeningBalance, refresh ?? Refresh, CarryoverMax, Overage);
        return Type switch
        {
            AgreementType.Recurring => new RecurringAgreement(terms, _lines.OrderBy(l => l.Order)
                .Select(l => new RecurringLine(l.ProductCode, l.UnitPrice,
                    l.Quantities.OrderBy(q => q.From).Select(q => new QuantityChange(q.From, q.Quantity)).ToList()))
                .ToList()),
            AgreementType.PrepaidHours => new PrepaidHoursAgreement(terms, block),
            AgreementType.PrepaidAmount => new PrepaidAmountAgreement(terms, block),
            _ => new TimeAndMaterialsAgreement(terms),
        };
    }
}

/// <summary>A recurring per-unit line with its dated quantity schedule.</summary>
public sealed class AgreementLine
{
    private readonly List<AgreementLineQuantity> _quantities = [];

    private AgreementLine()
    {
    }

    internal AgreementLine(Guid agreementId, int order, string productCode, decimal unitPrice)
    {
        AgreementId = agreementId;
        Order = order;
        ProductCode = productCode;
        UnitPrice = unitPrice;
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid AgreementId { get; private set; }

    public int Order { get; private set; }

    public string ProductCode { get; private set; } = string.Empty;

    public decimal UnitPrice { get; private set; }

    public IReadOnlyList<AgreementLineQuantity> Quantities => _quantities;

    /// <summary>From <paramref name="from"/> on (until the next change) the line counts <paramref name="quantity"/> units.</summary>
    public void SetQuantity(DateOnly from, decimal quantity)
    {
        if (quantity < 0)
        {
            throw new DomainException("Quantity cannot be negative.", "Quantity");
        }

        _quantities.RemoveAll(q => q.From == from);
        _quantities.Add(new AgreementLineQuantity(Id, from, quantity));
    }
}

public sealed class AgreementLineQuantity
{
    private AgreementLineQuantity()
    {
    }

    internal AgreementLineQuantity(Guid lineId, DateOnly from, decimal quantity)
    {
        LineId = lineId;
        From = from;
        Quantity = quantity;
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid LineId { get; private set; }

    public DateOnly From { get; private set; }

    public decimal Quantity { get; private set; }
}
