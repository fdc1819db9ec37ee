using Psa.Domain;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Tiers;
using Psa.Domain.Common;
using Psa.Domain.Contracts;
using Psa.Domain.ServiceDesk;
using Psa.Domain.ServiceDesk.Rules;
using Shouldly;

namespace Psa.Tests.ServiceDesk;

/// <summary>Builders shared by the service desk's domain tests: a Mon–Fri 08:00–18:00 London calendar.</summary>
internal static class Desk
{
    public static readonly BusinessHours Hours = new([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        TimeSpan.FromHours(8), TimeSpan.FromHours(18));

    public static BusinessClock Clock(string zone = "Europe/London", params string[] holidays) =>
        new(Hours, holidays.Select(DateOnly.Parse), TimeZoneInfo.FindSystemTimeZoneById(zone));

    /// <summary>London wall time in November is UTC.</summary>
    public static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc + "Z", System.Globalization.CultureInfo.InvariantCulture);

    public static readonly Guid Client = Guid.NewGuid();

    public static Ticket Ticket(DateTimeOffset opened, TicketImpact impact = TicketImpact.High, TicketUrgency urgency = TicketUrgency.High, int number = 1, Guid? client = null) =>
        Domain.ServiceDesk.Ticket.Open(number, client ?? Client, null, null, TicketType.Incident, impact, urgency, "Printer down", "Nothing prints", "remote", null,
            TicketSource.Staff, "Priya", opened);

    public static Ticket Assigned(DateTimeOffset opened, BusinessClock clock, int number = 1)
    {
        var ticket = Ticket(opened, number: number);
        ticket.ApplySla(SlaPolicy.StandardDefault(), clock);
        ticket.Assign(Guid.NewGuid(), "Tom", "manual dispatch", "Priya", opened);
        return ticket;
    }
}

public sealed class PriorityMatrixTests
{
    [Theory]
    [InlineData(TicketImpact.High, TicketUrgency.High, TicketPriority.P1)]
    [InlineData(TicketImpact.High, TicketUrgency.Medium, TicketPriority.P2)]
    [InlineData(TicketImpact.Medium, TicketUrgency.High, TicketPriority.P2)]
    [InlineData(TicketImpact.Medium, TicketUrgency.Medium, TicketPriority.P3)]
    [InlineData(TicketImpact.High, TicketUrgency.Low, TicketPriority.P3)]
    [InlineData(TicketImpact.Low, TicketUrgency.High, TicketPriority.P3)]
    [InlineData(TicketImpact.Low, TicketUrgency.Medium, TicketPriority.P4)]
    [InlineData(TicketImpact.Low, TicketUrgency.Low, TicketPriority.P4)]
    public void PriorityFollowsImpactTimesUrgency(TicketImpact impact, TicketUrgency urgency, TicketPriority expected)
    {
        PriorityMatrix.For(impact, urgency).ShouldBe(expected);
        Desk.Ticket(Desk.At("2026-11-17T09:00"), impact, urgency).Priority.ShouldBe(expected);
    }

    [Fact]
    public void EditingImpact_ChangesPriority_AndLogsIt()
    {
        var ticket = Desk.Ticket(Desk.At("2026-11-17T09:00"));
        ticket.Edit("Printer down", null, TicketType.Incident, TicketImpact.Low, TicketUrgency.Low, "remote", null, null, null, ["Printing", "printing", " HQ "], "Priya", Desk.At("2026-11-17T09:05"));
        ticket.Priority.ShouldBe(TicketPriority.P4);
        ticket.Tags.ShouldBe("printing,hq");
        ticket.Activity[^1].Text.ShouldBe("Details changed; priority P1 → P4");
    }
}

public sealed class BusinessClockTests
{
    [Fact]
    public void MinutesBetween_FridayAfternoonToMondayMorning_SkipsTheWeekend() =>
        Desk.Clock().MinutesBetween(Desk.At("2026-11-20T16:00"), Desk.At("2026-11-23T10:00")).ShouldBe(240);

