namespace Psa.Domain.Billing.Rules;

/// <summary>What one covered entry did to a block: purchases it triggered and the excess it leaves to bill.</summary>
/// <param name="Deducted">What came off the balance, in the block's unit.</param>
/// <param name="Renewals">Blocks bought to go on deducting (overage <c>renew</c>).</param>
/// <param name="OverageAmount">Money to bill as an <c>overage</c> line; 0 when none.</param>
/// <param name="OverageMinutes">Minutes the overage line stands for (informative).</param>
public sealed record DeductionOutcome(decimal Deducted, int Renewals, decimal OverageAmount, decimal OverageMinutes)
{
    public bool HasOverage => OverageAmount != 0m || OverageMinutes != 0m;
}

/// <summary>
/// Block deduction (BILLING.md §4) for one block agreement across one run. Hour blocks keep their
/// balance in minutes and deduct an entry's first billable minutes whatever the tier; amount blocks
/// keep money and deduct the entry's full amount. Covered entries must be fed in order of start, then id.
/// </summary>
public sealed class BlockDeduction
{
    private readonly BlockAgreement _agreement;
    private readonly decimal _blockSize;

    private BlockDeduction(BlockAgreement agreement, decimal balance, decimal expired, bool purchasedAtStart)
    {
        _agreement = agreement;
        _blockSize = ToUnit(agreement, agreement.Block.BlockSize);
        Balance = balance;
        Expired = expired;
        PurchasedAtStart = purchasedAtStart;
    }

    /// <summary>Minutes for an hour block, money for an amount block.</summary>
    public BalanceUnit Unit => UnitOf(_agreement);

    public decimal Balance { get; private set; }

    /// <summary>What the carryover cap cut off at the start of the period, in <see cref="Unit"/>.</summary>
    public decimal Expired { get; }

    /// <summary>Whether the monthly refresh bought a block at the start of the period.</summary>
    public bool PurchasedAtStart { get; }

    public static BalanceUnit UnitOf(BlockAgreement agreement) =>
        agreement is PrepaidHoursAgreement ? BalanceUnit.Minutes : BalanceUnit.Money;

    /// <summary>
    /// The period-start rule: with a monthly refresh and the agreement active in the period, the
    /// balance is min(opening, carryoverMax) + blockSize and a block is bought; the cap's cut expires.
    /// Otherwise the opening balance stands and nothing is bought.
    /// </summary>
    public static BlockDeduction Open(BlockAgreement agreement, BillingPeriod period)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        var block = agreement.Block;
        var opening = ToUnit(agreement, block.OpeningBalance);
        if (block.Refresh == BlockRefresh.Monthly && agreement.IsActiveIn(period))
        {
            var carried = block.CarryoverMax is { } cap ? Math.Min(opening, ToUnit(agreement, cap)) : opening;
            return new BlockDeduction(agreement, carried + ToUnit(agreement, block.BlockSize), opening - carried, purchasedAtStart: true);
        }

        return new BlockDeduction(agreement, opening, 0m, purchasedAtStart: false);
    }

    /// <summary>Deducts one covered entry; an excess is renewed or billed according to the overage rule.</summary>
    public DeductionOutcome Deduct(PricedEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var need = Unit == BalanceUnit.Minutes ? entry.BillableMinutes : entry.FullAmount;
        var deducted = 0m;
        var renewals = 0;
        while (true)
        {
            var take = Math.Min(Balance, need);
            Balance -= take;
            need -= take;
            deducted += take;
            if (need <= 0m || !CanRenew)
            {
                break;
            }

            renewals++;
            Balance += _blockSize;
        }

        if (need <= 0m)
        {
            return new DeductionOutcome(deducted, renewals, 0m, 0m);
        }

        return Unit == BalanceUnit.Minutes
            ? new DeductionOutcome(deducted, renewals, TimePricing.Amount(entry.MinutesAfter(deducted), entry.Terms), need)
            : new DeductionOutcome(deducted, renewals, need, entry.BillableMinutes);
    }

    // A zero-size block cannot absorb anything, so renewing it would never end: bill instead.
    private bool CanRenew => _agreement.Block.Overage == BlockOverage.Renew && _blockSize > 0m;

    private static decimal ToUnit(BlockAgreement agreement, decimal value) =>
        UnitOf(agreement) == BalanceUnit.Minutes ? value * 60m : value;
}
