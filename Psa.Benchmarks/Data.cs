using Psa.Domain.Engineers;
using Psa.Domain.Projects;
using Psa.Domain.Projects.Routing;

namespace Psa.Benchmarks;

/// <summary>Deterministic synthetic data: a realistic spread of skills, aliases, expiries and time off.</summary>
internal static class Data
{
    private static readonly (string Skill, string[] Aliases)[] Skills =
    [
        ("Azure", ["entra", "az-104", "intune"]), ("Microsoft 365", ["m365", "exchange online", "sharepoint", "teams"]),
        ("Windows Server", ["hyper-v", "active directory", "file shares"]), ("Networking", ["firewall", "vpn", "switch", "vlan"]),
        ("Backup", ["veeam", "restore"]), ("Linux", ["ubuntu", "debian", "nginx"]), ("Security", ["mfa", "edr", "phishing"]),
        ("Printing", ["printer", "papercut"]), ("VoIP", ["3cx", "phones", "sip"]), ("SQL Server", ["database", "sql"]),
    ];

    private static readonly string[] Verbs = ["Configure", "Migrate", "Install", "Review", "Document", "Upgrade", "Test", "Decommission"];

    public static List<Engineer> Engineers(int count, DateOnly today)
    {
        var random = new Random(42);
        var list = new List<Engineer>();
        for (var i = 0; i < count; i++)
        {
            var e = Engineer.Create($"eng{i:00}", $"Engineer {i:00}", 40 + random.Next(40));
            foreach (var (skill, aliases) in Skills.OrderBy(_ => random.Next()).Take(2 + random.Next(4)))
            {
                e.AddSkill(skill, 1 + random.Next(5), aliases, random.Next(4) == 0 ? today.AddDays(random.Next(-200, 200)) : null);
            }

            for (var t = 0; t < 3; t++)
            {
                var from = today.AddDays(random.Next(0, 120));
                e.AddTimeOff(from, from.AddDays(random.Next(0, 6)), "Holiday");
            }

            list.Add(e);
        }

        return list;
    }

    public static List<RoutingRequest> Requests(int count, DateOnly today)
    {
        var random = new Random(7);
        return Enumerable.Range(0, count).Select(i =>
        {
            var (skill, aliases) = Skills[random.Next(Skills.Length)];
            var term = random.Next(3) == 0 ? skill : aliases[random.Next(aliases.Length)];
            var start = today.AddDays(random.Next(0, 90));
            return new RoutingRequest($"{Verbs[random.Next(Verbs.Length)]} {term} for site {i % 17}", $"Task {i}: work on {term} and hand over notes.", start, start.AddDays(random.Next(0, 4)), 1 + random.Next(8));
        }).ToList();
    }

    public static ProjectPlan Plan(Guid clientId, int tasks, DateOnly today, IReadOnlyList<Engineer> engineers)
    {
        var project = Project.Create("bench", clientId, "Benchmark project");
        project.StartDate = today;
        project.BudgetHours = 2000;
        var plan = new ProjectPlan(project, [], [], []);
        var phases = Enumerable.Range(1, 10).Select(i => plan.AddPhase($"Phase {i}", i % 3 == 0, 0.1m)).ToList();
        for (var i = 1; i < phases.Count; i++)
        {
            plan.AddPhaseDependency(phases[i].Id, phases[i - 1].Id);
            plan.AddGateItem(phases[i - 1].Id, $"Gate {i}");
        }

        ProjectTask? previous = null;
        for (var i = 0; i < tasks; i++)
        {
            var phase = phases[i * phases.Count / tasks];
            var start = today.AddDays(i / 5);
            var task = plan.AddTask(phase.Id, $"Task {i} {Verbs[i % Verbs.Length]}", 60 * (1 + (i % 8)), start, start.AddDays(i % 3));
            plan.AssignTask(task.Id, engineers[i % 10].Id, null);
            task.Status = (ProjectTaskStatus)(i % 4);
            if (previous is not null && i % 4 == 0 && previous.PhaseId == task.PhaseId)
            {
                plan.AddTaskDependency(task.Id, previous.Id);
            }

            if (i % 10 == 0)
            {
                plan.AddTaskChecklistItem(task.Id, "Checked with the client");
            }

            previous = task;
        }

        return plan;
    }
}

/// <summary>Server prerendering has no browser: JS calls are not made, but components ask for the service.</summary>
internal sealed class NoJsRuntime : Microsoft.JSInterop.IJSRuntime
{
    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => ValueTask.FromResult(default(TValue)!);

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) => ValueTask.FromResult(default(TValue)!);
}

internal sealed class BenchNavigation : Microsoft.AspNetCore.Components.NavigationManager
{
    public BenchNavigation() => Initialize("http://demo.localhost/", "http://demo.localhost/projects/1");
}
