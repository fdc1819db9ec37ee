using Psa.Domain;
using Psa.Domain.Common;
using Psa.Domain.TimeTracking;
using Psa.Infrastructure.Settings;
using Psa.Web.TimeTracking;
using Shouldly;

namespace Psa.Tests.TimeTracking;

/// <summary>Tier splits as entries show them, through the workspace calendar built from its settings.</summary>
public sealed class TimeTierTests
{
    private static TimeCalendar Calendar(string zone = "Europe/London", params string[] holidays) => TimeCalendar.From(
        new TenantSettings { CompanyName = "T", TimeZone = zone, Currency = "GBP" }, // Mon–Fri 08:00–18:00
        holidays.Select(DateOnly.Parse));

    private static DateTime At(string wall) => DateTime.Parse(wall, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Entry_CrossingBusinessEnd_SplitsNormalAndAfterHours() =>
        Calendar().Split(At("2026-11-17T17:30"), 60).ShouldBe(new TierBreakdown(30, 30, 0));

    [Fact]
    public void Entry_StartingExactlyAtBusinessEnd_IsAllAfterHours() =>
        Calendar().Split(At("2026-11-17T18:00"), 30).ShouldBe(new TierBreakdown(0, 30, 0));

    [Fact]
    public void Entry_EndingExactlyAtBusinessStart_IsAllAfterHours() =>
        Calendar().Split(At("2026-11-17T07:00"), 60).ShouldBe(new TierBreakdown(0, 60, 0));

    [Fact]
    public void Entry_CrossingFridayMidnight_IsAfterHoursThenWeekend() =>
        Calendar().Split(At("2026-11-20T23:00"), 120).ShouldBe(new TierBreakdown(0, 60, 60));

    [Fact]
    public void Entry_CrossingSundayMidnightIntoMonday_IsWeekendThenAfterHours() =>
        Calendar().Split(At("2026-11-22T23:30"), 60).ShouldBe(new TierBreakdown(0, 30, 30));

    [Fact]
    public void Entry_OnAHoliday_IsAllWeekendTier() =>
        Calendar("Europe/London", "2026-12-25").Split(At("2026-12-25T10:00"), 90).ShouldBe(new TierBreakdown(0, 0, 90));

    [Fact]
    public void Entry_RunningFromTheDayBeforeIntoAHoliday_SplitsAtMidnight() =>
        Calendar("Europe/London", "2026-12-25").Split(At("2026-12-24T17:00"), 480).ShouldBe(new TierBreakdown(60, 360, 60));

    [Theory]
    [InlineData("Europe/London", 30, 30, 0)]       // 07:30–08:30 GMT
    [InlineData("America/New_York", 0, 60, 0)]     // 02:30–03:30 EST
    [InlineData("Asia/Tokyo", 60, 0, 0)]           // 16:30–17:30 JST
    [InlineData("Pacific/Auckland", 0, 60, 0)]     // 20:30–21:30 NZDT
    public void Timer_SameInstants_SplitByTheWorkspaceZone(string zone, int normal, int afterHours, int weekend)
    {
        var calendar = Calendar(zone);
        var started = new DateTimeOffset(2026, 11, 17, 7, 30, 0, TimeSpan.Zero); // a Tuesday
        var timer = RunningTimer.Start(Guid.NewGuid(), Guid.NewGuid(), null, null, null, "remote", true, "x", started);
        var entries = timer.ToEntries(calendar.Zone, started.AddHours(1));
        entries.Sum(e => calendar.Split(e).Total).ShouldBe(60);
        entries.Select(calendar.Split).Aggregate((a, b) => a + b).ShouldBe(new TierBreakdown(normal, afterHours, weekend));
    }

    [Fact]
    public void Timer_AcrossSpringForward_KeepsTheRealElapsedMinutes()
    {
        var zone = Calendar("America/New_York").Zone;
        var started = new DateTimeOffset(2026, 3, 8, 6, 30, 0, TimeSpan.Zero); // 01:30 EST; clocks jump 02:00 → 03:00
        var timer = RunningTimer.Start(Guid.NewGuid(), Guid.NewGuid(), null, null, null, "remote", true, "x", started);
        var entries = timer.ToEntries(zone, started.AddHours(1)); // 03:30 EDT
        entries.Single().Start.ShouldBe(At("2026-03-08T01:30"));
        entries.Single().Minutes.ShouldBe(60);
    }
}

public sealed class TimerRuleTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private static RunningTimer StartedAt(DateTimeOffset at) =>
        RunningTimer.Start(Guid.NewGuid(), Guid.NewGuid(), null, null, null, "remote", true, "x", at);

