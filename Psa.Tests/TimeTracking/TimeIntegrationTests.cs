using Psa.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Clients;
using Psa.Domain.Projects;
using Psa.Domain.TimeTracking;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Web.TimeTracking;
using Quartz;
using Shouldly;

namespace Psa.Tests.TimeTracking;

/// <summary>A clock the test moves; everything that asks for "now" gets it.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Timers, timesheets and reports through the real services on a real workspace database.</summary>
public sealed class TimeIntegrationTests(ClockedAppFactory app) : IAsyncLifetime, IClassFixture<ClockedAppFactory>
{
    private readonly TestClock _clock = app.ClockAt(new DateTimeOffset(2026, 11, 17, 9, 0, 0, TimeSpan.Zero)); // Tue 09:00 London
    private readonly PsaAppFactory _app = app;
    private readonly string _timecoSlug = app.NewSlug("timeco");
    private AsyncServiceScope _scope;
    private Guid _engineerId;
    private Guid _taskId;
    private Guid _otherTaskId;
    private Guid _projectId;
    private string _ownerUserId = "";

    public async Task InitializeAsync()
    {
        var tenant = await _app.CreateTenantAsync(_timecoSlug);
        _scope = _app.Service<TenantScopeFactory>().Open(tenant.Tenant);
        _ownerUserId = tenant.OwnerUserId;
        _engineerId = (await Get<EngineerDirectory>().ForUserAsync(tenant.OwnerUserId)).Id;
        await using var db = Get<TenantDbContextFactory>().Create();
        var client = Client.Create("contoso", "Contoso", 0m);
        var project = Project.Create("contoso-m365", client.Id, "M365 migration");
        project.BudgetHours = 10;
        var phase = ProjectPhase.Create(project.Id, 1, "Plan");
        var task = ProjectTask.Create(project.Id, phase.Id, "Mailbox audit");
        var other = ProjectTask.Create(project.Id, phase.Id, "Licences");
        db.AddRange(client, project, phase, task, other);
        await db.SaveChangesAsync();
        (_taskId, _otherTaskId, _projectId) = (task.Id, other.Id, project.Id);
    }

    private T Get<T>() where T : notnull => _scope.ServiceProvider.GetRequiredService<T>();

