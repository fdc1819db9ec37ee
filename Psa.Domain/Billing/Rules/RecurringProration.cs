using Psa.Domain.Common;

namespace Psa.Domain.Billing.Rules;

/// <summary>A run of consecutive days in the period with one quantity, and its prorated amount.</summary>
public sealed record ProratedRun(DateOnly From, DateOnly To, int Days, decimal Quantity, decimal Amount);

/// <summary>
/// Recurring proration (BILLING.md §4): each maximal run of days inside the period on which the
/// agreement is active and the line's quantity is constant gives one charge of
/// round(quantity × unitPrice × days / daysInPeriod); a run of quantity 0 gives none.
/// </summary>
public static class RecurringProration
{
    public static IReadOnlyList<ProratedRun> Runs(RecurringAgreement agreement, RecurringLine line, BillingPeriod period)
    {
        var runs = new List<ProratedRun>();
        DateOnly? runFrom = null;
        var runTo = period.FirstDay;
        var runQuantity = 0m;

        void Close()
        {
            if (runFrom is { } from && runQuantity != 0m)
            {
                var days = runTo.DayNumber - from.DayNumber + 1;
                var amount = MoneyMath.Round2(runQuantity * line.UnitPrice * days / period.DaysInPeriod);
                runs.Add(new ProratedRun(from, runTo, days, runQuantity, amount));
            }

            runFrom = null;
        }

        for (var day = period.FirstDay; day <= period.LastDay; day = day.AddDays(1))
        {
            if (!agreement.IsActiveOn(day))
            {
                Close();
                continue;
            }

            var quantity = line.QuantityOn(day);
            if (runFrom is null || quantity != runQuantity)
            {
                Close();
                runFrom = day;
                runQuantity = quantity;
            }

            runTo = day;
        }

        Close();
        return runs;
    }
}
