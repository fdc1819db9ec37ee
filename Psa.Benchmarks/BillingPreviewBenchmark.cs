using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Psa.Domain.Billing;
using Psa.Domain.Billing.Tiers;
using Psa.Domain.Tenancy;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Billing;
using Psa.Web.Hosting;

namespace Psa.Benchmarks;

// Billing preview of a generated workspace: 500 clients, 1,000 agreements, 200,000 time entries in one
// month. Prints wall time, peak memory, bytes allocated and the ratio to SQLite's own scan of the same rows;
// with --postgres, the same month on PostgreSQL beside SQLite.
public static class BillingPreviewBenchmark
{
    private const int Clients = 500, Agreements = 1000, Entries = 200_000;

    /// <summary>One database's figures.</summary>
    private sealed record Figures(string Database, double Preview, double PreviewMin, double PreviewMax, double? Scan, double? ReaderScan,
        IReadOnlyList<double> Ratios, double Load, double Engine, long LoadAllocated, long EngineAllocated, long PeakWorkingSet, long AllocatedPerPreview, string Result);

    /// <summary>
    /// <c>billing</c>: SQLite, the preview beside SQLite's own scan of the same rows.
    /// <c>billing --postgres "Host=…;Username=…"</c>: also the same month on PostgreSQL (databases created and dropped on that server).
    /// </summary>
    public static async Task RunAsync(string[] args)
    {
        var postgres = args.SkipWhile(a => a != "--postgres").Skip(1).FirstOrDefault();
        if (args is ["--measure", var measureFolder, var measurePrefix, ..])
        {
            await MeasureHereAsync(measureFolder, measurePrefix, postgres);
            return;
        }

        if (args.Contains("--postgres") && postgres is null)
        {
            Console.WriteLine("Usage: billing [--postgres <server connection string>]");
            return;
        }

        var sqlite = await MeasureAsync(null);
        Print(sqlite);
        Console.WriteLine($"Ratio preview / scan:        {Median(sqlite.Ratios):0.0} (median of pairwise ratios; min {sqlite.Ratios.Min():0.0}, max {sqlite.Ratios.Max():0.0})  (goal <= 5)");
        Console.WriteLine($"Peak working set:            {sqlite.PeakWorkingSet / 1024.0 / 1024.0:0} MB  (goal < 256 MB; VmHWM of a fresh process that opens the workspace, reset once its host is built); allocated per preview {sqlite.AllocatedPerPreview / 1024.0 / 1024.0:0} MB");
        Console.WriteLine($"GC:                          {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, latency {System.Runtime.GCSettings.LatencyMode}, {Environment.ProcessorCount} cores; load {Load()}");
        if (postgres is null)
        {
            return;
        }

        var pg = await MeasureAsync(postgres);
        Print(pg);
        Console.WriteLine($"Peak working set:            {pg.PeakWorkingSet / 1024.0 / 1024.0:0} MB  (goal < 256 MB; VmHWM of a fresh process, reset once its host is built); allocated per preview {pg.AllocatedPerPreview / 1024.0 / 1024.0:0} MB; load {Load()}");
        Console.WriteLine($"PostgreSQL / SQLite preview: {pg.Preview / sqlite.Preview:0.00} (medians: PostgreSQL {pg.Preview:0.000} s, SQLite {sqlite.Preview:0.000} s)");
        if (pg.Result != sqlite.Result)
        {
            Console.WriteLine($"Results differ: SQLite {sqlite.Result}; PostgreSQL {pg.Result}");
        }
    }

