using Psa.Domain.Billing.Tiers;
using Psa.Domain.Engineers;
using Psa.Domain.Projects;
using Psa.Domain.Projects.Scheduling;
using Psa.Web.Projects;
using Shouldly;

namespace Psa.Tests.Projects;

/// <summary>Issue 14 §4: tasks land on working days of their engineer's calendar, never beyond a day's hours.</summary>
public sealed class PlanSchedulerTests
{
    // Monday 14 December 2026; Christmas Day (Friday 25 Dec) is a holiday.
    private static readonly DateOnly Monday = new(2026, 12, 14);
    private static readonly DateOnly Christmas = new(2026, 12, 25);

    private static WorkCalendar Calendar() => new(
        new BusinessHours([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], TimeSpan.FromHours(9), TimeSpan.FromHours(17)),
        [Christmas]);

    private static Engineer Ana() => Engineer.Create("ana", "Ana", 50m);

    [Fact]
    public void A_task_proposed_on_a_weekend_starts_on_the_next_working_day()
    {
        var ana = Ana();
        var dates = new PlanScheduler(Calendar(), [ana]).Schedule(ana.Id, 4m, new DateOnly(2026, 12, 19), 1);
        dates.ShouldBe(new ScheduledDates(new DateOnly(2026, 12, 21), new DateOnly(2026, 12, 21), false));
    }

    [Fact]
    public void The_holiday_calendar_is_skipped_25_December_included()
    {
        var ana = Ana();
        var scheduler = new PlanScheduler(Calendar(), [ana]);
        scheduler.Schedule(ana.Id, 8m, Christmas, 1).Start.ShouldBe(new DateOnly(2026, 12, 28));

        // Three days of work from Thursday 24 Dec: Thursday, then Monday and Tuesday after the holiday weekend.
        var overHoliday = scheduler.Schedule(null, 0m, new DateOnly(2026, 12, 24), 3);
        overHoliday.ShouldBe(new ScheduledDates(new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 29), false));
        scheduler.Calendar.WhyNotWorking(ana, Christmas).ShouldBe("a holiday");
    }

    [Fact]
    public void Time_off_moves_the_task_past_it()
    {
        var ana = Ana();
        ana.AddTimeOff(Monday, Monday.AddDays(1), "Course");
        var dates = new PlanScheduler(Calendar(), [ana]).Schedule(ana.Id, 8m, Monday, 1);
        dates.Start.ShouldBe(Monday.AddDays(2));
        Calendar().WhyNotWorking(ana, Monday).ShouldBe("Ana's time off");
    }

    [Fact]
    public void Two_eight_hour_tasks_for_one_engineer_take_two_days_not_one()
    {
        var ana = Ana();
        var scheduler = new PlanScheduler(Calendar(), [ana]);
        var first = scheduler.Schedule(ana.Id, 8m, Monday, 1);
        var second = scheduler.Schedule(ana.Id, 8m, Monday, 1);
        first.Start.ShouldBe(Monday);
        second.Start.ShouldBe(Monday.AddDays(1));
        scheduler.BookedOn(ana.Id, Monday).ShouldBe(8m);
        scheduler.BookedOn(ana.Id, Monday.AddDays(1)).ShouldBe(8m);
    }

    [Fact]
    public void Hours_beyond_one_day_stretch_the_task_and_existing_work_is_counted()
    {
        var ana = Ana();
        var scheduler = new PlanScheduler(Calendar(), [ana]);
        scheduler.Book(ana.Id, Monday, Monday, 6m);
        // 16 h need two days; Monday has only 2 h left, so the task runs Tuesday and Wednesday.
        scheduler.Schedule(ana.Id, 16m, Monday, 1).ShouldBe(new ScheduledDates(Monday.AddDays(1), Monday.AddDays(2), false));
        // 2 h still fit on Monday.
        scheduler.Schedule(ana.Id, 2m, Monday, 1).Start.ShouldBe(Monday);
    }

    [Fact]
    public void An_engineers_own_working_days_are_used()
    {
        var tom = Engineer.Create("tom", "Tom", 50m);
        tom.SetWorkingDays(WorkingDays.Tuesday | WorkingDays.Wednesday | WorkingDays.Thursday | WorkingDays.Friday);
        var dates = new PlanScheduler(Calendar(), [tom]).Schedule(tom.Id, 10m, Monday, 1);
        dates.ShouldBe(new ScheduledDates(Monday.AddDays(1), Monday.AddDays(1), false));
        Calendar().WhyNotWorking(tom, Monday).ShouldBe("not a working day for Tom");
    }

    [Fact]
    public void A_draft_keeps_successors_after_their_predecessors_once_dates_move()
    {
        var ana = Ana();
        var draft = new DeploymentDraft
        {
            Start = Monday,
            Phases =
            [
                new DraftPhase { Key = "p1", Name = "Build", Tasks =
                [
                    new DraftTask { Key = "a", Title = "Rack", EstimateMinutes = 480, Start = Monday, Due = Monday, AssigneeEngineerId = ana.Id },
                    new DraftTask { Key = "b", Title = "Cable", EstimateMinutes = 480, Start = Monday, Due = Monday, AssigneeEngineerId = ana.Id },
                ] },
                new DraftPhase { Key = "p2", Name = "Cut-over", DependsOn = ["p1"], Tasks =
                [
                    // Proposed on Sunday 20 Dec, and on Christmas Day.
                    new DraftTask { Key = "c", Title = "Switch DNS", EstimateMinutes = 240, Start = new DateOnly(2026, 12, 20), Due = new DateOnly(2026, 12, 20), AssigneeEngineerId = ana.Id },
                    new DraftTask { Key = "d", Title = "Hypercare", EstimateMinutes = 480, Start = Christmas, Due = Christmas, Predecessors = ["c"] },
                ] },
            ],
        };

        new PlanScheduler(Calendar(), [ana]).ScheduleDraft(draft);

        var tasks = draft.IncludedTasks.ToDictionary(t => t.Key);
        tasks["a"].Start.ShouldBe(Monday);
        tasks["b"].Start.ShouldBe(Monday.AddDays(1));
        tasks["c"].Start.ShouldBe(new DateOnly(2026, 12, 21));
        tasks["d"].Start.ShouldBe(new DateOnly(2026, 12, 28));
        draft.IncludedTasks.ShouldAllBe(t => Calendar().IsWorkingDay(null, t.Start!.Value) && Calendar().IsWorkingDay(null, t.Due!.Value));
    }

    [Fact]
    public void Workload_counts_holidays_out_of_capacity_and_puts_weekend_work_on_the_next_working_day()
    {
        var ana = Ana();
        var project = Project.Create("weekend", Guid.NewGuid(), "Weekend work");
        var phase = ProjectPhase.Create(project.Id, 1, "Change");
        var plan = new ProjectPlan(project, [phase], [], []);
        var sundayTask = plan.AddTask(phase.Id, "Weekend change", 240, new DateOnly(2026, 12, 27), new DateOnly(2026, 12, 27));
        plan.AssignTask(sundayTask.Id, ana.Id, null);
        var grid = WorkloadService.Build(new DateOnly(2026, 12, 21), 2, Calendar(), [ana], [sundayTask], new Dictionary<Guid, string>());
        var weeks = grid.Rows.Single().Weeks;
        weeks[0].CapacityHours.ShouldBe(32m);
        weeks[0].PlannedHours.ShouldBe(0m);
        weeks[1].CapacityHours.ShouldBe(40m);
        weeks[1].PlannedHours.ShouldBe(4m);
    }
}
