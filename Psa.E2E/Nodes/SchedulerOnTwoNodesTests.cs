using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Psa.E2E.Journeys;
using Psa.E2E.Support;
using Shouldly;

namespace Psa.E2E.Nodes;

/// <summary>
/// The clustered Quartz scheduler on two real nodes: one tick across both, and a node killed halfway through the
/// scheduled billing run. One at a time, beside the other two-node tests (<see cref="E2ECollection"/>).
/// </summary>
public sealed class SchedulerOnTwoNodesTests
{
    private const int FaultClients = 40;
    private const int FaultEntriesPerClient = 60;

    [Fact]
    public async Task NodeKilledHalfwayThroughTheScheduledBillingRun_TheOtherRunsItAgain_AndEverySourceIsBilledOnce()
    {
        // Last month's work (the workspace is in UTC): 40 clients, each with a recurring agreement and 60 approved
        // half-hours of time and materials in business hours on weekdays, loaded by the command line in one go with
        // the scenario's settings (no holidays, every tier at the plain rate) before the nodes start. A run over it
        // takes seconds. The workspace has existed since before this month's run day (the 1st, 06:00): the first tick,
        // 40 s after a node builds its scheduler, finds that run missed and catches it up.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var periodStart = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var period = periodStart.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        await using var cluster = await TwoNodeCluster.StartAsync(new Dictionary<string, string>
        {
            ["Psa:Scheduler:Clustered"] = "true",
            ["Psa:Scheduler:FirstTickAfter"] = "00:00:40",
            // The test issues every draft through the API, two calls each; the API limit is proved by Psa.Tests.
            ["Psa:Api:RequestsPerMinute"] = "10000",
        }, beforeNodes: async setup =>
        {
            var file = Path.Combine(setup.DataDirectory, "last-month.json");
            await File.WriteAllTextAsync(file, LastMonthsWork(periodStart));
            var (code, output) = await setup.RunCommandAsync("import", "--tenant", TwoNodeCluster.Slug, "--scenario", file, "--with-settings");
            code.ShouldBe(0, output);
            await setup.CatalogExecuteAsync($"UPDATE \"Tenants\" SET \"CreatedUtc\" = now() - interval '45 days' WHERE \"Slug\" = '{TwoNodeCluster.Slug}'");
        });

        // Both nodes and the proxy must be up before the tick, or the run may be over before it is watched.
        Ticks(cluster).ShouldBe(0, "both nodes were up before the first billing tick (raise FirstTickAfter on a slower machine)");

        // Halfway: the run is recorded as running and its transaction has begun writing invoices and ledger keys
        // (its backend holds a transaction id), but nothing is committed.
        var halfway = false;
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            if (await RunsAsync(cluster, period, "1") > 0)
            {
                break;
            }

            if (await RunsAsync(cluster, period, "0") > 0 && (long)(await cluster.WorkspaceScalarAsync(
                    $"SELECT count(*) FROM pg_stat_activity WHERE datname = '{cluster.WorkspaceDatabase}' AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"))! > 0)
            {
                halfway = true;
                break;
            }