    [Fact]
    public void MinutesBetween_OutsideTheWindow_CountsNothing() =>
        Desk.Clock().MinutesBetween(Desk.At("2026-11-17T18:30"), Desk.At("2026-11-18T07:59")).ShouldBe(0);

    [Fact]
    public void Add_SpanningAWeekend_LandsOnMonday() =>
        Desk.Clock().Add(Desk.At("2026-11-20T16:00"), 240).ShouldBe(Desk.At("2026-11-23T10:00"));

    [Fact]
    public void Add_OverAHolidayMonday_LandsOnTuesday() =>
        Desk.Clock("Europe/London", "2026-11-23").Add(Desk.At("2026-11-20T16:00"), 240).ShouldBe(Desk.At("2026-11-24T10:00"));

    [Fact]
    public void Add_FromSaturday_StartsCountingAtMondayOpening() =>
        Desk.Clock().Add(Desk.At("2026-11-21T11:00"), 60).ShouldBe(Desk.At("2026-11-23T09:00"));

    [Fact]
    public void Add_ExactlyTheRestOfTheDay_EndsAtClosingTime() =>
        Desk.Clock().Add(Desk.At("2026-11-17T17:00"), 60).ShouldBe(Desk.At("2026-11-17T18:00"));

    [Fact]
    public void TheWorkspaceZone_DecidesWhatBusinessHoursAre()
    {
        // 13:00Z is 08:00 in New York: the whole New York business day follows.
        var clock = Desk.Clock("America/New_York");
        clock.Add(Desk.At("2026-11-17T12:00"), 600).ShouldBe(Desk.At("2026-11-17T23:00"));
        clock.MinutesBetween(Desk.At("2026-11-17T12:00"), Desk.At("2026-11-17T14:00")).ShouldBe(60);
    }

    [Fact]
    public void ACalendarWithoutBusinessDays_IsRefusedRatherThanLoopingForever() =>
        Should.Throw<InvalidOperationException>(() =>
            new BusinessClock(new BusinessHours([], TimeSpan.FromHours(8), TimeSpan.FromHours(18)), [], TimeZoneInfo.Utc).Add(Desk.At("2026-11-17T09:00"), 1));
}

public sealed class SlaClockTests
{
    [Fact]
    public void P1OpenedFridayAfternoon_IsDueMondayMorning()
    {
        var clock = Desk.Clock();
        var ticket = Desk.Ticket(Desk.At("2026-11-20T16:00"));
        ticket.ApplySla(SlaPolicy.StandardDefault(), clock); // P1: respond in 1 h, resolve in 4 h
        ticket.ResponseDueUtc.ShouldBe(Desk.At("2026-11-20T17:00"));
        ticket.ResolutionDueUtc.ShouldBe(Desk.At("2026-11-23T10:00"));
        ticket.ResolutionWarnUtc.ShouldBe(Desk.At("2026-11-23T09:00")); // 75% of 240 = 180 minutes
    }

    [Fact]
    public void WaitingOnClient_PausesTheClock_AndTheClientsReplyRestartsIt()
    {
        var clock = Desk.Clock();
        var ticket = Desk.Assigned(Desk.At("2026-11-20T16:00"), clock);
        ticket.ChangeStatus(TicketStatus.InProgress, "Tom", Desk.At("2026-11-20T16:10"), clock);
        ticket.AddMessage(MessageKind.PublicReply, MessageAuthor.Staff, "Tom", null, null, "Which printer?", Desk.At("2026-11-20T16:20"), clock);
        ticket.ChangeStatus(TicketStatus.WaitingOnClient, "Tom", Desk.At("2026-11-20T17:00"), clock);

        ticket.IsSlaPaused.ShouldBeTrue();
        ticket.ResolutionDueUtc.ShouldBeNull();
        ticket.ElapsedMinutes(clock, Desk.At("2026-11-23T12:00")).ShouldBe(60); // frozen over the pause

        ticket.AddMessage(MessageKind.PublicReply, MessageAuthor.Contact, "Alice", null, Guid.NewGuid(), "The one on floor 2", Desk.At("2026-11-23T09:00"), clock);

        ticket.Status.ShouldBe(TicketStatus.Assigned);
        ticket.SlaPausedMinutes.ShouldBe(120); // Fri 17:00–18:00 and Mon 08:00–09:00 of business time
        ticket.ResolutionDueUtc.ShouldBe(Desk.At("2026-11-23T12:00")); // 60 used on Friday, 180 left from Monday 09:00
        ticket.ElapsedMinutes(clock, Desk.At("2026-11-23T10:00")).ShouldBe(120);
    }

