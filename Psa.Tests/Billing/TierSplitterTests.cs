using Psa.Domain.Billing.Tiers;
using Shouldly;
using Xunit;
using static Psa.Tests.Billing.BillingInputBuilder;

namespace Psa.Tests.Billing;

public sealed class TierSplitterTests
{
    private static readonly TierSplitter Splitter = new(DefaultHours(), [Day("2026-10-12")]);

    private static IEnumerable<(Tier, int)> Split(string start, int minutes) =>
        Splitter.Split(At(start), minutes).Select(s => (s.Tier, s.Minutes));

    [Fact]
    public void TierSplitter_EntryCrossingBusinessEnd_SplitsIntoNormalAndAfterHours() =>
        Split("2026-10-06T17:30", 60).ShouldBe([(Tier.Normal, 30), (Tier.AfterHours, 30)]);

    [Fact]
    public void TierSplitter_EntryCrossingBusinessStart_SplitsIntoAfterHoursAndNormal() =>
        Split("2026-10-14T07:50", 70).ShouldBe([(Tier.AfterHours, 10), (Tier.Normal, 60)]);

    [Fact]
    public void TierSplitter_EntryInsideBusinessHours_IsOneNormalSegment() =>
        Split("2026-10-06T09:00", 60).ShouldBe([(Tier.Normal, 60)]);

    [Fact]
    public void TierSplitter_HolidayOnAWeekday_IsWeekendTier() =>
        Split("2026-10-12T11:00", 20).ShouldBe([(Tier.Weekend, 20)]);

    [Fact]
    public void TierSplitter_Saturday_IsWeekendTierAllDay() =>
        Split("2026-10-10T10:00", 50).ShouldBe([(Tier.Weekend, 50)]);

    [Fact]
    public void TierSplitter_MidnightCrossingFridayIntoSaturday_SplitsAfterHoursThenWeekend() =>
        Split("2026-10-09T23:30", 60).ShouldBe([(Tier.AfterHours, 30), (Tier.Weekend, 30)]);

    [Fact]
    public void TierSplitter_MidnightCrossingSundayIntoMonday_SplitsWeekendAfterHoursNormal() =>
        Split("2026-10-04T23:00", 600).ShouldBe([(Tier.Weekend, 60), (Tier.AfterHours, 480), (Tier.Normal, 60)]);

    [Fact]
    public void TierSplitter_MidnightCrossingIntoHoliday_SplitsAfterHoursThenWeekend() =>
        Split("2026-10-11T23:00", 120).ShouldBe([(Tier.Weekend, 120)]);

    [Fact]
    public void TierSplitter_MidnightCrossingOutOfHoliday_SplitsWeekendThenAfterHours() =>
        Split("2026-10-12T23:30", 60).ShouldBe([(Tier.Weekend, 30), (Tier.AfterHours, 30)]);

    [Fact]
    public void TierSplitter_BusinessEndIsExclusive_MinuteStartingAtEndIsAfterHours()
    {
        Splitter.TierAt(At("2026-10-06T17:59")).ShouldBe(Tier.Normal);
        Splitter.TierAt(At("2026-10-06T18:00")).ShouldBe(Tier.AfterHours);
        Splitter.TierAt(At("2026-10-06T08:00")).ShouldBe(Tier.Normal);
        Splitter.TierAt(At("2026-10-06T07:59")).ShouldBe(Tier.AfterHours);
    }

    [Fact]
    public void TierSplitter_BusinessDayEndingAt2400_CoversTheLastMinute()
    {
        var splitter = new TierSplitter(new BusinessHours([DayOfWeek.Tuesday], TimeSpan.Zero, TimeSpan.FromDays(1)), []);
        splitter.Split(At("2026-10-06T23:30"), 60).Select(s => (s.Tier, s.Minutes))
            .ShouldBe([(Tier.Normal, 30), (Tier.Weekend, 30)]);
    }

    [Fact]
    public void TierSplitter_ZeroMinutes_GivesNoSegments() =>
        Splitter.Split(At("2026-10-06T09:00"), 0).ShouldBeEmpty();

    [Fact]
    public void TierSplitter_Segments_AreInTimeOrderWithStarts()
    {
        var segments = Splitter.Split(At("2026-10-09T17:00"), 120);
        segments.Select(s => s.Start).ShouldBe([At("2026-10-09T17:00"), At("2026-10-09T18:00")]);
        segments[^1].End.ShouldBe(At("2026-10-09T19:00"));
    }
}