    private static void Print(Figures f)
    {
        Console.WriteLine($"[{f.Database}]");
        if (f.Scan is { } scan)
        {
            Console.WriteLine($"Plain scan in SQLite:        median {scan:0.000} s  (SQLite's engine reads every column of the preview's rows: same WHERE, aggregated in SQL)");
        }

        if (f.ReaderScan is { } reader)
        {
            Console.WriteLine($"Reader scan into .NET:       median {reader:0.000} s  (the same rows through Microsoft.Data.Sqlite, each value read; for reference)");
        }

        Console.WriteLine($"Billing preview:             median {f.Preview:0.000} s  (min {f.PreviewMin:0.000}, max {f.PreviewMax:0.000}; {f.Result})");
        Console.WriteLine($"  of which load {f.Load:0.000} s ({f.LoadAllocated / 1024.0 / 1024.0:0} MB allocated), engine {f.Engine:0.000} s ({f.EngineAllocated / 1024.0 / 1024.0:0} MB allocated) (one separate run)");
    }

    /// <summary>The machine's load averages (1, 5, 15 minutes), printed beside the figures.</summary>
    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>
    /// Resets the process's peak resident set (VmHWM) to its current size: the peak then read covers only
    /// what follows (the previews and scans), not the host's start before them.
    /// </summary>
    private static void ResetPeak()
    {
        if (File.Exists("/proc/self/clear_refs"))
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
    }

    /// <summary>The process's peak resident set since the last <see cref="ResetPeak"/> (VmHWM), in bytes.</summary>
    private static long PeakWorkingSet() => Status("VmHWM:", Process.GetCurrentProcess().PeakWorkingSet64);

    /// <summary>A size line of /proc/self/status (VmHWM, VmRSS), in bytes.</summary>
    private static long Status(string field, long otherwise)
    {
        if (!File.Exists("/proc/self/status"))
        {
            return otherwise;
        }

        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>
    /// Generates the month in this process, then measures it in a fresh process (<c>billing --measure</c>): what is
    /// measured is a process that opens the workspace and previews, not one that also carries the generation's
    /// 200,000 rows, its JIT-compiled set-up code and the heap it grew to.
    /// </summary>
    private static async Task<Figures> MeasureAsync(string? postgres)
    {
        var folder = Path.Combine(Path.GetTempPath(), "psa-bench-" + Guid.NewGuid().ToString("N"));
        var prefix = "psabench_" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            using (var host = BuildHost(folder, prefix, postgres))
            {
                await GenerateAsync(host);
            }

            return await MeasureInChildAsync(folder, prefix, postgres);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            if (postgres is not null)
            {
                NpgsqlConnection.ClearAllPools();
                await using var server = new NpgsqlConnection($"{postgres};Database=postgres");
                await server.OpenAsync();
                foreach (var name in new[] { $"{prefix}_bench", $"{prefix}_catalog" })
                {
                    await using var drop = server.CreateCommand();
                    drop.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
                    await drop.ExecuteNonQueryAsync();
                }
            }
        }
    }

    /// <summary>The product's own services (<see cref="PsaWebApp.AddServices"/>) over the benchmark's databases.</summary>
    private static IHost BuildHost(string folder, string prefix, string? postgres)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration["Psa:DataDirectory"] = folder;
        builder.Configuration["Psa:SeedDemo"] = "false";
        if (postgres is not null)
        {
            builder.Configuration["Psa:DatabaseProvider"] = "Postgres";
            builder.Configuration["Psa:CatalogConnectionString"] = $"{postgres};Database={prefix}_catalog";
            builder.Configuration["Psa:TenantConnectionStringTemplate"] = $"{postgres};Database={prefix}_{{tenant}}";
        }