    [Fact]
    public void FirstPublicReply_StopsTheResponseClock_InternalNotesDoNot()
    {
        var clock = Desk.Clock();
        var ticket = Desk.Assigned(Desk.At("2026-11-17T09:00"), clock);
        ticket.AddMessage(MessageKind.InternalNote, MessageAuthor.Staff, "Tom", null, null, "Looks like the driver", Desk.At("2026-11-17T09:10"), clock);
        ticket.FirstRespondedUtc.ShouldBeNull();
        ticket.AddMessage(MessageKind.PublicReply, MessageAuthor.Staff, "Tom", null, null, "On it", Desk.At("2026-11-17T09:30"), clock);

        ticket.ResponseMinutes.ShouldBe(30);
        ticket.ResponseDueUtc.ShouldBeNull();
        ticket.ResponseBreachedUtc.ShouldBeNull();
        ticket.Clocks(clock, Desk.At("2026-11-17T10:00")).Single(c => c.Kind == SlaClockKind.Response).ShouldSatisfyAllConditions(
            c => c.ElapsedMinutes.ShouldBe(30), c => c.MetUtc.ShouldBe(Desk.At("2026-11-17T09:30")), c => c.Breached.ShouldBeFalse());
    }

    [Fact]
    public void ALateFirstReply_RecordsTheResponseBreachAtTheDueInstant()
    {
        var clock = Desk.Clock();
        var ticket = Desk.Assigned(Desk.At("2026-11-17T09:00"), clock);
        ticket.AddMessage(MessageKind.PublicReply, MessageAuthor.Staff, "Tom", null, null, "Sorry for the wait", Desk.At("2026-11-17T11:00"), clock);
        ticket.ResponseMinutes.ShouldBe(120);
        ticket.ResponseBreachedUtc.ShouldBe(Desk.At("2026-11-17T10:00"));
    }

    [Fact]
    public void ResolvedAndReopened_TheResolvedSpanDoesNotCount()
    {
        var clock = Desk.Clock();
        var ticket = Desk.Assigned(Desk.At("2026-11-17T09:00"), clock);
        ticket.ChangeStatus(TicketStatus.Resolved, "Tom", Desk.At("2026-11-17T10:00"), clock, resolution: "Driver reinstalled");
        ticket.ResolutionMinutes.ShouldBe(60);
        ticket.Reopen("Alice", Desk.At("2026-11-17T12:00"), 7, clock, "Still broken");

        ticket.Status.ShouldBe(TicketStatus.Assigned);
        ticket.ResolutionMinutes.ShouldBeNull();
        ticket.SlaPausedMinutes.ShouldBe(120);
        ticket.ResolutionDueUtc.ShouldBe(Desk.At("2026-11-17T15:00")); // 4 h target + 2 h resolved
    }

    [Fact]
    public void Watcher_RecordsWarningAndBreachOnce()
    {
        var ticket = Desk.Assigned(Desk.At("2026-11-17T09:00"), Desk.Clock());
        ticket.RecordBreach(SlaClockKind.Resolution, Desk.At("2026-11-17T13:05")).ShouldBeTrue();
        ticket.RecordBreach(SlaClockKind.Resolution, Desk.At("2026-11-17T13:10")).ShouldBeFalse();
        ticket.ResolutionBreachedUtc.ShouldBe(Desk.At("2026-11-17T13:00"));
        ticket.RecordWarning(SlaClockKind.Response, Desk.At("2026-11-17T09:45")).ShouldBeTrue();
        ticket.RecordWarning(SlaClockKind.Response, Desk.At("2026-11-17T09:50")).ShouldBeFalse();
    }

