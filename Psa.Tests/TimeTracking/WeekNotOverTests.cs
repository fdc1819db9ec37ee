using Psa.Domain.TimeTracking;
using Shouldly;

namespace Psa.Tests.TimeTracking;

/// <summary>Issue 14 §5: submitting or approving a week before it ends warns; after it ends nothing is said.</summary>
public sealed class WeekNotOverTests
{
    private static readonly DateOnly Monday = new(2026, 12, 14);

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(6)]
    public void A_week_still_running_warns_with_its_last_day(int daysIn) =>
        Week.NotOverYet(Monday, Monday.AddDays(daysIn)).ShouldBe("This week is not over: it runs until Sun 20 Dec. Time logged after this goes through approval again.");

    [Fact]
    public void A_week_that_has_ended_says_nothing() => Week.NotOverYet(Monday, Monday.AddDays(7)).ShouldBeNull();
}