        PsaWebApp.AddServices(builder.Services, builder.Configuration);
        return builder.Build();
    }

    private static TenantInfo BenchTenant => new(TenantSlug.Parse("bench"), "Bench", TenantStatus.Active, "America/New_York", "USD");

    private static async Task GenerateAsync(IHost host)
    {
        var period = BillingPeriod.Parse("2026-10");
        await using var scope = host.Services.GetRequiredService<TenantScopeFactory>().Open(BenchTenant);
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
            [new Product("m365", "Microsoft 365 Business Premium", true)], clients, [new BillingEngineer("eng", "Engineer", 60m)], agreements,
            [new GlRule(null, "prepaid_hours", null, "4300"), new GlRule(null, null, "m365", "4100")], [], [], period);
        await scope.ServiceProvider.GetRequiredService<ScenarioImportService>().ImportAsync(input, includeSettings: true);

        // Time entries are written with plain SQL (COPY on PostgreSQL): generating 200,000 rows through the change tracker only slows the set-up.
        await using (var db = factory.Create())
        {
            var clientIds = await db.Clients.ToDictionaryAsync(c => c.Code, c => c.Id);
            var agreementIds = await db.Agreements.ToDictionaryAsync(a => a.Code, a => a.Id);
            var engineer = await db.Engineers.Select(e => e.Id).FirstAsync();
            var rows = new List<(Guid Id, string Code, Guid Client, Guid? Agreement, DateTime Start, int Minutes, string WorkType, int Approval)>(Entries);
            for (var n = 0; n < Entries; n++)
            {
                var a = agreements[random.Next(Agreements)];
                var start = new DateTime(2026, 10, 1 + random.Next(31), 6 + random.Next(14), random.Next(4) * 15, 0);
                Guid? agreement = random.Next(10) == 0 ? null : agreementIds[a.Id];
                rows.Add((Guid.NewGuid(), $"t{n:D6}", clientIds[a.ClientId], agreement, start, 10 + random.Next(170),
                    random.Next(3) switch { 0 => "remote", 1 => "onsite", _ => "training" }, random.Next(20) == 0 ? 1 : 2));
            }

            if (db.Database.GetDbConnection() is NpgsqlConnection npgsql)
            {
                await npgsql.OpenAsync();
                await using (var copy = await npgsql.BeginBinaryImportAsync(
                    "COPY \"TimeEntries\" (\"Id\", \"Code\", \"EngineerId\", \"ClientId\", \"AgreementId\", \"Start\", \"Minutes\", \"WorkTypeCode\", \"Billable\", \"Approval\") FROM STDIN (FORMAT BINARY)"))
                {
                    foreach (var r in rows)
                    {
                        await copy.StartRowAsync();
                        await copy.WriteAsync(r.Id, NpgsqlDbType.Uuid);
                        await copy.WriteAsync(r.Code, NpgsqlDbType.Varchar);
                        await copy.WriteAsync(engineer, NpgsqlDbType.Uuid);
                        await copy.WriteAsync(r.Client, NpgsqlDbType.Uuid);
                        if (r.Agreement is { } ag)
                        {
                            await copy.WriteAsync(ag, NpgsqlDbType.Uuid);
                        }
                        else
                        {
                            await copy.WriteNullAsync();
                        }

                        await copy.WriteAsync(r.Start, NpgsqlDbType.Timestamp);
                        await copy.WriteAsync(r.Minutes, NpgsqlDbType.Integer);
                        await copy.WriteAsync(r.WorkType, NpgsqlDbType.Varchar);
                        await copy.WriteAsync(true, NpgsqlDbType.Boolean);
                        await copy.WriteAsync(r.Approval, NpgsqlDbType.Integer);
                    }

                    await copy.CompleteAsync();
                }

                await using var analyze = npgsql.CreateCommand();
                analyze.CommandText = "ANALYZE";
                await analyze.ExecuteNonQueryAsync();
            }
            else
            {
                var connection = (SqliteConnection)db.Database.GetDbConnection();
                await connection.OpenAsync();
                await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
                await using var insert = connection.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO TimeEntries (Id, Code, EngineerId, ClientId, AgreementId, Start, Minutes, WorkTypeCode, Billable, Approval) VALUES ($id, $code, $eng, $client, $agreement, $start, $minutes, $wt, 1, $approval)";
                var p = new[] { "$id", "$code", "$eng", "$client", "$agreement", "$start", "$minutes", "$wt", "$approval" }.Select(n => insert.Parameters.Add(new SqliteParameter(n, null))).ToArray();
                foreach (var r in rows)
                {
                    p[0].Value = r.Id.ToString().ToUpperInvariant();
                    p[1].Value = r.Code;
                    p[2].Value = engineer.ToString().ToUpperInvariant();
                    p[3].Value = r.Client.ToString().ToUpperInvariant();
                    p[4].Value = r.Agreement is { } ag ? ag.ToString().ToUpperInvariant() : DBNull.Value;
                    p[5].Value = r.Start.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                    p[6].Value = r.Minutes;
                    p[7].Value = r.WorkType;
                    p[8].Value = r.Approval;
                    await insert.ExecuteNonQueryAsync();
                }

                await tx.CommitAsync();
            }
        }

        Console.WriteLine($"Generated {Clients} clients, {Agreements} agreements, {Entries:N0} time entries in {sw.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Runs <c>billing --measure</c> in a child process and reads its figures (one JSON line).</summary>
    private static async Task<Figures> MeasureInChildAsync(string folder, string prefix, string? postgres)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(BillingPreviewBenchmark).Assembly.Location);
        }

        foreach (var arg in new[] { "billing", "--measure", folder, prefix })
        {
            start.ArgumentList.Add(arg);
        }

        if (postgres is not null)
        {
            start.ArgumentList.Add("--postgres");
            start.ArgumentList.Add(postgres);
        }

        using var child = Process.Start(start)!;
        Figures? figures = null;
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(FiguresPrefix, StringComparison.Ordinal))
            {
                figures = System.Text.Json.JsonSerializer.Deserialize<Figures>(line[FiguresPrefix.Length..]);
            }
            else
            {
                Console.WriteLine(line);
            }
        }

        await child.WaitForExitAsync();
        return child.ExitCode == 0 && figures is not null ? figures : throw new InvalidOperationException($"The measuring process exited with {child.ExitCode}.");
    }

    private const string FiguresPrefix = "FIGURES ";

    /// <summary><c>billing --measure &lt;folder&gt; &lt;prefix&gt; [--postgres …]</c>: the measuring process.</summary>
    private static async Task MeasureHereAsync(string folder, string prefix, string? postgres)
    {
        var period = BillingPeriod.Parse("2026-10");
        using var host = BuildHost(folder, prefix, postgres);
        await using var scope = host.Services.GetRequiredService<TenantScopeFactory>().Open(BenchTenant);
        var factory = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>();
        var sw = new Stopwatch();

        // The preview's rows (billable, before the next period, not yet billed) with every column it reads.
        const string Rows = "FROM TimeEntries e WHERE e.Billable = 1 AND e.Start < '2026-11-01' AND NOT EXISTS (SELECT 1 FROM BilledSources b WHERE b.TimeEntryId = e.Id)";

        // Plain scan by SQLite's own engine (what the sqlite3 shell does): each column of each row read, summed in SQL.
        async Task<double> ScanAsync()
        {
            await using var db = factory.Create();
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await connection.OpenAsync();
            var watch = Stopwatch.StartNew();
            await using var scan = connection.CreateCommand();
            scan.CommandText = "SELECT count(*), sum(length(e.Id)), sum(length(e.Code)), sum(length(e.ClientId)), sum(length(e.EngineerId)), sum(length(e.WorkTypeCode)), "
                + "sum(length(e.Start)), sum(e.Minutes), sum(e.Approval), sum(length(e.AgreementId)), sum(length(e.ProjectId)), sum(length(e.TicketId)) " + Rows;
            await using var reader = await scan.ExecuteReaderAsync();
            await reader.ReadAsync();
            if (reader.GetInt64(0) < Entries * 9 / 10)
            {
                throw new InvalidOperationException($"The scan read {reader.GetInt64(0)} rows.");
            }

            return watch.Elapsed.TotalSeconds;
        }

        // For reference: the same rows read value by value into .NET through Microsoft.Data.Sqlite (no EF).
        async Task<double> ReaderScanAsync()
        {
            await using var db = factory.Create();
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await connection.OpenAsync();
            var watch = Stopwatch.StartNew();
            await using var scan = connection.CreateCommand();
            scan.CommandText = "SELECT e.Id, e.Code, e.ClientId, e.EngineerId, e.WorkTypeCode, e.Start, e.Minutes, e.Approval, e.AgreementId, e.ProjectId, e.TicketId " + Rows;
            await using var reader = await scan.ExecuteReaderAsync();
            long sum = 0;
            while (await reader.ReadAsync())
            {
                for (var c = 0; c < reader.FieldCount; c++)
                {
                    // Synchronous on purpose: the reference scan reads as a plain loop would, row by row.
#pragma warning disable CA1849
                    sum += reader.IsDBNull(c) ? 0 : reader.GetString(c).Length;
#pragma warning restore CA1849
                }
            }

            GC.KeepAlive(sum);
            return watch.Elapsed.TotalSeconds;
        }

        var runs = scope.ServiceProvider.GetRequiredService<BillingRunService>();
        // Only the summary of a preview is kept: holding the last result while the next preview runs would
        // measure two previews' results at once, which is not what a preview costs.
        string? result = null;
        async Task<double> PreviewAsync()
        {
            var watch = Stopwatch.StartNew();
            var outcome = await runs.PreviewAsync(period);
            var seconds = watch.Elapsed.TotalSeconds;
            result = $"{outcome.Result.Invoices.Count} invoices, {outcome.Result.Invoices.Sum(i => i.Lines.Count):N0} lines, total {outcome.Result.Invoices.Sum(i => i.Total):N2}";
            return seconds;
        }

        // Honest and stable: both warmed up (JIT, page cache, connection pool) before anything is timed,
        // then measured alternately (scan, preview, scan, …) after a full GC each, so neither side
        // gets a warmer machine; medians of 7 with min and max, and the median of the pairwise ratios.
        var sqlite = postgres is null;

        // This process never saw the generated rows: what it holds from here on is the product's own
        // (host, EF model, connection pools) plus what the scans and previews take, JIT compilation included.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        ResetPeak();
        Console.WriteLine($"Working set before the scans and previews: {Status("VmRSS:", Environment.WorkingSet) / 1024.0 / 1024.0:0} MB (GC heap {GC.GetTotalMemory(forceFullCollection: false) / 1024.0 / 1024.0:0} MB)");
        if (sqlite)
        {
            await ScanAsync();
            await ReaderScanAsync();
        }

        await PreviewAsync();
        const int Repeats = 7;
        var scans = new List<double>();
        var readerScans = new List<double>();
        var previews = new List<double>();
        long previewAllocated = 0;
        for (var run = 0; run < Repeats; run++)
        {
            if (sqlite)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                scans.Add(await ScanAsync());
                readerScans.Add(await ReaderScanAsync());
            }

            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            previews.Add(await PreviewAsync());
            previewAllocated += GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        }

        var peak = PeakWorkingSet();
        double loadSeconds;
        double engineSeconds;
        long loadAllocated, engineAllocated;
        await using (var db = factory.Create())
        {
            sw.Restart();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var data = await BillingInputLoader.LoadForPreviewAsync(db, period);
            loadSeconds = sw.Elapsed.TotalSeconds;
            loadAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            sw.Restart();
            allocated = GC.GetTotalAllocatedBytes(precise: true);
            BillingEngine.Run(data.Input);
            engineSeconds = sw.Elapsed.TotalSeconds;
            engineAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        }

        var figures = new Figures(sqlite ? "SQLite" : "PostgreSQL", Median(previews), previews.Min(), previews.Max(), sqlite ? Median(scans) : null, sqlite ? Median(readerScans) : null,
            sqlite ? scans.Zip(previews, (scanTime, previewTime) => previewTime / scanTime).ToList() : [], loadSeconds, engineSeconds, loadAllocated, engineAllocated, peak, previewAllocated / Repeats, result!);
        Console.WriteLine(FiguresPrefix + System.Text.Json.JsonSerializer.Serialize(figures));
    }
}