    [Fact]
    public void AgreementPolicy_WinsOverTheDefault()
    {
        var agreement = Guid.NewGuid();
        var targets = Enum.GetValues<TicketPriority>().ToDictionary(p => p, _ => new SlaTarget(30, 120));
        var gold = SlaPolicy.Create("Gold", agreement, false, targets);
        var standard = SlaPolicy.StandardDefault();
        SlaPolicySelection.For([standard, gold], agreement).ShouldBe(gold);
        SlaPolicySelection.For([standard, gold], Guid.NewGuid()).ShouldBe(standard);
        SlaPolicySelection.For([standard, gold], null).ShouldBe(standard);
    }

    [Fact]
    public void APolicyWithResolutionShorterThanResponse_NamesTheField()
    {
        var targets = Enum.GetValues<TicketPriority>().ToDictionary(p => p, _ => new SlaTarget(60, 240));
        targets[TicketPriority.P2] = new SlaTarget(60, 30);
        Should.Throw<DomainException>(() => SlaPolicy.Create("Bad", null, true, targets)).Field.ShouldBe("P2 resolution");
    }
}

public sealed class TicketWorkflowTests
{
    private static readonly BusinessClock Clock = Desk.Clock();
    private static readonly DateTimeOffset Now = Desk.At("2026-11-17T09:00");

    private static void Broken<T>(Action action) where T : IBusinessRule =>
        Should.Throw<BusinessRuleViolationException>(action).Rule.ShouldBeOfType<T>();

    [Fact]
    public void ANewTicket_CannotJumpToResolved() =>
        Broken<StatusChangeFollowsWorkflow>(() => Desk.Ticket(Now).ChangeStatus(TicketStatus.Resolved, "Tom", Now, Clock, resolution: "x"));

    [Fact]
    public void StartingWork_NeedsAnAssignee() =>
        Broken<WorkNeedsAnAssignee>(() => Desk.Ticket(Now).ChangeStatus(TicketStatus.InProgress, "Tom", Now, Clock));

    [Fact]
    public void TheHappyPath_RunsNewToClosed_AndLogsEveryStep()
    {
        var ticket = Desk.Assigned(Now, Clock);
        ticket.Status.ShouldBe(TicketStatus.Assigned);
        ticket.ChangeStatus(TicketStatus.InProgress, "Tom", Now.AddMinutes(5), Clock);
        ticket.ChangeStatus(TicketStatus.WaitingOnClient, "Tom", Now.AddMinutes(10), Clock);
        ticket.ChangeStatus(TicketStatus.InProgress, "Tom", Now.AddMinutes(20), Clock);
        ticket.ChangeStatus(TicketStatus.Resolved, "Tom", Now.AddMinutes(30), Clock, resolution: "Replaced toner");
        ticket.ChangeStatus(TicketStatus.Closed, "Tom", Now.AddMinutes(40), Clock);

        ticket.Status.ShouldBe(TicketStatus.Closed);
        ticket.Activity.Select(a => a.Text).ShouldBe([
            "Opened #1 (Incident, P1) via staff",
            "Assigned to Tom (manual dispatch)",
            "Status Assigned → In progress",
            "Status In progress → Waiting on client",
            "Status Waiting on client → In progress",
            "Status In progress → Resolved: Replaced toner",
            "Status Resolved → Closed",
        ]);
    }