            await Task.Delay(50);
        }

        halfway.ShouldBeTrue("the scheduled run was caught writing, before it committed");
        var runner = cluster.A.Log.Contains("Billing tick on scheduler", StringComparison.Ordinal) ? cluster.A : cluster.B;
        var survivor = runner == cluster.A ? cluster.B : cluster.A;
        await runner.KillAsync();

        // The run's transaction died with its node: nothing of it is there, the run is not completed.
        (await RunsAsync(cluster, period, "1")).ShouldBe(0L, "the run was killed before it completed");
        (await cluster.WorkspaceScalarAsync("SELECT count(*) FROM \"Invoices\"")).ShouldBe(0L, "a killed run leaves no invoice behind");
        (await cluster.WorkspaceScalarAsync("SELECT count(*) FROM \"BilledSources\"")).ShouldBe(0L, "a killed run leaves no ledger key behind");

        // The survivor finds the dead node's check-in overdue and runs the recoverable job again.
        deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline && await RunsAsync(cluster, period, "1") == 0)
        {
            await Task.Delay(500);
        }

        (await RunsAsync(cluster, period, "1")).ShouldBe(1L, "the survivor completed the period's run\n" + survivor.Log[^Math.Min(4000, survivor.Log.Length)..]);
        survivor.Log.ShouldContain("Billing job recovered");
        (await RunsAsync(cluster, period, "0")).ShouldBe(0L, "no run is left running");
        (await RunsAsync(cluster, period, "2")).ShouldBe(1L, "the killed run is marked failed (interrupted)");

        // Every source billed exactly once: one ledger key per time entry and per recurring agreement, each time entry
        // on an invoice line; one draft per client and invoice group; the run's total is the work's worth.
        const long entries = FaultClients * FaultEntriesPerClient;
        (await cluster.WorkspaceScalarAsync("SELECT count(*) FROM \"BilledSources\" WHERE \"TimeEntryId\" IS NOT NULL AND \"InvoiceLineId\" IS NOT NULL")).ShouldBe(entries);
        (await cluster.WorkspaceScalarAsync("SELECT count(DISTINCT \"TimeEntryId\") FROM \"BilledSources\"")).ShouldBe(entries);
        (await cluster.WorkspaceScalarAsync("SELECT count(*) FROM \"TimeEntries\"")).ShouldBe(entries);
        (await cluster.WorkspaceScalarAsync("SELECT count(*) FROM \"BilledSources\" WHERE \"Key\" LIKE 'recurring:%'")).ShouldBe((long)FaultClients);
        var invoices = (long)(await cluster.WorkspaceScalarAsync($"SELECT count(*) FROM \"Invoices\" WHERE \"Period\" = '{period}'"))!;
        invoices.ShouldBeGreaterThanOrEqualTo((long)FaultClients);
        (await cluster.WorkspaceScalarAsync($"SELECT count(DISTINCT (\"ClientId\", \"Group\")) FROM \"Invoices\" WHERE \"Period\" = '{period}'")).ShouldBe(invoices, "no client and group has two drafts");
        (await cluster.WorkspaceScalarAsync("SELECT count(DISTINCT \"ClientId\") FROM \"Invoices\"")).ShouldBe((long)FaultClients);
        var expected = entries * 60m + FaultClients * 10 * 20m;
        (await cluster.WorkspaceScalarAsync($"SELECT \"Total\" FROM \"BillingRuns\" WHERE \"Period\" = '{period}' AND \"Status\" = 1")).ShouldBe(expected);
        (await cluster.WorkspaceScalarAsync("SELECT sum(\"Total\") FROM \"Invoices\"")).ShouldBe(expected);

        // Issued through the survivor's API, the drafts take the numbers 1..N with no gap: the killed run took none.
        await using var browser = await Browser.LaunchAsync();
        var site = survivor.WorkspaceUrl(TwoNodeCluster.Slug);
        var page = await browser.SignInAsync(site, TwoNodeCluster.OwnerEmail, TwoNodeCluster.Password);
        var token = await page.CreateApiTokenAsync(site, "fault test");
        using var api = new WorkspaceApi(survivor, TwoNodeCluster.Slug, token);
        var drafts = (await api.GetAsync($"/api/v1/invoices?status=Draft&period={period}")).AsArray();
        drafts.Count.ShouldBe((int)invoices);
        foreach (var draft in drafts)
        {
            var id = draft!["id"]!.GetValue<Guid>();
            await api.PostAsync($"/api/v1/invoices/{id}/approve", new { }, expectBody: false);
            await api.PostAsync($"/api/v1/invoices/{id}/issue", new { }, expectBody: false);
        }

        (await cluster.WorkspaceScalarAsync("SELECT string_agg(\"Number\"::text, ',' ORDER BY \"Number\") FROM \"Invoices\""))
            .ShouldBe(string.Join(',', Enumerable.Range(1, (int)invoices)));
    }

    [Fact]
    public async Task ClusteredScheduler_FiresTheBillingTickOnOneNodeOnly_AndTheOtherRecoversItWhenThatNodeIsKilled()
    {
        await using var cluster = await TwoNodeCluster.StartAsync(new Dictionary<string, string>
        {
            ["Psa:Scheduler:Clustered"] = "true",
            ["Psa:Scheduler:FirstTickAfter"] = "00:00:15",
        });
        var bothUp = DateTime.UtcNow;

        // Each node's tick trigger starts 15 s after its scheduler is built and repeats every ten minutes: on
        // separate in-memory schedules both nodes would tick in this window; on the shared one, one node does.
        var deadline = bothUp.AddSeconds(35);
        while (DateTime.UtcNow < deadline && Ticks(cluster) == 0)
        {
            await Task.Delay(1_000);
        }

        Ticks(cluster).ShouldBe(1, "billing tick firings across both nodes");
        await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, (deadline - DateTime.UtcNow).TotalSeconds)));
        Ticks(cluster).ShouldBe(1, "billing tick firings across both nodes");
        (await cluster.CatalogCountAsync("SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = 'psa'")).ShouldBe(2L);

        // kill -9 the node that ticked: the survivor finds its check-in overdue and recovers its triggers.
        var ticked = cluster.A.Log.Contains("Billing tick on scheduler", StringComparison.Ordinal) ? cluster.A : cluster.B;
        var deadId = Regex.Match(ticked.Log, "Billing tick on scheduler (\\S+)").Groups[1].Value;
        deadId.ShouldNotBeEmpty();
        await ticked.KillAsync();
        var recovered = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < recovered
            && await cluster.CatalogCountAsync($"SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = 'psa' AND instance_name = '{deadId}'") > 0)
        {
            await Task.Delay(1_000);
        }

        (await cluster.CatalogCountAsync($"SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = 'psa' AND instance_name = '{deadId}'"))
            .ShouldBe(0L, "the dead node's scheduler is recovered by the survivor");
        (await cluster.CatalogCountAsync("SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = 'psa'")).ShouldBe(1L);
        (await cluster.CatalogCountAsync("SELECT count(*) FROM qrtz_triggers WHERE sched_name = 'psa' AND trigger_name = 'billing-schedule-tick'")).ShouldBe(1L);
    }

    private static int Ticks(TwoNodeCluster cluster) =>
        Regex.Count(cluster.A.Log, "Billing tick on scheduler") + Regex.Count(cluster.B.Log, "Billing tick on scheduler");

    private static async Task<long> RunsAsync(TwoNodeCluster cluster, string period, string status) =>
        (long)(await cluster.WorkspaceScalarAsync(
            $"SELECT count(*) FROM \"BillingRuns\" WHERE \"Trigger\" = 'schedule' AND \"Period\" = '{period}' AND \"Status\" = {status}"))!;

    /// <summary>A psa-scenario/1 document: each client a recurring agreement (10 seats at 20) and time at 120 an hour.</summary>
    private static string LastMonthsWork(DateOnly periodStart)
    {
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var json = new StringBuilder();
        json.Append(CultureInfo.InvariantCulture, $$"""
            { "format": "psa-scenario/1", "period": "{{periodStart:yyyy-MM}}",
              "tenant": { "businessHours": { "days": ["Mon","Tue","Wed","Thu","Fri"], "start": "08:00", "end": "18:00" }, "defaultHourlyRate": 120, "glDefault": "4000" },
              "workTypes": [ { "id": "remote" } ],
              "products": [ { "id": "seat", "name": "Managed seat" } ],
            """);
        var clients = Enumerable.Range(1, FaultClients).Select(i => $"c{i:000}").ToList();
        json.Append("\"clients\": [").AppendJoin(',', clients.Select(c => $$"""{ "id": "{{c}}", "name": "Client {{c}}" }""")).Append("],\n");
        json.Append("\"engineers\": [").AppendJoin(',', clients.Select(c => $$"""{ "id": "e-{{c}}", "name": "Engineer {{c}}" }""")).Append("],\n");
        json.Append("\"agreements\": [").AppendJoin(',', clients.SelectMany(c => new[]
        {
            $$"""{ "id": "r-{{c}}", "type": "recurring", "client": "{{c}}", "start": "{{Day(periodStart)}}", "lines": [ { "product": "seat", "unitPrice": 20, "quantities": [ { "from": "{{Day(periodStart)}}", "quantity": 10 } ] } ] }""",
            $$"""{ "id": "tm-{{c}}", "type": "time_and_materials", "client": "{{c}}", "start": "{{Day(periodStart)}}", "hourlyRate": 120 }""",
        })).Append("],\n");
        var weekdays = Enumerable.Range(0, periodStart.AddMonths(1).DayNumber - periodStart.DayNumber).Select(periodStart.AddDays)
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).ToList();
        json.Append("\"timeEntries\": [").AppendJoin(',', clients.SelectMany(c => Enumerable.Range(0, FaultEntriesPerClient).Select(k =>
        {
            var start = weekdays[k % weekdays.Count].ToDateTime(new TimeOnly(9, 0)).AddMinutes(30 * (k / weekdays.Count));
            return $$"""{ "id": "T-{{c}}-{{k:000}}", "client": "{{c}}", "engineer": "e-{{c}}", "workType": "remote", "start": "{{start:yyyy-MM-ddTHH:mm}}", "minutes": 30, "billable": true, "approved": true, "agreement": "tm-{{c}}" }""";
        }))).Append("] }");
        return json.ToString();
    }
}