    [Fact]
    public async Task StartingASecondTimer_StopsTheFirst_AndSavesItsEntry()
    {
        var timers = Get<TimerService>();
        await timers.StartOnTaskAsync(_taskId, _engineerId);
        _clock.Now = _clock.Now.AddMinutes(25);
        await timers.StartOnTaskAsync(_otherTaskId, _engineerId);

        var running = await timers.ForEngineerAsync(_engineerId);
        running.Single().TaskId.ShouldBe(_otherTaskId);
        var entries = await Get<TimeEntryService>().ListAsync(_engineerId, new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 23));
        entries.Single().ShouldSatisfyAllConditions(
            e => e.TaskId.ShouldBe(_taskId),
            e => e.Minutes.ShouldBe(25),
            e => e.Start.ShouldBe(new DateTime(2026, 11, 17, 9, 0, 0)),
            e => e.Tiers.ShouldBe(new TierBreakdown(25, 0, 0)));
    }

    [Fact]
    public async Task TheDatabase_RefusesASecondRunningTimerForOneEngineer()
    {
        await Get<TimerService>().StartOnTaskAsync(_taskId, _engineerId);
        await using var db = Get<TenantDbContextFactory>().Create();
        var client = await db.Clients.FirstAsync();
        db.Timers.Add(RunningTimer.Start(_engineerId, client.Id, null, null, null, "remote", true, "x", _clock.Now));
        await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task TaskStatus_InProgressStartsTheTimer_DoneStopsIt()
    {
        var timers = Get<TimerService>();
        var plans = Get<Psa.Web.Projects.PlanEditor>();
        await plans.AssignAsync(_projectId, _taskId, _engineerId);
        await plans.ChangeStatusAsync(_projectId, _taskId, ProjectTaskStatus.InProgress, _ownerUserId);
        (await timers.ForEngineerAsync(_engineerId)).Single().TaskId.ShouldBe(_taskId);
        _clock.Now = _clock.Now.AddMinutes(90);
        await plans.ChangeStatusAsync(_projectId, _taskId, ProjectTaskStatus.Done, _ownerUserId);
        (await timers.ForEngineerAsync(_engineerId)).ShouldBeEmpty();
        (await Get<TimeEntryService>().ListAsync(_engineerId, new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 23))).Single().Minutes.ShouldBe(90);
    }

    [Fact]
    public async Task MovingSomeoneElsesCard_StartsNoTimerForTheMover_MovingYourOwnStartsYours()
    {
        var plans = Get<Psa.Web.Projects.PlanEditor>();
        var timers = Get<TimerService>();
        Guid tomId;
        await using (var db = Get<TenantDbContextFactory>().Create())
        {
            var tom = Psa.Domain.Engineers.Engineer.Create("tom", "Tom", 40m);
            db.Engineers.Add(tom);
            await db.SaveChangesAsync();
            tomId = tom.Id;
        }

        await plans.AssignAsync(_projectId, _taskId, tomId);
        await plans.ChangeStatusAsync(_projectId, _taskId, ProjectTaskStatus.InProgress, _ownerUserId);
        (await timers.ForEngineerAsync(_engineerId)).ShouldBeEmpty();
        (await timers.ForEngineerAsync(tomId)).ShouldBeEmpty();

        await plans.AssignAsync(_projectId, _otherTaskId, _engineerId);
        await plans.ChangeStatusAsync(_projectId, _otherTaskId, ProjectTaskStatus.InProgress, _ownerUserId);
        (await timers.ForEngineerAsync(_engineerId)).Single().TaskId.ShouldBe(_otherTaskId);
    }

    [Fact]
    public async Task EngineerForAUser_GetsTheSameCodeWhereverItIsMade_NameThenNameDashTwo()
    {
        await using (var db = Get<TenantDbContextFactory>().Create())
        {
            db.Engineers.Add(Psa.Domain.Engineers.Engineer.Create("tom", "Tom (contractor)", 50m));
            await db.SaveChangesAsync();
        }

        // Billing staff get an engineer row only when they first log time (the directory); engineers at once (the provisioner).
        var billing = await TenantProvisioner.CreateUserAsync(_scope.ServiceProvider, "Tom Billing", "tom@example.com", Psa.Tests.Support.TestData.Password, "Billing");
        (await Get<EngineerDirectory>().ForUserAsync(billing)).Code.ShouldBe("tom-2");
        var engineer = await TenantProvisioner.CreateUserAsync(_scope.ServiceProvider, "Tom Engineer", "tom@example.org", Psa.Tests.Support.TestData.Password, "Engineer");
        (await Get<EngineerDirectory>().ForUserAsync(engineer)).Code.ShouldBe("tom-3");
    }

    [Fact]
    public async Task TimerPastMidnight_IsHeldUntilConfirmed_ThenSavedOnePerDay()
    {
        var timers = Get<TimerService>();
        _clock.Now = new DateTimeOffset(2026, 11, 17, 22, 0, 0, TimeSpan.Zero);
        await timers.StartOnTaskAsync(_taskId, _engineerId);
        _clock.Now = _clock.Now.AddHours(3);
        var stop = await timers.StopAsync(_engineerId);
        stop.Saved.ShouldBeFalse();
        stop.NeedsConfirmation.ShouldBeTrue();
        var held = (await timers.ForEngineerAsync(_engineerId)).Single();
        held.AwaitingConfirmation.ShouldBeTrue();

        _clock.Now = _clock.Now.AddHours(5); // confirming later does not add the time spent waiting
        var saved = await timers.ResolveAsync(_engineerId, held.Id, save: true);
        saved.Minutes.ShouldBe(180);
        var entries = await Get<TimeEntryService>().ListAsync(_engineerId, new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 23));
        entries.Select(e => (e.Start, e.Minutes)).ShouldBe([(new DateTime(2026, 11, 17, 22, 0, 0), 120), (new DateTime(2026, 11, 18, 0, 0, 0), 60)]);
    }

    [Fact]
    public async Task TimerRunningIntoAnApprovedWeek_IsHeld_AndSavingLeavesTheApprovedWeekAsItWas()
    {
        var timers = Get<TimerService>();
        var entries = Get<TimeEntryService>();
        var sheets = Get<TimesheetService>();
        var weekOf9Nov = new DateOnly(2026, 11, 9);
        _clock.Now = new DateTimeOffset(2026, 11, 13, 14, 0, 0, TimeSpan.Zero); // Fri 14:00 London
        await entries.CreateAsync(_engineerId, new TimeEntryInput { TaskId = _taskId, Date = new DateTime(2026, 11, 10), StartTime = new TimeOnly(9, 0), Minutes = 60, WorkTypeCode = "project" });
        await timers.StartOnTaskAsync(_taskId, _engineerId);
        await sheets.SubmitAsync(_engineerId, weekOf9Nov);
        await sheets.ApproveAsync((await sheets.ListAsync()).Single().Id!.Value, "manager-id", "Mia Manager", null);

        _clock.Now = _clock.Now.AddHours(1);
        var stop = await timers.StopAsync(_engineerId);
        (stop.Saved, stop.NeedsConfirmation, stop.LockedWeek).ShouldBe((false, true, (DateOnly?)weekOf9Nov), "an hour inside the approved week waits for the engineer");
        var held = (await timers.ForEngineerAsync(_engineerId)).ShouldHaveSingleItem();
        held.LockedWeek.ShouldBe(weekOf9Nov);
        var saved = await timers.ResolveAsync(_engineerId, held.Id, save: true);
        (saved.Saved, saved.Minutes, saved.RefusedMinutes).ShouldBe((false, 0, 60));
        (await timers.ForEngineerAsync(_engineerId)).ShouldBeEmpty();

        // A timer from Sunday night into Monday, stopped by starting another: only Monday's half hour is saved.
        _clock.Now = new DateTimeOffset(2026, 11, 15, 23, 30, 0, TimeSpan.Zero);
        await timers.StartOnTaskAsync(_taskId, _engineerId);
        _clock.Now = _clock.Now.AddHours(1);
        await timers.StartOnTaskAsync(_otherTaskId, _engineerId);
        var sunday = (await timers.ForEngineerAsync(_engineerId)).Single(t => t.AwaitingConfirmation);
        sunday.LockedWeek.ShouldBe(weekOf9Nov);
        var monday = await timers.ResolveAsync(_engineerId, sunday.Id, save: true);
        (monday.Saved, monday.Minutes, monday.RefusedMinutes).ShouldBe((true, 30, 30));

        var week = await sheets.WeekAsync(_engineerId, weekOf9Nov);
        week.State.ShouldBe(TimesheetState.Approved);
        (await entries.ListAsync(_engineerId, weekOf9Nov, weekOf9Nov.AddDays(7))).ShouldHaveSingleItem().IsLocked.ShouldBeTrue();
        (await entries.ListAsync(_engineerId, weekOf9Nov.AddDays(7), weekOf9Nov.AddDays(14))).ShouldHaveSingleItem().Start.ShouldBe(new DateTime(2026, 11, 16, 0, 0, 0));
    }

    [Fact]
    public async Task SubmitApproveAdjust_LocksEntries_AndFeedsReportsAndActuals()
    {
        var entries = Get<TimeEntryService>();
        var (clients, _, _) = await entries.PicklistsAsync();
        var id = await entries.CreateAsync(_engineerId, new TimeEntryInput { TaskId = _taskId, Date = new DateTime(2026, 11, 17), StartTime = new TimeOnly(17, 0), Minutes = 120, WorkTypeCode = "project" });
        await entries.CreateAsync(_engineerId, new TimeEntryInput { ClientId = clients[0].Id, Date = new DateTime(2026, 11, 18), StartTime = new TimeOnly(9, 0), Minutes = 30, WorkTypeCode = "admin", Billable = false });
        (await entries.ListAsync(_engineerId, new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 23))).First().Tiers.ShouldBe(new TierBreakdown(60, 60, 0));

        var sheets = Get<TimesheetService>();
        var week = await sheets.SubmitAsync(_engineerId, new DateOnly(2026, 11, 18));
        week.State.ShouldBe(TimesheetState.Submitted);
        (await Get<Psa.Web.Projects.ProjectQueries>().GetAsync(_projectId))!.Budget.UnapprovedHours.ShouldBe(2m);
        await Should.ThrowAsync<Psa.Domain.DomainException>(() => entries.DeleteAsync(_engineerId, id));

        var pending = (await sheets.ListAsync()).Single();
        await sheets.ApproveAsync(pending.Id!.Value, "manager-id", "Mia Manager", "Thanks");
        await Should.ThrowAsync<Psa.Domain.DomainException>(() => entries.UpdateAsync(_engineerId, id,
            new TimeEntryInput { TaskId = _taskId, Date = new DateTime(2026, 11, 17), StartTime = new TimeOnly(17, 0), Minutes = 60, WorkTypeCode = "project" }));

        await entries.AdjustAsync(id, new DateTime(2026, 11, 17, 17, 0, 0), 90, "project", true, "Overlapped a call", "manager-id", "Mia Manager");
        (await entries.AdjustmentsAsync([id])).Single().Change.ShouldBe("Minutes 120 → 90");

        var report = await Get<TimeReportService>().RunAsync(new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 22));
        var me = report.Engineers.Single(e => e.EngineerId == _engineerId);
        me.BillableHours.ShouldBe(1.5m);
        me.NonBillableHours.ShouldBe(0.5m);
        me.CapacityHours.ShouldBe(40m);
        report.Projects.Single().ApprovedHours.ShouldBe(1.5m);
        TimeReportService.UtilisationCsv(report).ShouldContain("Engineer,Billable hours,Non-billable hours,Capacity hours,Utilisation %");
        (await Get<Psa.Web.Projects.ProjectQueries>().GetAsync(_projectId))!.Budget.ShouldSatisfyAllConditions(
            a => a.ApprovedHours.ShouldBe(1.5m), a => a.UnapprovedHours.ShouldBe(0m));
    }

    [Fact]
    public async Task ManualEntry_WithMissingFields_NamesEachField()
    {
        var ex = await Should.ThrowAsync<ValidationFailedException>(() => Get<TimeEntryService>().CreateAsync(_engineerId, new TimeEntryInput { Minutes = 0 }));
        ex.Errors.Select(e => e.Field).ShouldBe(["Client", "Date", "Start time", "Minutes", "Work type"], ignoreOrder: true);
    }

    public async Task DisposeAsync()
    {
        await _scope.DisposeAsync();
    }
}

