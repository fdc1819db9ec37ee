using Microsoft.EntityFrameworkCore;
using Psa.Domain.Clients;
using Psa.Domain.Engineers;
using Psa.Domain.Projects;
using Psa.Domain.Settings;
using Psa.Domain.TimeTracking;
using Psa.Infrastructure.Tenancy;

namespace Psa.Web.TimeTracking;

/// <summary>A few weeks of believable time for the demo team: approved past weeks, a submitted one, and this week in draft.</summary>
public static class TimeDemoData
{
    private static readonly (string Code, string Email, decimal CostRate)[] Team =
        [("priya", "priya@", 62m), ("tom", "tom@", 48m), ("aisha", "aisha@", 51m), ("marco", "marco@", 45m)];

    private static readonly (string Code, string Name)[] ClientsWanted =
        [("contoso", "Contoso Ltd"), ("fabrikam", "Fabrikam Inc"), ("tailspin", "Tailspin Toys")];

    public static async Task SeedAsync(IServiceProvider tenantServices, CancellationToken cancellationToken = default)
    {
        var time = tenantServices.GetRequiredService<TimeProvider>();
        await using var db = tenantServices.GetRequiredService<TenantDbContextFactory>().Create();
        // Its own project marks that it ran; other demo data may already have logged time.
        if (await db.Projects.AnyAsync(p => p.Code == "contoso-m365", cancellationToken))
        {
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var engineers = new List<Engineer>();
        foreach (var (code, email, cost) in Team)
        {
            var engineer = await db.Engineers.SingleOrDefaultAsync(e => e.Code == code, cancellationToken);
            if (engineer is null)
            {
                var user = await db.Users.SingleOrDefaultAsync(u => u.Email!.StartsWith(email), cancellationToken);
                engineer = Engineer.Create(code, user?.DisplayName ?? code, cost, user?.Id);
                db.Engineers.Add(engineer);
            }

            engineers.Add(engineer);
        }

        var clients = new List<Client>();
        foreach (var (code, name) in ClientsWanted)
        {
            var client = await db.Clients.SingleOrDefaultAsync(c => c.Code == code, cancellationToken);
            if (client is null)
            {
                client = Client.Create(code, name, 0.08875m);
                db.Clients.Add(client);
            }

            clients.Add(client);
        }

        var project = await db.Projects.SingleOrDefaultAsync(p => p.Code == "contoso-m365", cancellationToken);
        var tasks = new List<ProjectTask>();
        if (project is null)
        {
            project = Project.Create("contoso-m365", clients[0].Id, "Microsoft 365 migration");
            project.Status = ProjectStatus.Active;
            project.BudgetHours = 120;
            var phase = ProjectPhase.Create(project.Id, 1, "Discovery and migration");
            // Tom, Aisha, Marco and Priya each own one step of the migration.
            tasks.AddRange(new[] { "Mailbox audit", "Tenant set-up", "Pilot migration", "Cut-over" }
                .Select((title, i) => ProjectTask.Create(project.Id, phase.Id, title, order: i, assigneeEngineerId: engineers[(i + 1) % engineers.Count].Id)));
            db.AddRange(project, phase);
            db.AddRange(tasks);
        }
        else
        {
            tasks = await db.ProjectTasks.Where(t => t.ProjectId == project.Id).ToListAsync(cancellationToken);
        }

        var year = time.GetUtcNow().Year;
        foreach (var (date, name) in new[] { (new DateOnly(year, 11, 26), "Thanksgiving"), (new DateOnly(year, 12, 25), "Christmas Day") })
        {
            if (!await db.Holidays.AnyAsync(h => h.Date == date, cancellationToken))
            {
                db.Holidays.Add(Holiday.Create(date, name));
            }
        }

        await db.SaveChangesAsync(cancellationToken);

        var random = new Random(42);
        var thisWeek = Week.StartOf(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        string[] workTypes = ["remote", "onsite", "remote", "admin"];
        for (var w = 3; w >= 0; w--)
        {
            var weekStart = thisWeek.AddDays(-7 * w);
            foreach (var engineer in engineers)
            {
                var entries = new List<TimeEntry>();
                for (var d = 0; d < 5; d++)
                {
                    var day = weekStart.AddDays(d);
                    if (w == 0 && day > DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime))
                    {
                        break;
                    }

                    var clock = new TimeOnly(8, 30);
                    for (var n = random.Next(3, 6); n > 0; n--)
                    {
                        var minutes = random.Next(2, 9) * 15;
                        var useTask = tasks.Count > 0 && random.NextDouble() < 0.35;
                        var workType = useTask ? "project" : workTypes[random.Next(workTypes.Length)];
                        var client = clients[random.Next(clients.Count)];
                        var task = useTask ? tasks[random.Next(tasks.Count)] : null;
                        var entry = TimeEntry.Create(engineer.Id, task is null ? client.Id : project.ClientId, workType, day.ToDateTime(clock), minutes,
                            billable: workType != "admin", task?.ProjectId, task?.Id);
                        entry.ClientNote = useTask ? null : workType == "onsite" ? "Onsite visit" : "Support ticket";
                        entries.Add(entry);
                        clock = clock.AddMinutes(minutes + 15);
                    }

                    // Now and then a late evening call.
                    if (random.NextDouble() < 0.2)
                    {
                        entries.Add(TimeEntry.Create(engineer.Id, clients[random.Next(clients.Count)].Id, "remote", day.ToDateTime(new TimeOnly(19, 0)), 45, true));
                    }
                }

                db.TimeEntries.AddRange(entries);
                if (w >= 1 && entries.Count > 0)
                {
                    var sheet = Timesheet.Open(engineer.Id, weekStart);
                    sheet.Submit(entries, time.GetUtcNow());
                    if (w >= 2)
                    {
                        sheet.Approve(entries, "demo", "Priya Shah", null, time.GetUtcNow());
                    }

                    db.Timesheets.Add(sheet);
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