    [Fact]
    public void Resolving_NeedsAResolution()
    {
        var ticket = Desk.Assigned(Now, Clock);
        var ex = Should.Throw<BusinessRuleViolationException>(() => ticket.ChangeStatus(TicketStatus.Resolved, "Tom", Now, Clock, resolution: " "));
        ex.Rule.ShouldBeOfType<ResolutionNeedsRequiredFields>();
        ex.Field.ShouldBe("Resolution");
    }

    [Fact]
    public void Closing_WithARunningTimer_IsRefused()
    {
        var ticket = Desk.Assigned(Now, Clock);
        ticket.ChangeStatus(TicketStatus.Resolved, "Tom", Now, Clock, resolution: "Fixed");
        Broken<CannotCloseWithRunningTimer>(() => ticket.ChangeStatus(TicketStatus.Closed, "Tom", Now, Clock, timerRunning: true));
        ticket.Status.ShouldBe(TicketStatus.Resolved);
    }

    [Fact]
    public void Reopen_WithinTheWindow_Works_AfterItIsRefused()
    {
        var ticket = Desk.Assigned(Now, Clock);
        ticket.ChangeStatus(TicketStatus.Resolved, "Tom", Now, Clock, resolution: "Fixed");
        Broken<ReopenOnlyWithinWindow>(() => ticket.Reopen("Alice", Now.AddDays(8), 7, Clock));
        ticket.Reopen("Alice", Now.AddDays(6), 7, Clock);
        ticket.Status.ShouldBe(TicketStatus.Assigned);
    }

    [Fact]
    public void AnOpenTicket_CannotBeReopened() =>
        Broken<ReopenOnlyWithinWindow>(() => Desk.Assigned(Now, Clock).Reopen("Tom", Now, 7, Clock));

    [Fact]
    public void AClosedTicket_CannotChange()
    {
        var ticket = Desk.Assigned(Now, Clock);
        ticket.ChangeStatus(TicketStatus.Resolved, "Tom", Now, Clock, resolution: "Fixed");
        ticket.ChangeStatus(TicketStatus.Closed, "Tom", Now, Clock);
        Broken<ClosedTicketCannotChange>(() => ticket.AddMessage(MessageKind.PublicReply, MessageAuthor.Contact, "Alice", null, null, "Hi", Now, Clock));
        Broken<StatusChangeFollowsWorkflow>(() => ticket.ChangeStatus(TicketStatus.InProgress, "Tom", Now, Clock));
    }

    [Fact]
    public void MergingADuplicate_ClosesIt_AndCarriesItsTextToTheTarget()
    {
        var original = Desk.Assigned(Now, Clock, number: 1);
        var duplicate = Desk.Ticket(Now.AddMinutes(3), number: 2);
        duplicate.MergeInto(original, "Priya", Now.AddMinutes(5), timerRunning: false);

        duplicate.Status.ShouldBe(TicketStatus.Closed);
        duplicate.MergedIntoTicketId.ShouldBe(original.Id);
        duplicate.Resolution.ShouldBe("Duplicate of #1");
        original.Messages.Single().ShouldSatisfyAllConditions(m => m.Kind.ShouldBe(MessageKind.InternalNote), m => m.Body.ShouldStartWith("Merged from #2"));
        original.Activity[^1].Text.ShouldBe("#2 “Printer down” merged into this ticket");
    }

    [Fact]
    public void Merging_IntoAnotherClientsTicket_OrItself_IsRefused()
    {
        var mine = Desk.Ticket(Now, number: 1);
        var theirs = Desk.Ticket(Now, number: 2, client: Guid.NewGuid());
        Broken<MergeTargetMustBeAnotherOpenTicketOfTheClient>(() => mine.MergeInto(theirs, "Priya", Now, false));
        Broken<MergeTargetMustBeAnotherOpenTicketOfTheClient>(() => mine.MergeInto(mine, "Priya", Now, false));
    }

    [Fact]
    public void Merging_WithARunningTimer_IsRefused() =>
        Broken<CannotCloseWithRunningTimer>(() => Desk.Ticket(Now, number: 2).MergeInto(Desk.Ticket(Now, number: 1), "Priya", Now, timerRunning: true));