/// <summary>The Monday-09:00 reminder, run by Quartz inside the host, for workspaces in different zones.</summary>
public sealed class TimesheetReminderJobTests : IAsyncLifetime
{
    // Monday 23 Nov 2026 08:30 UTC: 09:30 in Berlin (due), 08:30 in London (not yet).
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 11, 23, 8, 30, 0, TimeSpan.Zero));
    private readonly PsaAppFactory _app = new();

    public Task InitializeAsync()
    {
        _app.ConfigureTestServices = s => s.AddSingleton<TimeProvider>(_clock);
        return Task.CompletedTask;
    }

    [Fact]
    public void LastDue_IsMonday0900OnTheWorkspaceWallClock()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        ReminderSchedule.LastDue(_clock.Now, berlin).ShouldBe(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        ReminderSchedule.LastDue(_clock.Now, london).ShouldBe(new DateTimeOffset(2026, 11, 16, 9, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task Reminder_GoesToEngineersWithAnUnsubmittedLastWeek_InWorkspacesWhoseMondayNineHasCome()
    {
        var berlin = await CreateAsync("berlin", "Europe/Berlin", submitLastWeek: false);
        var berlinDone = await CreateAsync("berlin2", "Europe/Berlin", submitLastWeek: true);
        var london = await CreateAsync("london", "Europe/London", submitLastWeek: false);

        await RunJobAsync();
        (await OutboxAsync(berlin)).ShouldHaveSingleItem().ShouldContain("week of 16 Nov 2026");
        (await OutboxAsync(berlinDone)).ShouldBeEmpty();
        (await OutboxAsync(london)).ShouldBeEmpty();

        await RunJobAsync(); // the week's reminder goes once
        (await OutboxAsync(berlin)).Count.ShouldBe(1);

        _clock.Now = _clock.Now.AddHours(1); // 09:30 in London
        await RunJobAsync();
        (await OutboxAsync(london)).ShouldHaveSingleItem();
    }

    private async Task<TenantInfo> CreateAsync(string slug, string zone, bool submitLastWeek)
    {
        var result = await _app.CreateTenantAsync(slug);
        await using var scope = _app.Service<TenantScopeFactory>().Open(result.Tenant);
        var engineer = await scope.ServiceProvider.GetRequiredService<EngineerDirectory>().ForUserAsync(result.OwnerUserId);
        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        (await db.Settings.SingleAsync()).TimeZone = zone;
        db.Outbox.RemoveRange(db.Outbox);
        if (submitLastWeek)
        {
            var client = Client.Create("c", "C", 0m);
            var entry = TimeEntry.Create(engineer.Id, client.Id, "remote", new DateTime(2026, 11, 17, 9, 0, 0), 60, true);
            var sheet = Timesheet.Open(engineer.Id, new DateOnly(2026, 11, 16));
            sheet.Submit([entry], _clock.Now);
            db.AddRange(client, entry, sheet);
        }

        await db.SaveChangesAsync();
        return result.Tenant;
    }

    private async Task<List<string>> OutboxAsync(TenantInfo tenant)
    {
        await using var scope = _app.Service<TenantScopeFactory>().Open(tenant);
        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        return await db.Outbox.Select(m => m.Subject).ToListAsync();
    }

    private async Task RunJobAsync()
    {
        await SchedulerTesting.RunJobOnceAsync(await SchedulerTesting.RunningSchedulerAsync(_app.Service<ISchedulerFactory>()), TimesheetReminderJob.Key, TimeSpan.FromSeconds(20));
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }
}
