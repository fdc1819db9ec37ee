using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Ledger;
using Psa.Domain.Billing.Tiers;
using Psa.Domain.Tenancy;
using Psa.FakeXero;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Billing;
using Psa.Web.Hosting;
using Psa.Web.Reconciliation;
using Psa.Web.Xero;

namespace Psa.Benchmarks;

// Issue 12 §7: reconciliation and profitability over 500 clients, 12 months of issued invoices and
// 200,000 time entries, each as a ratio to the billing preview of one month on the same data (goal
// <= 3); then the Xero calls needed to push 1,500 invoices to the fake Xero (goal: within one
// minute's limit of 60 calls, by batching). "revenue --xero-only" runs the Xero part alone.
// Invoices use GL account 200 (Sales), which the fake Xero's chart of accounts has.
public static class RevenueLoopBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        const int Clients = 500, Agreements = 1000, Entries = 200_000, Months = 12, Pushed = 1500;
        var period = BillingPeriod.Parse("2026-10");
        var first = BillingPeriod.Parse("2025-11");
        var folder = Path.Combine(Path.GetTempPath(), "psa-bench-" + Guid.NewGuid().ToString("N"));
        await using var fake = await FakeXeroServer.StartAsync(new FakeXeroOptions { CallsPerDay = 100_000 });
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration["Psa:DataDirectory"] = folder;
        builder.Configuration["Psa:SeedDemo"] = "false";
        var xero = fake.BaseAddress.ToString().TrimEnd('/');
        builder.Configuration["Psa:Xero:LoginBaseUrl"] = xero;
        builder.Configuration["Psa:Xero:IdentityBaseUrl"] = xero;
        builder.Configuration["Psa:Xero:ApiBaseUrl"] = xero;
        builder.Configuration["Psa:Xero:ClientId"] = fake.Options.ClientId;
        builder.Configuration["Psa:Xero:ClientSecret"] = fake.Options.ClientSecret;
        builder.Configuration["Psa:Xero:WebhookKey"] = fake.Options.WebhookKey;
        PsaWebApp.AddServices(builder.Services, builder.Configuration);
        using var host = builder.Build();
        try
        {
            // The Data Protection key ring (Xero tokens are encrypted with it) lives in the catalog.
            await host.Services.GetRequiredService<DatabaseMigrator>().MigrateCatalogAsync();
            if (args.Contains("--xero-only"))
            {
                await PushAsync(host.Services, fake, Clients, Pushed / Clients);
                return;
            }

            var tenant = new TenantInfo(TenantSlug.Parse("bench"), "Bench", TenantStatus.Active, "America/New_York", "USD");
            await using var scope = host.Services.GetRequiredService<TenantScopeFactory>().Open(tenant);
            var factory = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>();
            var sw = Stopwatch.StartNew();
            await using (var db = factory.Create())
            {
                await TenantProvisioner.MigrateAsync(db);
            }

            var random = new Random(42);
            var clients = Enumerable.Range(0, Clients).Select(i => new BillingClient($"c{i:D3}", $"Client {i}", i % 3 == 0 ? 0.08m : 0m, i % 4 == 0 ? 140m : null)).ToList();
            var agreements = new List<Agreement>();
            for (var i = 0; i < Agreements; i++)
            {
                var terms = new AgreementTerms($"a{i:D4}", clients[i % Clients].Id, new DateOnly(2025, 1, 1), i % 50 == 0 ? new DateOnly(2026, 12, 15) : null);
                agreements.Add((i % 4) switch
                {
                    0 => new RecurringAgreement(terms, [new RecurringLine("m365", 22m, [new QuantityChange(new DateOnly(2025, 1, 1), 10 + (i % 30))])]),
                    1 => new TimeAndMaterialsAgreement(terms),
                    2 => new PrepaidHoursAgreement(terms, new BlockTerms(20m, 2400m, 5m, BlockRefresh.Monthly, 10m, BlockOverage.Bill)),
                    _ => new PrepaidAmountAgreement(terms, new BlockTerms(3000m, 3000m, 0m, BlockRefresh.None, null, BlockOverage.Bill)),
                });
            }

            var settings = new TenantSettings("USD", "America/New_York",
                new BusinessHours([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], TimeSpan.FromHours(8), TimeSpan.FromHours(18)),
                [], new TierMultipliers(1m, 1.4m, 1.5m), 125m, 15, "4000");
            var input = new BillingInput(settings, [new WorkType("remote", false), new WorkType("onsite", false), new WorkType("training", true)],
                [new Product("m365", "Microsoft 365 Business Premium", true)], clients, [new BillingEngineer("eng", "Engineer", 60m)], agreements,
                [new GlRule(null, null, "m365", "4100")], [], [], period);
            await scope.ServiceProvider.GetRequiredService<ScenarioImportService>().ImportAsync(input, includeSettings: true);

            Dictionary<string, Guid> clientIds;
            await using (var db = factory.Create())
            {
                clientIds = await db.Clients.ToDictionaryAsync(c => c.Code, c => c.Id);
                var agreementIds = await db.Agreements.ToDictionaryAsync(a => a.Code, a => a.Id);
                var engineer = await db.Engineers.Select(e => e.Id).FirstAsync();
                var connection = (SqliteConnection)db.Database.GetDbConnection();
                await connection.OpenAsync();
                await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
                await using var insert = connection.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO TimeEntries (Id, Code, EngineerId, ClientId, AgreementId, Start, Minutes, WorkTypeCode, Billable, Approval) VALUES ($id, $code, $eng, $client, $agreement, $start, $minutes, $wt, $billable, $approval)";
                var p = new[] { "$id", "$code", "$eng", "$client", "$agreement", "$start", "$minutes", "$wt", "$billable", "$approval" }.Select(n => insert.Parameters.Add(new SqliteParameter(n, null))).ToArray();
                for (var n = 0; n < Entries; n++)
                {
                    var a = agreements[random.Next(Agreements)];
                    var month = first.FirstDay.AddMonths(random.Next(Months));
                    var start = month.ToDateTime(new TimeOnly(6 + random.Next(14), random.Next(4) * 15)).AddDays(random.Next(DateTime.DaysInMonth(month.Year, month.Month)));
                    p[0].Value = Guid.NewGuid().ToString().ToUpperInvariant();
                    p[1].Value = $"t{n:D6}";
                    p[2].Value = engineer.ToString().ToUpperInvariant();
                    p[3].Value = clientIds[a.ClientId].ToString().ToUpperInvariant();
                    p[4].Value = random.Next(10) == 0 ? DBNull.Value : agreementIds[a.Id].ToString().ToUpperInvariant();
                    p[5].Value = start.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                    p[6].Value = 10 + random.Next(170);
                    p[7].Value = random.Next(3) switch { 0 => "remote", 1 => "onsite", _ => "training" };
                    p[8].Value = random.Next(8) == 0 ? 0 : 1;
                    p[9].Value = random.Next(20) == 0 ? 1 : 2;
                    await insert.ExecuteNonQueryAsync();
                }

                await tx.CommitAsync();
            }

            // Twelve months of issued invoices, one per client and month: the recurring seats and some time.
            var number = 0;
            for (var m = 0; m < Months; m++)
            {
                var month = BillingPeriod.Containing(first.FirstDay.AddMonths(m));
                await using var db = factory.Create();
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                foreach (var (code, id) in clientIds.OrderBy(c => c.Key, StringComparer.Ordinal))
                {
                    var invoice = CustomerInvoice.Draft(id, "default", month, "USD", null, DateTimeOffset.UtcNow);
                    var seats = 10 + random.Next(30);
                    invoice.AddLine(new CustomerInvoiceLine("recurring", "m365", "Microsoft 365 Business Premium", $"a{int.Parse(code[1..], CultureInfo.InvariantCulture):D4}", seats, 22m, seats * 22m, 0m, "4100", "recurring"));
                    var hours = random.Next(1, 20);
                    invoice.AddLine(new CustomerInvoiceLine("time", "remote", "Remote support", "remote", hours, 125m, hours * 125m, 0m, "4000", "time"));
                    invoice.Approve();
                    invoice.Issue(++number, month.FirstDay.AddMonths(1), 30);
                    db.Invoices.Add(invoice);
                }

                await db.SaveChangesAsync();
            }

            Console.WriteLine($"Generated {Clients} clients, {Agreements} agreements, {Entries:N0} time entries over {Months} months and {number:N0} issued invoices in {sw.Elapsed.TotalSeconds:0.0} s");

            var runs = scope.ServiceProvider.GetRequiredService<BillingRunService>();
            var reconciliation = scope.ServiceProvider.GetRequiredService<ReconciliationService>();
            var profitability = scope.ServiceProvider.GetRequiredService<ProfitabilityService>();
            var asOf = new DateOnly(2026, 11, 20);
            var findings = 0;
            var rows = 0;
            var timings = new Dictionary<string, List<double>> { ["preview"] = [], ["reconciliation"] = [], ["profitability"] = [] };
            async Task TimeAsync(string name, Func<Task> work)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                var watch = Stopwatch.StartNew();
                await work();
                timings[name].Add(watch.Elapsed.TotalSeconds);
            }

            Task Preview() => runs.PreviewAsync(period);
            async Task Reconcile() => findings = (await reconciliation.EvaluateAsync(asOf)).Count;
            async Task Profit() => rows = (await profitability.TableAsync(first, period)).Count;

            // Warmed up once each, then measured in turn so none gets a warmer machine; medians.
            await Preview();
            await Reconcile();
            await Profit();
            const int Repeats = 3;
            for (var run = 0; run < Repeats; run++)
            {
                await TimeAsync("preview", Preview);
                await TimeAsync("reconciliation", Reconcile);
                await TimeAsync("profitability", Profit);
            }

            static double Median(List<double> values)
            {
                var sorted = values.Order().ToList();
                return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
            }

            var preview = Median(timings["preview"]);
            Console.WriteLine($"Billing preview of {period}:        median {preview:0.000} s  (min {timings["preview"].Min():0.000}, max {timings["preview"].Max():0.000}, {Repeats} runs)");
            foreach (var (name, detail) in new[] { ("reconciliation", $"{findings} findings as of {asOf:yyyy-MM-dd}"), ("profitability", $"{rows} rows, {first} to {period}") })
            {
                var median = Median(timings[name]);
                Console.WriteLine($"{char.ToUpperInvariant(name[0])}{name[1..],-29} median {median:0.000} s  (min {timings[name].Min():0.000}, max {timings[name].Max():0.000}; {detail}); ratio to the preview {median / preview:0.00}  (goal <= 3)");
            }

            await PushAsync(host.Services, fake, Clients, Pushed / Clients);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// A second workspace of 500 clients with three months of issued invoices (1,500) connects to the
    /// fake Xero (its consent answers at once) and syncs: contacts created, invoices pushed, calls counted.
    /// </summary>
    private static async Task PushAsync(IServiceProvider root, FakeXeroServer fake, int clients, int months)
    {
        var tenant = new TenantInfo(TenantSlug.Parse("benchxero"), "Bench Xero", TenantStatus.Active, "America/New_York", "USD");
        await using var scope = root.GetRequiredService<TenantScopeFactory>().Open(tenant);
        var services = scope.ServiceProvider;
        var factory = services.GetRequiredService<TenantDbContextFactory>();
        await using (var db = factory.Create())
        {
            await TenantProvisioner.MigrateAsync(db);
            var ids = new List<Guid>();
            for (var i = 0; i < clients; i++)
            {
                var client = Psa.Domain.Clients.Client.Create($"x{i:D3}", $"Xero client {i}", 0.2m);
                db.Clients.Add(client);
                ids.Add(client.Id);
            }

            var number = 0;
            for (var m = 0; m < months; m++)
            {
                var month = BillingPeriod.Containing(new DateOnly(2026, 8, 1).AddMonths(m));
                foreach (var id in ids)
                {
                    var invoice = CustomerInvoice.Draft(id, "default", month, "USD", null, DateTimeOffset.UtcNow);
                    invoice.AddLine(new CustomerInvoiceLine("time", "remote", "Remote support", "remote", 2, 125m, 250m, 50m, "200", "time"));
                    invoice.Approve();
                    invoice.Issue(++number, month.FirstDay.AddMonths(1), 30);
                    db.Invoices.Add(invoice);
                }
            }

            await db.SaveChangesAsync();
        }

        var identity = services.GetRequiredService<XeroIdentityClient>();
        var (verifier, challenge) = XeroIdentityClient.NewPkce();
        const string Redirect = "http://benchxero.localhost/integrations/xero/callback";
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var browser = new HttpClient(handler);
        var consent = await browser.GetAsync(identity.AuthorizeUrl(Redirect, "bench", challenge));
        var code = System.Web.HttpUtility.ParseQueryString(consent.Headers.Location!.Query)["code"]!;
        await services.GetRequiredService<XeroConnectionService>().CompleteAuthorizationAsync(code, Redirect, verifier, "bench");
        var watch = Stopwatch.StartNew();
        var run = await services.GetRequiredService<XeroSyncService>().RunAsync("bench");
        var pushed = fake.State.Organisations.Values.Sum(o => o.Invoices.Count);
        Console.WriteLine($"Xero sync pushing {run.InvoicesPushed:N0} invoices ({pushed:N0} now in the fake Xero; {run.ContactsCreated} contacts created): "
            + $"{run.CallsUsed} calls in {watch.Elapsed.TotalSeconds:0.0} s  (goal <= 60 calls, one minute's limit)");
    }
}
