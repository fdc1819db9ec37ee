using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Psa.Domain.Clients;
using Psa.Domain.Engineers;
using Psa.Domain.Projects;
using Psa.Domain.TimeTracking;
using Psa.Infrastructure.Tenancy;
using Psa.Web.Hosting;
using Psa.Web.TimeTracking;

namespace Psa.Benchmarks;

/// <summary>
/// The utilisation report (engineers, clients and projects) over 100,000 entries for 50 engineers in
/// one SQLite workspace (goal: under 1 s). Prints each run's time and the managed memory allocated.
/// Usage: utilisation [entries] [runs]
/// </summary>
public static class UtilisationBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var entryCount = args.Length > 0 && int.TryParse(args[0], out var e) ? e : 100_000;
        var runs = args.Length > 1 && int.TryParse(args[1], out var r) ? r : 7;
        var data = Path.Combine(Path.GetTempPath(), "psa-bench", Guid.NewGuid().ToString("N"));
        await using var app = PsaWebApp.Build([], b =>
        {
            b.Configuration["Psa:DataDirectory"] = data;
            b.Configuration["Psa:SeedDemo"] = "false";
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAllAsync();
        var tenant = (await app.Services.GetRequiredService<TenantProvisioner>().ProvisionAsync(
            new ProvisionRequest("Bench IT", "bench", "Bench Owner", "owner@bench.test", "Bench-Password-1", "Europe/London", "GBP"))).Tenant;
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().Open(tenant);
        var databases = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>();

        var seed = Stopwatch.StartNew();
        var (from, to) = await SeedAsync(databases, entryCount);
        Console.WriteLine($"seeded {entryCount:N0} entries for 50 engineers in {seed.Elapsed.TotalSeconds:0.0} s");

        var reports = scope.ServiceProvider.GetRequiredService<TimeReportService>();
        var timings = new List<double>();
        for (var i = 0; i <= runs; i++)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var report = await reports.RunAsync(from, to);
            clock.Stop();
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            var label = i == 0 ? "warm-up" : $"run {i}";
            Console.WriteLine($"{label}: {clock.Elapsed.TotalMilliseconds:0} ms, {allocated / 1024.0 / 1024.0:0.0} MB allocated, " +
                $"{report.Engineers.Count} engineers, {report.Engineers.Sum(x => x.LoggedHours):N0} h");
            if (i > 0)
            {
                timings.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        timings.Sort();
        Console.WriteLine($"utilisation report over {entryCount:N0} entries (SQLite, {runs} runs): median {timings[timings.Count / 2]:0} ms, " +
            $"min {timings[0]:0} ms, max {timings[^1]:0} ms; working set {Environment.WorkingSet / 1024 / 1024} MB (goal < 1000 ms)");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<(DateOnly From, DateOnly To)> SeedAsync(TenantDbContextFactory databases, int count)
    {
        var random = new Random(7);
        var engineers = Enumerable.Range(1, 50).Select(i => Engineer.Create($"eng{i}", $"Engineer {i:00}", 40 + i % 20)).ToList();
        var clients = Enumerable.Range(1, 40).Select(i => Client.Create($"client{i}", $"Client {i:00}", 0.2m)).ToList();
        var projects = clients.Take(20).Select((c, i) => Project.Create($"p{i}", c.Id, $"Project {i:00}")).ToList();
        var from = new DateOnly(2026, 1, 5);
        var days = 364;
        await using (var db = databases.Create())
        {
            db.AddRange(engineers);
            db.AddRange(clients);
            db.AddRange(projects);
            await db.SaveChangesAsync();
        }

        const int batch = 10_000;
        for (var done = 0; done < count; done += batch)
        {
            await using var db = databases.Create();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = done; i < Math.Min(count, done + batch); i++)
            {
                var engineer = engineers[i % engineers.Count];
                var onProject = random.NextDouble() < 0.3;
                var project = projects[random.Next(projects.Count)];
                var entry = TimeEntry.Create(engineer.Id, onProject ? project.ClientId : clients[random.Next(clients.Count)].Id, "remote",
                    from.AddDays(random.Next(days)).ToDateTime(new TimeOnly(7 + random.Next(12), random.Next(4) * 15)),
                    random.Next(1, 16) * 15, billable: random.NextDouble() < 0.8, onProject ? project.Id : null);
                if (random.NextDouble() < 0.6)
                {
                    entry.Approve();
                }

                db.TimeEntries.Add(entry);
            }

            await db.SaveChangesAsync();
        }

        return (from, from.AddDays(days - 1));
    }
}