    [Fact]
    public void ParentAndChild_RefuseALoop()
    {
        var parent = Desk.Ticket(Now, number: 1);
        var child = Desk.Ticket(Now, number: 2);
        child.SetParent(parent, [], "Priya", Now);
        child.ParentTicketId.ShouldBe(parent.Id);
        Broken<ParentMustBeAnotherTicketOfTheClientWithoutLoop>(() => parent.SetParent(child, [parent.Id], "Priya", Now));
        Broken<ParentMustBeAnotherTicketOfTheClientWithoutLoop>(() => parent.SetParent(parent, [], "Priya", Now));
    }

    [Fact]
    public void ContactsCannotWriteInternalNotes() =>
        Should.Throw<DomainException>(() => Desk.Ticket(Now).AddMessage(MessageKind.InternalNote, MessageAuthor.Contact, "Alice", null, null, "psst", Now, Clock))
            .Field.ShouldBe("Kind");

    [Fact]
    public void ATitleIsRequired() =>
        Should.Throw<DomainException>(() => Ticket.Open(1, Desk.Client, null, null, TicketType.Incident, TicketImpact.Low, TicketUrgency.Low, " ", null, "remote", null, TicketSource.Portal, "Alice", Now))
            .Field.ShouldBe("Title");
}

public sealed class AgreementSelectionTests
{
    private static readonly Guid Client = Guid.NewGuid();
    private static readonly DateOnly Day = new(2026, 11, 17);

    private static ServiceAgreement Agreement(string code, AgreementType type, string[]? covers, int sequence = 0, DateOnly? end = null, Guid? client = null)
    {
        var a = ServiceAgreement.Create(code, client ?? Client, type, new DateOnly(2026, 1, 1));
        a.SetDates(new DateOnly(2026, 1, 1), end);
        a.SetCoverage(covers);
        a.Sequence = sequence;
        return a;
    }

    [Fact]
    public void ABlockWithoutAList_CoversTheTicket() =>
        AgreementSelection.For([Agreement("block", AgreementType.PrepaidHours, null)], Client, "remote", Day)!.Code.ShouldBe("block");

    [Fact]
    public void ARecurringAgreementWithoutAList_CoversNothing() =>
        AgreementSelection.For([Agreement("mss", AgreementType.Recurring, null)], Client, "remote", Day).ShouldBeNull();

    [Fact]
    public void OnlyAnAgreementListingTheWorkType_IsChosen()
    {
        var agreements = new[] { Agreement("onsite-only", AgreementType.PrepaidHours, ["onsite"], 0), Agreement("mss", AgreementType.Recurring, ["remote"], 1) };
        AgreementSelection.For(agreements, Client, "remote", Day)!.Code.ShouldBe("mss");
        AgreementSelection.For(agreements, Client, "onsite", Day)!.Code.ShouldBe("onsite-only");
        AgreementSelection.For(agreements, Client, "project", Day).ShouldBeNull();
    }

    [Fact]
    public void AnEndedAgreement_OrAnotherClients_IsNotChosen()
    {
        var agreements = new[]
        {
            Agreement("old", AgreementType.PrepaidHours, null, 0, end: new DateOnly(2026, 10, 31)),
            Agreement("theirs", AgreementType.PrepaidHours, null, 0, client: Guid.NewGuid()),
            Agreement("tm", AgreementType.TimeAndMaterials, ["remote"], 5),
        };
        AgreementSelection.For(agreements, Client, "remote", Day)!.Code.ShouldBe("tm");
    }

    [Fact]
    public void SeveralCovering_TheFirstInBillingOrderWins()
    {
        var agreements = new[] { Agreement("b", AgreementType.PrepaidHours, null, 2), Agreement("a", AgreementType.TimeAndMaterials, ["remote"], 1) };
        AgreementSelection.For(agreements, Client, "remote", Day)!.Code.ShouldBe("a");
    }
}
