using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Psa.Domain.Billing.Ledger;
using Psa.Domain.Tenancy;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Psa.Tests.TimeTracking;
using Psa.Web.Billing;
using Quartz;
using Shouldly;

namespace Psa.Tests.Billing;

/// <summary>Settings → Billing: validation by field and the workspace's own Quartz trigger in its time zone.</summary>
public sealed class BillingScheduleTests : IDisposable
{
    private readonly PsaAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task SavingTheSchedule_ReschedulesTheWorkspaceTrigger_AtThatTimeInItsZone()
    {
        await using var scope = await WorkspaceAsync("Pacific/Auckland");
        var settings = scope.ServiceProvider.GetRequiredService<BillingSettingsService>();
        var scheduler = _app.Service<BillingScheduler>();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland");

        (await settings.SaveAsync(Preferences(15, new TimeOnly(7, 30)))).ShouldBeEmpty();
        var first = TimeZoneInfo.ConvertTime((await scheduler.NextFireUtcAsync("acme"))!.Value, zone);
        (first.Day, first.Hour, first.Minute, first.Offset).ShouldBe((15, 7, 30, zone.GetUtcOffset(first)));
        first.ShouldBeGreaterThan(DateTimeOffset.UtcNow);
        first.ShouldBeLessThanOrEqualTo(DateTimeOffset.UtcNow.AddMonths(1).AddDays(1));

        (await settings.SaveAsync(Preferences(3, new TimeOnly(22, 45)))).ShouldBeEmpty();
        var second = TimeZoneInfo.ConvertTime((await scheduler.NextFireUtcAsync("acme"))!.Value, zone);
        (second.Day, second.Hour, second.Minute).ShouldBe((3, 22, 45));
        var expected = BillingSchedule.NextRun(Preferences(3, new TimeOnly(22, 45)), TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
        second.DateTime.ShouldBe(expected);

        var off = Preferences(3, new TimeOnly(22, 45));
        off.ScheduleEnabled = false;
        (await settings.SaveAsync(off)).ShouldBeEmpty();
        (await scheduler.NextFireUtcAsync("acme")).ShouldBeNull();

        var stored = await settings.GetAsync();
        (stored.RunDayOfMonth, stored.RunTime, stored.ScheduleEnabled, stored.PaymentTermsDays, stored.SellerVatId)
            .ShouldBe((3, new TimeOnly(22, 45), false, 14, "NL123456789B01"));
    }

    [Fact]
    public async Task BillingTick_GivesAWorkspaceWithoutATriggerItsOwn()
    {
        await using var scope = await WorkspaceAsync("America/New_York");
        var scheduler = _app.Service<BillingScheduler>();
        (await scheduler.NextFireUtcAsync("acme")).ShouldBeNull();

        await SchedulerTesting.RunJobOnceAsync(await SchedulerTesting.RunningSchedulerAsync(_app.Service<ISchedulerFactory>()), BillingScheduleJob.Key, TimeSpan.FromSeconds(30));

        var next = TimeZoneInfo.ConvertTime((await scheduler.NextFireUtcAsync("acme"))!.Value, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        (next.Day, next.Hour, next.Minute).ShouldBe((1, 6, 0));
    }

    [Fact]
    public async Task BillingTick_CatchesUpAMissedRun_AndBillsThePeriodOnce()
    {
        // 5 Dec 2026 10:00 UTC: the 1 Dec 06:00 run in New York was missed (server down).
        _app.ConfigureTestServices = s => s.AddSingleton<TimeProvider>(new TestClock(new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero)));
        await using var scope = await WorkspaceAsync("America/New_York");
        await CreatedAsync(new DateTimeOffset(2026, 10, 20, 9, 0, 0, TimeSpan.Zero));
        var scheduler = await SchedulerTesting.RunningSchedulerAsync(_app.Service<ISchedulerFactory>());

        await SchedulerTesting.RunJobOnceAsync(scheduler, BillingScheduleJob.Key, TimeSpan.FromSeconds(30));
        await SchedulerTesting.RunJobOnceAsync(scheduler, BillingScheduleJob.Key, TimeSpan.FromSeconds(30));

        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        var runs = await db.BillingRuns.Where(r => r.Trigger == "schedule").Select(r => new { r.Period, r.Status }).ToListAsync();
        runs.ShouldHaveSingleItem().ShouldBe(new { Period = "2026-11", Status = BillingRunStatus.Completed });
    }

    [Fact]
    public async Task EveryHost_RunsASchedulerOfItsOwn()
    {
        using var other = new PsaAppFactory();
        var mine = await SchedulerTesting.RunningSchedulerAsync(_app.Service<ISchedulerFactory>());
        var theirs = await SchedulerTesting.RunningSchedulerAsync(other.Service<ISchedulerFactory>());

        mine.SchedulerName.ShouldStartWith("psa-");
        theirs.SchedulerName.ShouldNotBe(mine.SchedulerName);
        (await mine.GetTrigger(new TriggerKey("billing-schedule-tick", "billing"))).ShouldNotBeNull();
        await mine.PauseAll();
        theirs.Status.ShouldBe(SchedulerStatus.Running);
        (await theirs.GetTriggerState(new TriggerKey("billing-schedule-tick", "billing"))).ShouldBe(TriggerState.Normal);
    }

    [Fact]
    public async Task SavingBadSettings_NamesEachField_AndKeepsTheSchedule()
    {
        await using var scope = await WorkspaceAsync("Europe/London");
        var settings = scope.ServiceProvider.GetRequiredService<BillingSettingsService>();
        var bad = Preferences(31, new TimeOnly(6, 0));
        bad.PaymentTermsDays = -1;
        bad.SellerVatId = "NL 123";
        bad.SellerCountryCode = "Netherlands";

        var errors = await settings.SaveAsync(bad);

        errors.Select(e => e.Field).ShouldBe(["Run day of month", "Payment terms (days)", "Seller tax ID", "Seller country"]);
        errors[0].Message.ShouldContain("between 1 and 28");
        (await settings.GetAsync()).RunDayOfMonth.ShouldBe(1);
    }

    private static BillingPreferences Preferences(int day, TimeOnly time) => new()
    {
        RunDayOfMonth = day,
        RunTime = time,
        ScheduleEnabled = true,
        PaymentTermsDays = 14,
        SellerVatId = "nl123456789b01",
        SellerCountryCode = "nl",
        SellerAddress = "Keizersgracht 1, Amsterdam",
    };

    [Fact]
    public async Task BillingTick_DoesNotCatchUpARunDueBeforeTheWorkspaceExisted()
    {
        // Signed up on 2 Dec 2026, after the 1 Dec 06:00 run: November was never this workspace's to bill by schedule.
        _app.ConfigureTestServices = s => s.AddSingleton<TimeProvider>(new TestClock(new DateTimeOffset(2026, 12, 2, 15, 0, 0, TimeSpan.Zero)));
        await using var scope = await WorkspaceAsync("America/New_York");
        var scheduler = await SchedulerTesting.RunningSchedulerAsync(_app.Service<ISchedulerFactory>());

        await SchedulerTesting.RunJobOnceAsync(scheduler, BillingScheduleJob.Key, TimeSpan.FromSeconds(30));

        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        (await db.BillingRuns.CountAsync()).ShouldBe(0);
        BillingSchedule.DuePeriod(Preferences(1, new TimeOnly(6, 0)), new DateTime(2026, 12, 2, 10, 0, 0), new HashSet<string>(), new DateTime(2026, 11, 30, 9, 0, 0))
            .ShouldNotBeNull().ToString().ShouldBe("2026-11");
    }

    private async Task CreatedAsync(DateTimeOffset createdUtc)
    {
        await using var catalog = _app.Service<DatabaseLocator>().CreateCatalog();
        (await catalog.Tenants.SingleAsync(t => t.Slug == "acme")).CreatedUtc = createdUtc;
        await catalog.SaveChangesAsync();
    }

    private async Task<AsyncServiceScope> WorkspaceAsync(string zone)
    {
        await _app.CreateTenantAsync("acme");
        var tenant = (await _app.Service<TenantDirectory>().FindAsync(TenantSlug.Parse("acme")))!;
        var scope = _app.Service<TenantScopeFactory>().Open(tenant);
        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        (await db.Settings.SingleAsync()).TimeZone = zone;
        await db.SaveChangesAsync();
        return scope;
    }
}