    [Fact]
    public void Timer_RunningPastMidnight_NeedsConfirmation_AndSplitsIntoOneEntryPerDay()
    {
        var timer = StartedAt(new DateTimeOffset(2026, 11, 17, 22, 15, 0, TimeSpan.Zero));
        var stop = new DateTimeOffset(2026, 11, 18, 1, 0, 0, TimeSpan.Zero);
        timer.NeedsConfirmation(London, stop).ShouldBeTrue();
        timer.ToEntries(London, stop).Select(e => (e.Start, e.Minutes)).ShouldBe([
            (new DateTime(2026, 11, 17, 22, 15, 0), 105),
            (new DateTime(2026, 11, 18, 0, 0, 0), 60)]);
    }

    [Fact]
    public void Timer_LongerThanTenHours_NeedsConfirmation()
    {
        var timer = StartedAt(new DateTimeOffset(2026, 11, 17, 7, 0, 0, TimeSpan.Zero));
        timer.NeedsConfirmation(London, new DateTimeOffset(2026, 11, 17, 17, 0, 0, TimeSpan.Zero)).ShouldBeFalse();
        timer.NeedsConfirmation(London, new DateTimeOffset(2026, 11, 17, 17, 1, 0, TimeSpan.Zero)).ShouldBeTrue();
    }

    [Fact]
    public void Timer_PartialMinute_CountsAsAStartedMinute()
    {
        var timer = StartedAt(new DateTimeOffset(2026, 11, 17, 9, 0, 40, TimeSpan.Zero));
        timer.ToEntries(London, new DateTimeOffset(2026, 11, 17, 9, 1, 10, TimeSpan.Zero)).Single().Minutes.ShouldBe(1);
    }

    [Fact]
    public void Timer_HeldForConfirmation_KeepsItsStopTime()
    {
        var timer = StartedAt(new DateTimeOffset(2026, 11, 17, 7, 0, 0, TimeSpan.Zero));
        timer.HoldForConfirmation(new DateTimeOffset(2026, 11, 17, 18, 0, 0, TimeSpan.Zero));
        timer.IsRunning.ShouldBeFalse();
        timer.ToEntries(London, new DateTimeOffset(2026, 11, 19, 0, 0, 0, TimeSpan.Zero)).Sum(e => e.Minutes).ShouldBe(660);
    }
}

