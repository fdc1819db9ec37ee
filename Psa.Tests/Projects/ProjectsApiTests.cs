using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Psa.Infrastructure.Identity;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Support;
using Shouldly;

namespace Psa.Tests.Projects;

/// <summary>The delivery API end to end over a real host and real SQLite files.</summary>
public sealed class ProjectsApiTests(PsaAppFactory app) : IClassFixture<PsaAppFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly PsaAppFactory _app = app;
    private readonly string _acme = app.NewSlug("acme");
    private readonly string _globex = app.NewSlug("globex");

    private async Task<HttpClient> ApiAsync(string slug)
    {
        var result = await _app.CreateTenantAsync(slug);
        var token = await Api.ApiTests.CreateTokenAsync(_app, result);

        var client = _app.ClientFor(slug);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return JsonNode.Parse(body)!;
    }

    private static async Task<JsonNode> PostAsync(HttpClient api, string url, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        await ReadAsync(await api.PostAsJsonAsync(url, body, Json), expected);

    private static async Task<JsonNode> GetAsync(HttpClient api, string url) => await ReadAsync(await api.GetAsync(url), HttpStatusCode.OK);

    private static object Template(string teamless = "") => new
    {
        name = "Azure migration" + teamless,
        projectType = "Cloud",
        routingMode = "SkillsBased",
        billingModel = "Milestone",
        phases = new object[]
        {
            new { key = "plan", name = "Plan", gateItems = new[] { "Scope agreed" }, tasks = new object[]
            {
                new { key = "assess", title = "Assess workloads for Azure", estimateMinutes = 240, startOffsetDays = 0, durationDays = 1 },
            } },
            new { key = "move", name = "Move", dependsOn = new[] { "plan" }, requiresClientSignOff = true, milestonePercent = 1.0, tasks = new object[]
            {
                new { key = "net", title = "Configure firewall and VPN", estimateMinutes = 180, startOffsetDays = 2, durationDays = 1, predecessors = new[] { "assess" } },
                new { key = "vm", title = "Migrate VMs to Azure", estimateMinutes = 480, startOffsetDays = 3, durationDays = 2, predecessors = new[] { "net" }, checklist = new[] { "Backups taken" } },
            } },
        },
    };

    [Fact]
    public async Task Template_quote_accept_deploys_a_routed_project_with_the_quotes_budget_and_notifies_engineers()
    {
        var api = await ApiAsync(_acme);
        var client = await PostAsync(api, "/api/v1/clients", new { code = "contoso", name = "Contoso Ltd", taxRatePercent = 20, hourlyRate = 150 }, HttpStatusCode.Created);
        var clientId = client["id"]!.GetValue<Guid>();
        await PostAsync(api, $"/api/v1/clients/{clientId}/contacts", new { name = "Jamie Smith", email = "jamie@contoso.example", primary = true }, HttpStatusCode.Created);
        await PostAsync(api, $"/api/v1/clients/{clientId}/sites", new { name = "Head office", address = "1 High St" }, HttpStatusCode.Created);

        var ana = await PostAsync(api, "/api/v1/engineers", new { code = "ana", name = "Ana Cloud", email = "ana@acme.test", costRate = 60, weeklyCapacityHours = 40, workingDays = "Weekdays" }, HttpStatusCode.Created);
        var ben = await PostAsync(api, "/api/v1/engineers", new { code = "ben", name = "Ben Net", email = "ben@acme.test", costRate = 50, weeklyCapacityHours = 40, workingDays = "Weekdays" }, HttpStatusCode.Created);
        var anaId = ana["id"]!.GetValue<Guid>();
        var benId = ben["id"]!.GetValue<Guid>();
        await PostAsync(api, $"/api/v1/engineers/{anaId}/skills", new { name = "Azure", weight = 5, aliases = new[] { "entra" } });
        await PostAsync(api, $"/api/v1/engineers/{benId}/skills", new { name = "Networking", weight = 5, aliases = new[] { "firewall", "vpn" } });
        await PostAsync(api, $"/api/v1/engineers/{benId}/skills", new { name = "Azure", weight = 5, expiresOn = "2020-01-01" });

        var template = await PostAsync(api, "/api/v1/templates", Template(), HttpStatusCode.Created);
        var templateId = template["id"]!.GetValue<Guid>();

        var quote = await PostAsync(api, "/api/v1/quotes", new { clientId, title = "Azure move" }, HttpStatusCode.Created);
        var quoteId = quote["id"]!.GetValue<Guid>();
        await PostAsync(api, $"/api/v1/quotes/{quoteId}/lines", new { kind = "Hardware", description = "Firewall appliance", quantity = 1, unitPrice = 1200 });
        var withLines = await PostAsync(api, $"/api/v1/quotes/{quoteId}/lines", new { kind = "Service", description = "Azure migration", quantity = 1, unitPrice = 5400, hours = 30, templateId });
        withLines["total"]!.GetValue<decimal>().ShouldBe(6600m);

        var accepted = await PostAsync(api, $"/api/v1/quotes/{quoteId}/accept", new { });
        accepted["salesOrderNumber"]!.GetValue<string>().ShouldBe("SO-1001");
        var deployed = accepted["projects"]!.AsArray().ShouldHaveSingleItem()!;
        deployed["assigned"]!.GetValue<int>().ShouldBe(3);

        var project = await GetAsync(api, $"/api/v1/projects/{deployed["id"]}");
        project["budgetAmount"]!.GetValue<decimal>().ShouldBe(5400m);
        project["budgetHours"]!.GetValue<decimal>().ShouldBe(30m);
        project["quoteId"]!.GetValue<Guid>().ShouldBe(quoteId);
        project["budget"]!["loggedHours"]!.GetValue<decimal>().ShouldBe(0m);
        var tasks = project["tasks"]!.AsArray();
        var net = tasks.Single(t => t!["title"]!.GetValue<string>() == "Configure firewall and VPN")!;
        net["assigneeEngineerId"]!.GetValue<Guid>().ShouldBe(benId);
        net["assignmentReason"]!.GetValue<string>().ShouldStartWith("skills: Networking 5");
        var vm = tasks.Single(t => t!["title"]!.GetValue<string>() == "Migrate VMs to Azure")!;
        vm["assigneeEngineerId"]!.GetValue<Guid>().ShouldBe(anaId, "Ben's Azure skill has expired");

        var quoteAfter = await GetAsync(api, $"/api/v1/quotes/{quoteId}");
        quoteAfter["status"]!.GetValue<string>().ShouldBe("Accepted");
        (await api.PostAsJsonAsync($"/api/v1/quotes/{quoteId}/accept", new { })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        await using var scope = _app.Service<TenantScopeFactory>().Open((await _app.Service<Psa.Infrastructure.Catalog.TenantDirectory>().FindAsync(Psa.Domain.Tenancy.TenantSlug.Parse(_acme)))!);
        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
        (await db.SalesOrders.CountAsync()).ShouldBe(1);
        (await db.Outbox.Where(m => m.To == "ana@acme.test" || m.To == "ben@acme.test").CountAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task Moving_a_task_to_in_progress_starts_the_movers_timer_and_done_stops_it_saving_the_time()
    {
        var api = await ApiAsync("timers");
        var client = await PostAsync(api, "/api/v1/clients", new { code = "tailspin", name = "Tailspin", taxRatePercent = 0 }, HttpStatusCode.Created);
        var template = await PostAsync(api, "/api/v1/templates", Template(), HttpStatusCode.Created);
        var project = await PostAsync(api, $"/api/v1/templates/{template["id"]}/deploy", new { clientId = client["id"]!.GetValue<Guid>(), start = "2026-12-07" }, HttpStatusCode.Created);
        var id = project["id"]!.GetValue<Guid>();
        var assess = project["tasks"]!.AsArray().Single(t => t!["title"]!.GetValue<string>() == "Assess workloads for Azure")!["id"]!.GetValue<Guid>();

        var started = await api.PatchAsJsonAsync($"/api/v1/projects/{id}/tasks/{assess}", new { status = "InProgress" }, Json);
        started.StatusCode.ShouldBe(HttpStatusCode.OK, await started.Content.ReadAsStringAsync());
        var tenant = (await _app.Service<Psa.Infrastructure.Catalog.TenantDirectory>().FindAsync(Psa.Domain.Tenancy.TenantSlug.Parse("timers")))!;
        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant))
        await using (var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create())
        {
            (await db.Timers.CountAsync(t => t.TaskId == assess && t.StoppedUtc == null)).ShouldBe(1);
        }

        var done = await api.PatchAsJsonAsync($"/api/v1/projects/{id}/tasks/{assess}", new { status = "Done" }, Json);
        done.StatusCode.ShouldBe(HttpStatusCode.OK, await done.Content.ReadAsStringAsync());
        await using (var scope = _app.Service<TenantScopeFactory>().Open(tenant))
        await using (var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create())
        {
            (await db.Timers.CountAsync(t => t.TaskId == assess && t.StoppedUtc == null)).ShouldBe(0);
            (await db.TimeEntries.CountAsync(t => t.TaskId == assess)).ShouldBe(1);
        }
    }

    [Fact]
    public async Task Task_changes_that_break_a_rule_answer_409_naming_the_rule()
    {
        var api = await ApiAsync("rules");
        var client = await PostAsync(api, "/api/v1/clients", new { code = "fabrikam", name = "Fabrikam", taxRatePercent = 0 }, HttpStatusCode.Created);
        var template = await PostAsync(api, "/api/v1/templates", Template(), HttpStatusCode.Created);
        var project = await PostAsync(api, $"/api/v1/templates/{template["id"]}/deploy", new { clientId = client["id"]!.GetValue<Guid>(), start = "2026-12-07" }, HttpStatusCode.Created);
        var id = project["id"]!.GetValue<Guid>();
        var tasks = project["tasks"]!.AsArray();
        Guid Task(string title) => tasks.Single(t => t!["title"]!.GetValue<string>() == title)!["id"]!.GetValue<Guid>();

        var start = await api.PatchAsJsonAsync($"/api/v1/projects/{id}/tasks/{Task("Configure firewall and VPN")}", new { status = "InProgress" }, Json);
        var problem = await ReadAsync(start, HttpStatusCode.Conflict);
        problem["rule"]!.GetValue<string>().ShouldBe("TaskCannotStartWhileDependedPhaseIsOpen");
        problem["detail"]!.GetValue<string>().ShouldContain("phase “Plan” is not complete (0 of 1 tasks done) and has open gate items: “Scope agreed”");

        var cycle = await api.PostAsJsonAsync($"/api/v1/projects/{id}/tasks/{Task("Assess workloads for Azure")}/dependencies", new { predecessorId = Task("Migrate VMs to Azure") }, Json);
        (await ReadAsync(cycle, HttpStatusCode.Conflict))["rule"]!.GetValue<string>().ShouldBe("DependenciesMustNotFormCycle");

        var early = await api.PatchAsJsonAsync($"/api/v1/projects/{id}/tasks/{Task("Migrate VMs to Azure")}", new { startDate = "2026-12-08", dueDate = "2026-12-09" }, Json);
        (await ReadAsync(early, HttpStatusCode.Conflict))["rule"]!.GetValue<string>().ShouldBe("TaskMustStartAfterPredecessorsFinish");

        var moved = await api.PatchAsJsonAsync($"/api/v1/projects/{id}/tasks/{Task("Configure firewall and VPN")}", new { startDate = "2026-12-10", dueDate = "2026-12-11" }, Json);
        await ReadAsync(moved, HttpStatusCode.OK);
        var after = await GetAsync(api, $"/api/v1/projects/{id}/tasks");
        after.AsArray().Single(t => t!["title"]!.GetValue<string>() == "Migrate VMs to Azure")!["startDate"]!.GetValue<string>().ShouldBe("2026-12-12");

        var badClient = await api.PostAsJsonAsync("/api/v1/clients", new { code = "", name = "" }, Json);
        var validation = await ReadAsync(badClient, HttpStatusCode.BadRequest);
        validation["errors"]!.AsObject().Select(e => e.Key).ShouldContain("Code");
    }

    [Fact]
    public async Task Signing_off_and_checking_gates_completes_phases_and_unblocks_the_next()
    {
        var api = await ApiAsync("gates");
        var client = await PostAsync(api, "/api/v1/clients", new { code = "tailspin", name = "Tailspin", taxRatePercent = 0 }, HttpStatusCode.Created);
        var template = await PostAsync(api, "/api/v1/templates", Template(), HttpStatusCode.Created);
        var project = await PostAsync(api, $"/api/v1/templates/{template["id"]}/deploy", new { clientId = client["id"]!.GetValue<Guid>(), start = "2026-12-07" }, HttpStatusCode.Created);
        var id = project["id"]!.GetValue<Guid>();
        var plan = project["phases"]![0]!;
        var assess = project["tasks"]!.AsArray().Single(t => t!["title"]!.GetValue<string>() == "Assess workloads for Azure")!["id"]!.GetValue<Guid>();
        await ReadAsync(await api.PatchAsJsonAsync($"/api/v1/projects/{id}/tasks/{assess}", new { status = "Done" }, Json), HttpStatusCode.OK);
        (await api.PostAsJsonAsync($"/api/v1/projects/{id}/checklist/{plan["gateItems"]![0]!["id"]}", new { done = true }, Json)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var phases = await GetAsync(api, $"/api/v1/projects/{id}/phases");
        phases[0]!["completedOn"].ShouldNotBeNull();
        phases[0]!["tasksDone"]!.GetValue<int>().ShouldBe(1);

        var move = phases[1]!;
        var signOff = await api.PostAsJsonAsync($"/api/v1/projects/{id}/phases/{move["id"]}/sign-off", new { note = "" }, Json);
        (await ReadAsync(signOff, HttpStatusCode.Conflict))["rule"]!.GetValue<string>().ShouldBe("SignOffOnBehalfNeedsNote");
        var complete = await api.PostAsync($"/api/v1/projects/{id}/phases/{move["id"]}/complete", null);
        (await ReadAsync(complete, HttpStatusCode.Conflict))["rule"]!.GetValue<string>().ShouldBe("PhaseCompletesOnlyWhenTasksDoneGatesCheckedAndSignedOff");
    }

    [Fact]
    public async Task Workspaces_do_not_see_each_others_projects()
    {
        var a = await ApiAsync("alpha");
        var client = await PostAsync(a, "/api/v1/clients", new { code = "contoso", name = "Contoso", taxRatePercent = 0 }, HttpStatusCode.Created);
        await PostAsync(a, "/api/v1/projects", new { code = "p1", clientId = client["id"]!.GetValue<Guid>(), name = "Alpha project", status = "Planned", billingModel = "AsWorked", routingMode = "Manual" }, HttpStatusCode.Created);
        var b = await ApiAsync("beta");
        (await GetAsync(b, "/api/v1/projects")).AsArray().ShouldBeEmpty();
        (await GetAsync(b, "/api/v1/clients")).AsArray().ShouldBeEmpty();
        (await GetAsync(a, "/api/v1/engineers")).AsArray().Select(e => e!["name"]!.GetValue<string>()).ShouldBe(["Owner alpha"]);
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_delivery_endpoints()
    {
        _ = _app.Server;
        var doc = await _app.ClientFor(null).GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/api/v1/clients", "/api/v1/engineers", "/api/v1/projects/{id}/tasks/{taskId}", "/api/v1/templates/{id}/deploy", "/api/v1/quotes/{id}/accept" })
        {
            doc.ShouldContain($"\"{path}\"");
        }
    }
}
