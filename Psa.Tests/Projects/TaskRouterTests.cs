using Psa.Domain.Engineers;
using Psa.Domain.Projects.Routing;
using Shouldly;

namespace Psa.Tests.Projects;

public sealed class TaskRouterTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static readonly RoutingRequest AzureTask = new("Migrate file shares to Azure", "Set up Entra sync and storage accounts", Today.AddDays(2), Today.AddDays(3), 4);

    private static Engineer Engineer(string code, string name) => Psa.Domain.Engineers.Engineer.Create(code, name, 50m);

    private static TaskRouter Router(RoutingMode mode, IEnumerable<Engineer> team, Dictionary<Guid, decimal>? queued = null, Guid? last = null) =>
        new(mode, team, queued ?? [], last, Today);

    [Fact]
    public void Skills_based_picks_the_highest_weighted_match_and_explains_why()
    {
        var ana = Engineer("ana", "Ana");
        ana.AddSkill("Azure", 5, ["entra"]);
        var ben = Engineer("ben", "Ben");
        ben.AddSkill("Azure", 3);
        var decision = Router(RoutingMode.SkillsBased, [ana, ben], new() { [ana.Id] = 6 }).Route(AzureTask);
        decision.EngineerId.ShouldBe(ana.Id);
        decision.Reason.ShouldBe("skills: Azure 5; available; 6 h queued");
    }

    [Fact]
    public void Skills_based_sums_weights_of_several_matching_skills_and_aliases()
    {
        var ana = Engineer("ana", "Ana");
        ana.AddSkill("Azure", 3);
        var ben = Engineer("ben", "Ben");
        ben.AddSkill("Azure", 2);
        ben.AddSkill("Identity", 2, ["entra", "active directory"]);
        Router(RoutingMode.SkillsBased, [ana, ben]).Route(AzureTask).EngineerId.ShouldBe(ben.Id);
    }

    [Fact]
    public void Skills_based_ignores_expired_skills()
    {
        var ana = Engineer("ana", "Ana");
        ana.AddSkill("Azure", 5, expiresOn: Today.AddDays(-30));
        var ben = Engineer("ben", "Ben");
        ben.AddSkill("Azure", 2, expiresOn: Today.AddDays(365));
        var decision = Router(RoutingMode.SkillsBased, [ana, ben]).Route(AzureTask);
        decision.EngineerId.ShouldBe(ben.Id);
        decision.Reason.ShouldStartWith("skills: Azure 2");
    }

    [Fact]
    public void Skills_based_requires_calendar_availability_over_the_tasks_dates()
    {
        var ana = Engineer("ana", "Ana");
        ana.AddSkill("Azure", 5);
        ana.AddTimeOff(Today.AddDays(3), Today.AddDays(10), "Holiday");
        var ben = Engineer("ben", "Ben");
        ben.AddSkill("Azure", 1);
        Router(RoutingMode.SkillsBased, [ana, ben]).Route(AzureTask).EngineerId.ShouldBe(ben.Id);
    }

    [Fact]
    public void Skills_based_breaks_ties_by_load()
    {
        var ana = Engineer("ana", "Ana");
        ana.AddSkill("Azure", 4);
        var ben = Engineer("ben", "Ben");
        ben.AddSkill("Azure", 4);
        var decision = Router(RoutingMode.SkillsBased, [ana, ben], new() { [ana.Id] = 10, [ben.Id] = 2 }).Route(AzureTask);
        decision.EngineerId.ShouldBe(ben.Id);
        decision.Reason.ShouldBe("skills: Azure 4 (tie broken by load); available; 2 h queued");
    }

    [Fact]
    public void Skills_based_without_a_match_falls_back_to_the_least_loaded_available_engineer()
    {
        var ana = Engineer("ana", "Ana");
        ana.AddSkill("Networking", 5);
        var ben = Engineer("ben", "Ben");
        var decision = Router(RoutingMode.SkillsBased, [ana, ben], new() { [ana.Id] = 3 }).Route(AzureTask);
        decision.EngineerId.ShouldBe(ben.Id);
        decision.Reason.ShouldStartWith("no matching skills, fewest queued hours");
    }

    [Fact]
    public void Skill_terms_match_whole_words_only()
    {
        var ana = Engineer("ana", "Ana");
        ana.AddSkill("AD", 5);
        var ben = Engineer("ben", "Ben");
        Router(RoutingMode.SkillsBased, [ana, ben], new() { [ana.Id] = 9 })
            .Route(new RoutingRequest("Load balancer", "Add upstream", null, null, 1)).EngineerId.ShouldBe(ben.Id);
    }

    [Fact]
    public void Load_balancing_assigns_to_fewest_open_hours_and_counts_what_it_assigns()
    {
        var ana = Engineer("ana", "Ana");
        var ben = Engineer("ben", "Ben");
        var router = Router(RoutingMode.LoadBalancing, [ana, ben], new() { [ana.Id] = 5, [ben.Id] = 2 });
        var first = router.Route(AzureTask with { EstimateHours = 4 });
        first.EngineerId.ShouldBe(ben.Id);
        first.Reason.ShouldBe("fewest queued hours; available; 2 h queued");
        router.Route(AzureTask).EngineerId.ShouldBe(ana.Id);
        router.QueuedHours(ben.Id).ShouldBe(6);
    }

    [Fact]
    public void Load_balancing_skips_unavailable_engineers_and_breaks_ties_by_name()
    {
        var ana = Engineer("ana", "Ana");
        var ben = Engineer("ben", "Ben");
        var cai = Engineer("cai", "Cai");
        ana.AddTimeOff(Today, Today.AddDays(5), null);
        Router(RoutingMode.LoadBalancing, [cai, ana, ben]).Route(AzureTask).EngineerId.ShouldBe(ben.Id);
    }

    [Fact]
    public void Round_robin_continues_from_the_persistent_pointer_and_wraps()
    {
        var ana = Engineer("ana", "Ana");
        var ben = Engineer("ben", "Ben");
        var cai = Engineer("cai", "Cai");
        var router = Router(RoutingMode.RoundRobin, [ana, ben, cai], last: ben.Id);
        router.Route(AzureTask).EngineerId.ShouldBe(cai.Id);
        router.Route(AzureTask).EngineerId.ShouldBe(ana.Id);
        router.RoundRobinLast.ShouldBe(ana.Id);
    }

    [Fact]
    public void Round_robin_skips_an_engineer_on_time_off()
    {
        var ana = Engineer("ana", "Ana");
        var ben = Engineer("ben", "Ben");
        ben.AddTimeOff(Today, Today.AddDays(7), "Training");
        var router = Router(RoutingMode.RoundRobin, [ana, ben], last: ana.Id);
        router.Route(AzureTask).EngineerId.ShouldBe(ana.Id);
    }

    [Fact]
    public void Nobody_available_leaves_the_task_unassigned_with_the_reason()
    {
        var ana = Engineer("ana", "Ana");
        ana.AddTimeOff(Today, Today.AddDays(7), null);
        var decision = Router(RoutingMode.SkillsBased, [ana]).Route(AzureTask);
        decision.EngineerId.ShouldBeNull();
        decision.Reason.ShouldBe("no engineer is available over the task's dates");
    }

    [Fact]
    public void Manual_mode_never_assigns()
    {
        Router(RoutingMode.Manual, [Engineer("ana", "Ana")]).Route(AzureTask).EngineerId.ShouldBeNull();
    }
}