public sealed class TimesheetLockingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Monday = new(2026, 11, 16);

    private static TimeEntry Entry(int minutes = 60) =>
        TimeEntry.Create(Guid.NewGuid(), Guid.NewGuid(), "remote", new DateTime(2026, 11, 17, 9, 0, 0), minutes, billable: true);

    [Fact]
    public void ApprovedWeek_LocksItsEntries_AgainstEdit()
    {
        var entries = new[] { Entry(), Entry(30) };
        var sheet = Timesheet.Open(Guid.NewGuid(), Monday);
        sheet.Submit(entries, Now);
        sheet.Approve(entries, "m", "Manager", null, Now);
        entries.ShouldAllBe(e => e.IsLocked);
        Should.Throw<DomainException>(() => entries[0].Edit(Guid.NewGuid(), "remote", new DateTime(2026, 11, 17, 9, 0, 0), 10, true, null, null, null))
            .Message.ShouldContain("locked");
        Should.Throw<DomainException>(() => entries[0].EnsureEditable());
    }

    [Fact]
    public void SubmittedEntries_AreNotApproved_AndCannotBeEdited()
    {
        var entries = new[] { Entry() };
        Timesheet.Open(Guid.NewGuid(), Monday).Submit(entries, Now);
        entries[0].Approval.ShouldBe(ApprovalState.Submitted);
        Should.Throw<DomainException>(() => entries[0].EnsureEditable()).Field.ShouldBe("Approval");
    }

    [Fact]
    public void RejectedWeek_NeedsAComment_AndReturnsEntriesForEditing()
    {
        var entries = new[] { Entry() };
        var sheet = Timesheet.Open(Guid.NewGuid(), Monday);
        sheet.Submit(entries, Now);
        Should.Throw<DomainException>(() => sheet.Reject(entries, "m", "Manager", " ", Now)).Field.ShouldBe("Comment");
        sheet.Reject(entries, "m", "Manager", "Split the onsite visit", Now);
        entries[0].Approval.ShouldBe(ApprovalState.Rejected);
        entries[0].Edit(entries[0].ClientId, "onsite", entries[0].Start, 45, true, null, null, null);
        sheet.Submit(entries, Now);
        entries[0].Approval.ShouldBe(ApprovalState.Submitted);
    }

    [Fact]
    public void LateEntryInAnApprovedWeek_IsSubmittedAgain_WithoutUnlockingTheApprovedOnes()
    {
        var first = Entry();
        var sheet = Timesheet.Open(Guid.NewGuid(), Monday);
        sheet.Submit([first], Now);
        sheet.Approve([first], "m", "Manager", null, Now);
        var late = Entry(15);
        sheet.Submit([first, late], Now);
        first.Approval.ShouldBe(ApprovalState.Approved);
        late.Approval.ShouldBe(ApprovalState.Submitted);
        Should.Throw<DomainException>(() => sheet.Submit([first, late], Now)).Message.ShouldContain("already submitted");
    }

    [Fact]
    public void EmptyWeek_CannotBeSubmitted() =>
        Should.Throw<DomainException>(() => Timesheet.Open(Guid.NewGuid(), Monday).Submit([], Now)).Field.ShouldBe("Week");

    [Fact]
    public void Timesheet_MustStartOnMonday() =>
        Should.Throw<DomainException>(() => Timesheet.Open(Guid.NewGuid(), Monday.AddDays(1)));

    [Fact]
    public void Adjustment_OfALockedEntry_IsRecordedWithItsReasonAndChange()
    {
        var entry = Entry();
        entry.Approve();
        var adjustment = TimeAdjustment.Apply(entry, EntryBilling.NotBilled, entry.Start, 45, "remote", true, "Client call was shorter", "m", "Manager", Now);
        entry.Minutes.ShouldBe(45);
        entry.IsLocked.ShouldBeTrue();
        adjustment.Change.ShouldBe("Minutes 60 → 45");
        adjustment.Reason.ShouldBe("Client call was shorter");
    }

    [Fact]
    public void Adjustment_NeedsAReason_AndOnlyAppliesToLockedUninvoicedEntries()
    {
        var draft = Entry();
        Should.Throw<DomainException>(() => TimeAdjustment.Apply(draft, EntryBilling.NotBilled, draft.Start, 30, "remote", true, "r", "m", "M", Now)).Field.ShouldBe("Approval");
        var approved = Entry();
        approved.Approve();
        Should.Throw<DomainException>(() => TimeAdjustment.Apply(approved, EntryBilling.NotBilled, approved.Start, 30, "remote", true, "", "m", "M", Now)).Field.ShouldBe("Reason");
        var billed = Should.Throw<BusinessRuleViolationException>(() => TimeAdjustment.Apply(approved, EntryBilling.On("INV-00007"), approved.Start, 30, "remote", true, "r", "m", "M", Now));
        billed.Rule.ShouldBeOfType<BilledTimeIsNotAdjusted>();
        billed.Message.ShouldContain("INV-00007");
        approved.Minutes.ShouldBe(60);
    }

    [Fact]
    public void Entry_LinkedToATaskAndAnAgreement_IsRefused() =>
        Should.Throw<DomainException>(() => TimeEntry.Create(Guid.NewGuid(), Guid.NewGuid(), "remote", DateTime.Today, 10, true, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()))
            .Field.ShouldBe("Agreement");
}
