using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Tiers;
using Psa.Domain.Tenancy;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Billing;
using Psa.Web.Hosting;

namespace Psa.Benchmarks;

// Billing preview of a generated workspace: 500 clients, 1,000 agreements, 200,000 time entries in one
// month. Prints wall time, peak memory and the ratio to a plain scan of the same entries from SQLite.
public static class BillingPreviewBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        const int Clients = 500, Agreements = 1000, Entries = 200_000;
        var period = BillingPeriod.Parse("2026-10");
        var folder = Path.Combine(Path.GetTempPath(), "psa-bench-" + Guid.NewGuid().ToString("N"));
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration["Psa:DataDirectory"] = folder;
        builder.Configuration["Psa:SeedDemo"] = "false";
        PsaWebApp.AddServices(builder.Services, builder.Configuration);
        using var host = builder.Build();
        try
        {
            var tenant = new TenantInfo(TenantSlug.Parse("bench"), "Bench", TenantStatus.Active, "America/New_York", "USD");
            await using var scope = host.Services.GetRequiredService<TenantScopeFactory>().Open(tenant);
            var factory = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>();
            var sw = Stopwatch.StartNew();
            await using (var db = factory.Create())
            {
                await TenantProvisioner.MigrateAsync(db);
            }

            var random = new Random(42);
            var clients = Enumerable.Range(0, Clients).Select(i => new Client($"c{i:D3}", $"Client {i}", i % 3 == 0 ? 0.08m : 0m, i % 4 == 0 ? 140m : null)).ToList();
            var agreements = new List<Agreement>();
            for (var i = 0; i < Agreements; i++)
            {
                var terms = new AgreementTerms($"a{i:D4}", clients[i % Clients].Id, new DateOnly(2026, 1, 1), null, CoveredWorkTypes: i % 5 == 0 ? new HashSet<string> { "remote" } : null);
                agreements.Add((i % 4) switch
                {
                    0 => new RecurringAgreement(terms, [new RecurringLine("m365", 22m, [new QuantityChange(new DateOnly(2026, 1, 1), 10 + (i % 30)), new QuantityChange(new DateOnly(2026, 10, 15), 12 + (i % 30))])]),
                    1 => new TimeAndMaterialsAgreement(terms),
                    2 => new PrepaidHoursAgreement(terms, new BlockTerms(20m, 2400m, 5m, BlockRefresh.Monthly, 10m, i % 8 == 2 ? BlockOverage.Renew : BlockOverage.Bill)),
                    _ => new PrepaidAmountAgreement(terms, new BlockTerms(3000m, 3000m, 0m, BlockRefresh.None, null, BlockOverage.Bill)),
                });
            }

            var settings = new TenantSettings("USD", "America/New_York",
                new BusinessHours([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], TimeSpan.FromHours(8), TimeSpan.FromHours(18)),
                [new DateOnly(2026, 10, 12)], new TierMultipliers(1m, 1.4m, 1.5m), 125m, 15, "4000");
            var input = new BillingInput(settings, [new WorkType("remote", false), new WorkType("onsite", false), new WorkType("training", true)],
                [new Product("m365", "Microsoft 365 Business Premium", true)], clients, [new Engineer("eng", "Engineer", 60m)], agreements,
                [new GlRule(null, "prepaid_hours", null, "4300"), new GlRule(null, null, "m365", "4100")], [], [], period);
            await scope.ServiceProvider.GetRequiredService<ScenarioImportService>().ImportAsync(input, includeSettings: true);

            // Time entries are written with plain SQL: generating 200,000 rows through the change tracker only slows the set-up.
            await using (var db = factory.Create())
            {
                var clientIds = await db.Clients.ToDictionaryAsync(c => c.Code, c => c.Id);
                var agreementIds = await db.Agreements.ToDictionaryAsync(a => a.Code, a => a.Id);
                var engineer = await db.Engineers.Select(e => e.Id).FirstAsync();
                var connection = (SqliteConnection)db.Database.GetDbConnection();
                await connection.OpenAsync();
                await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
                await using var insert = connection.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO TimeEntries (Id, Code, EngineerId, ClientId, AgreementId, Start, Minutes, WorkTypeCode, Billable, Approval) VALUES ($id, $code, $eng, $client, $agreement, $start, $minutes, $wt, 1, $approval)";
                var p = new[] { "$id", "$code", "$eng", "$client", "$agreement", "$start", "$minutes", "$wt", "$approval" }.Select(n => insert.Parameters.Add(new SqliteParameter(n, null))).ToArray();
                for (var n = 0; n < Entries; n++)
                {
                    var a = agreements[random.Next(Agreements)];
                    var start = new DateTime(2026, 10, 1 + random.Next(31), 6 + random.Next(14), random.Next(4) * 15, 0);
                    p[0].Value = Guid.NewGuid().ToString().ToUpperInvariant();
                    p[1].Value = $"t{n:D6}";
                    p[2].Value = engineer.ToString().ToUpperInvariant();
                    p[3].Value = clientIds[a.ClientId].ToString().ToUpperInvariant();
                    p[4].Value = random.Next(10) == 0 ? DBNull.Value : agreementIds[a.Id].ToString().ToUpperInvariant();
                    p[5].Value = start.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                    p[6].Value = 10 + random.Next(170);
                    p[7].Value = random.Next(3) switch { 0 => "remote", 1 => "onsite", _ => "training" };
                    p[8].Value = random.Next(20) == 0 ? 1 : 2;
                    await insert.ExecuteNonQueryAsync();
                }

                await tx.CommitAsync();
            }

            Console.WriteLine($"Generated {Clients} clients, {Agreements} agreements, {Entries:N0} time entries in {sw.Elapsed.TotalSeconds:0.0} s");

            // Plain scan: every entry of the period, every column billing reads, each value read.
            async Task<double> ScanAsync()
            {
                await using var db = factory.Create();
                var connection = (SqliteConnection)db.Database.GetDbConnection();
                await connection.OpenAsync();
                var watch = Stopwatch.StartNew();
                await using var scan = connection.CreateCommand();
                scan.CommandText = "SELECT Id, Code, ClientId, EngineerId, WorkTypeCode, Start, Minutes, Approval, AgreementId, ProjectId FROM TimeEntries WHERE Billable = 1 AND Start < '2026-11-01'";
                await using var reader = await scan.ExecuteReaderAsync();
                long sum = 0;
                while (await reader.ReadAsync())
                {
                    for (var c = 0; c < reader.FieldCount; c++)
                    {
                        sum += reader.IsDBNull(c) ? 0 : reader.GetString(c).Length;
                    }
                }

                GC.KeepAlive(sum);
                return watch.Elapsed.TotalSeconds;
            }

            var runs = scope.ServiceProvider.GetRequiredService<BillingRunService>();
            BillingRunOutcome? outcome = null;
            async Task<double> PreviewAsync()
            {
                var watch = Stopwatch.StartNew();
                outcome = await runs.PreviewAsync(period);
                return watch.Elapsed.TotalSeconds;
            }

            // Honest and stable: both warmed up (JIT, page cache, connection pool) before anything is timed,
            // then measured alternately (scan, preview, scan, …) after a full GC each, so neither side
            // gets a warmer machine; medians of 7 with min and max, and the median of the pairwise ratios.
            await ScanAsync();
            await PreviewAsync();
            const int Repeats = 7;
            var scans = new List<double>();
            var previews = new List<double>();
            GC.Collect();
            long previewAllocated = 0;
            for (var run = 0; run < Repeats; run++)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                scans.Add(await ScanAsync());
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                previews.Add(await PreviewAsync());
                previewAllocated += GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            }

            static double Median(IEnumerable<double> values)
            {
                var sorted = values.Order().ToList();
                return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
            }

            var scanSeconds = Median(scans);
            var previewSeconds = Median(previews);
            var ratios = scans.Zip(previews, (scanTime, previewTime) => previewTime / scanTime).ToList();
            var allocated = previewAllocated / Repeats;
            double loadSeconds;
            double engineSeconds;
            await using (var db = factory.Create())
            {
                sw.Restart();
                var data = await BillingInputLoader.LoadAsync(db, period);
                loadSeconds = sw.Elapsed.TotalSeconds;
                sw.Restart();
                BillingEngine.Run(data.Input);
                engineSeconds = sw.Elapsed.TotalSeconds;
            }

            var peak = Process.GetCurrentProcess().PeakWorkingSet64;
            Console.WriteLine($"Plain scan of the entries:   median {scanSeconds:0.000} s  (min {scans.Min():0.000}, max {scans.Max():0.000}, {Repeats} runs after warm-up)");
            Console.WriteLine($"Billing preview:             median {previewSeconds:0.000} s  (min {previews.Min():0.000}, max {previews.Max():0.000}; {outcome!.Result.Invoices.Count} invoices, {outcome.Result.Invoices.Sum(i => i.Lines.Count):N0} lines, total {outcome.Result.Invoices.Sum(i => i.Total):N2})");
            Console.WriteLine($"  of which load from SQLite {loadSeconds:0.000} s, engine {engineSeconds:0.000} s");
            Console.WriteLine($"Ratio preview / scan:        {previewSeconds / scanSeconds:0.0} of medians; pairwise median {Median(ratios):0.0} (min {ratios.Min():0.0}, max {ratios.Max():0.0})  (goal <= 10)");
            Console.WriteLine($"Peak working set:            {peak / 1024.0 / 1024.0:0} MB  (goal < 1024 MB); allocated per preview {allocated / 1024.0 / 1024.0:0} MB");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}

