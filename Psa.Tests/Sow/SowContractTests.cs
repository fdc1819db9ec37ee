using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Psa.Benchmarks.Sow;
using Psa.Domain.Clients;
using Psa.Domain.Engineers;
using Psa.Domain.Projects;
using Psa.Domain.TimeTracking;
using Psa.Infrastructure.Catalog;
using Psa.Infrastructure.Tenancy;
using Psa.Tests.Api;
using Psa.Tests.Support;
using Psa.Web.Cli;
using Psa.Web.Projects;
using Shouldly;

namespace Psa.Tests.Sow;

/// <summary>The SOW contracts: <c>sow parse</c> on the command line and <c>POST /api/v1/sow/proposals</c>.</summary>
public sealed class SowContractTests(PsaAppFactory app) : IDisposable, IClassFixture<PsaAppFactory>
{
    private readonly string _acme = app.NewSlug("acme");
    private readonly string _cliData = Path.Combine(Path.GetTempPath(), "psa-cli-tests", Guid.NewGuid().ToString("N"));

    private static string Corpus(string name) => SowCorpus.Documents().Single(d => Path.GetFileName(d.Document) == name).Document;

    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(args, output, error, b => b.Configuration["Psa:DataDirectory"] = _cliData);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task SowParse_Json_PrintsTheProposalInTheContractShape()
    {
        var result = await RunAsync("sow", "parse", "--file", Corpus("04-network-refresh.docx"), "--json");

        result.Code.ShouldBe(0, result.Err);
        var root = JsonDocument.Parse(result.Out).RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(["phases", "assumptions", "exclusions", "similarProjects"]);
        var phases = root.GetProperty("phases");
        phases.GetArrayLength().ShouldBe(3);
        var installation = phases[1];
        installation.EnumerateObject().Select(p => p.Name).ShouldBe(["name", "dependsOn", "signOff", "milestone", "tasks"]);
        installation.GetProperty("name").GetString().ShouldBe("Phase 2: Installation");
        installation.GetProperty("dependsOn")[0].GetString().ShouldBe("Phase 1: Survey");
        installation.GetProperty("milestone").GetProperty("percent").GetDecimal().ShouldBe(40m);
        installation.GetProperty("milestone").TryGetProperty("amount", out _).ShouldBeFalse();
        phases[0].GetProperty("milestone").ValueKind.ShouldBe(JsonValueKind.Null);
        phases[2].GetProperty("signOff").GetBoolean().ShouldBeTrue();
        var task = installation.GetProperty("tasks")[0];
        task.EnumerateObject().Select(p => p.Name).ShouldBe(["title", "estimateHours", "skills", "checklist"]);
        task.GetProperty("title").GetString().ShouldBe("Install and configure core switches");
        task.GetProperty("estimateHours").GetDecimal().ShouldBe(16m);
        task.GetProperty("checklist").EnumerateArray().Select(c => c.GetString()).ShouldBe(["Configuration backed up", "Spanning tree verified"]);
        root.GetProperty("assumptions").GetArrayLength().ShouldBe(2);
        root.GetProperty("similarProjects").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task SowParse_WithoutJson_PrintsAReadableOutline()
    {
        var result = await RunAsync("sow", "parse", "--file", Corpus("01-server-migration.md"));
        result.Code.ShouldBe(0, result.Err);
        result.Out.ShouldContain("Phase 2 — Migration (after Phase 1 — Discovery & Planning); milestone On completion of Phase 2: 40 %");
        result.Out.ShouldContain("  - Migrate file shares and permissions (12 h)");
    }

    [Fact]
    public async Task SowParse_WithTenant_SeedsFromThatWorkspacesPastProjects()
    {
        (await RunAsync("tenant", "create", "--slug", "acme", "--name", "Acme IT", "--admin-email", "a@acme.test", "--admin-password", "Str0ng-Password")).Code.ShouldBe(0);
        var seeded = await RunWithPastMigrationAsync();
        seeded.Code.ShouldBe(0, seeded.Err);
        var root = JsonDocument.Parse(seeded.Out).RootElement;
        root.GetProperty("similarProjects")[0].GetProperty("code").GetString().ShouldBe("old-migration");
        root.GetProperty("similarProjects")[0].GetProperty("score").GetDecimal().ShouldBeGreaterThan(0m);
        root.GetProperty("phases").EnumerateArray().SelectMany(p => p.GetProperty("tasks").EnumerateArray()).Select(t => t.GetProperty("title").GetString())
            .ShouldContain("Decommission the old server");
    }

    private async Task<(int Code, string Out, string Err)> RunWithPastMigrationAsync()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration["Psa:DataDirectory"] = _cliData;
        Psa.Web.Hosting.PsaWebApp.AddServices(builder.Services, builder.Configuration);
        using (var host = builder.Build())
        {
            var tenant = await BillingCommands.FindAsync(host.Services, "acme");
            await using var scope = host.Services.GetRequiredService<TenantScopeFactory>().Open(tenant);
            await using var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create();
            await AddPastMigrationAsync(db);
        }

        return await RunAsync("sow", "parse", "--file", Corpus("01-server-migration.md"), "--tenant", "acme", "--json");
    }

    internal static async Task AddPastMigrationAsync(TenantDbContext db)
    {
        var client = Client.Create("old", "Old Client", 0m);
        var engineer = Engineer.Create("eng", "Engineer", 50m);
        db.Clients.Add(client);
        db.Engineers.Add(engineer);
        var plan = new ProjectPlan(Project.Create("old-migration", client.Id, "Server migration for Old Client"), [], [], []);
        plan.Project.ProjectType = "Server migration";
        var discovery = plan.AddPhase("Discovery & Planning");
        var migration = plan.AddPhase("Migration");
        var handover = plan.AddPhase("Handover & Closure");
        plan.AddTask(discovery.Id, "Document the current environment", 480);
        var shares = plan.AddTask(migration.Id, "Migrate file shares and permissions", 720);
        plan.AddTask(migration.Id, "Provision and configure the new server", 960);
        var decommission = plan.AddTask(handover.Id, "Decommission the old server", 240);
        ProjectStore.TrackNew(db, plan);
        db.TimeEntries.Add(TimeEntry.Create(engineer.Id, client.Id, "project", new DateTime(2026, 6, 1, 9, 0, 0), 1260, true, plan.Project.Id, shares.Id));
        db.TimeEntries.Add(TimeEntry.Create(engineer.Id, client.Id, "project", new DateTime(2026, 6, 2, 9, 0, 0), 300, true, plan.Project.Id, decommission.Id));
        await db.SaveChangesAsync();
    }

    [Theory]
    [InlineData("missing.docx", "does not exist")]
    [InlineData("notes.xlsx", ".docx, .pdf, .md or .txt")]
    public async Task SowParse_UnreadableFile_Exits2WithAReason(string name, string reason)
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + "-" + name);
        if (name.EndsWith(".xlsx", StringComparison.Ordinal))
        {
            await File.WriteAllTextAsync(path, "x");
        }

        var result = await RunAsync("sow", "parse", "--file", path, "--json");
        result.Code.ShouldBe(2);
        result.Err.Trim().Split('\n').Length.ShouldBe(1);
        result.Err.ShouldContain(reason);
    }

    [Fact]
    public async Task SowParse_BrokenWordFile_Exits2()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".docx");
        await File.WriteAllTextAsync(path, "this is not a Word file");
        var result = await RunAsync("sow", "parse", "--file", path);
        result.Code.ShouldBe(2);
        result.Err.ShouldContain("could not be read");
    }

    private async Task<HttpClient> ApiAsync(string slug)
    {
        var tenant = await app.CreateTenantAsync(slug);
        var token = await ApiTests.CreateTokenAsync(app, tenant);
        var client = app.ClientFor(slug);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static MultipartFormDataContent Upload(string path, string? name = null) => Upload(name ?? Path.GetFileName(path), File.ReadAllBytes(path));

    private static MultipartFormDataContent Upload(string name, byte[] content)
    {
        // The form disposes its parts.
#pragma warning disable CA2000
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(content), "file", name);
#pragma warning restore CA2000
        return form;
    }

    [Fact]
    public async Task ProposalsApi_ReturnsTheSameJsonAsTheCommandLine()
    {
        var api = await ApiAsync(_acme);
        using var upload = Upload(Corpus("05-backup-dr.pdf"));
        var response = await api.PostAsync("/api/v1/sow/proposals", upload);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        var cli = await RunAsync("sow", "parse", "--file", Corpus("05-backup-dr.pdf"), "--json");
        JsonSerializer.Serialize(body).ShouldBe(JsonSerializer.Serialize(JsonDocument.Parse(cli.Out).RootElement));
        body.GetProperty("phases")[2].GetProperty("milestone").GetProperty("amount").GetDecimal().ShouldBe(3500m);
    }

    [Fact]
    public async Task ProposalsApi_SeedsFromTheWorkspacesPastProjects()
    {
        var api = await ApiAsync(_acme);
        await using (var scope = app.Service<TenantScopeFactory>().Open((await app.Service<TenantDirectory>().FindAsync(Psa.Domain.Tenancy.TenantSlug.Parse(_acme)))!))
        await using (var db = scope.ServiceProvider.GetRequiredService<TenantDbContextFactory>().Create())
        {
            await AddPastMigrationAsync(db);
        }

        using var upload = Upload(Corpus("01-server-migration.md"));
        var body = await (await api.PostAsync("/api/v1/sow/proposals", upload)).Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("similarProjects")[0].GetProperty("code").GetString().ShouldBe("old-migration");
        var shares = body.GetProperty("phases")[1].GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("title").GetString() == "Migrate file shares and permissions");
        shares.GetProperty("estimateHours").GetDecimal().ShouldBe(21m, "the SOW says 12 h; the past project took 21 h");
    }

    [Fact]
    public async Task ProposalsApi_RefusesOtherFileTypes_AndAMissingFile()
    {
        var api = await ApiAsync(_acme);
        using var wrong = Upload("plan.xlsx", [1, 2, 3]);
        var refused = await api.PostAsync("/api/v1/sow/proposals", wrong);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain(".docx, .pdf, .md or .txt");

        using var other = new MultipartFormDataContent();
        using var field = new StringContent("x");
        other.Add(field, "other");
        var empty = await api.PostAsync("/api/v1/sow/proposals", other);
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ProposalsApi_IsInTheOpenApiDocument()
    {
        _ = app.Server;
        var doc = await app.ClientFor(null).GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        doc.GetProperty("paths").TryGetProperty("/api/v1/sow/proposals", out var path).ShouldBeTrue();
        path.TryGetProperty("post", out _).ShouldBeTrue();
    }

    public void Dispose()
    {
        if (Directory.Exists(_cliData))
        {
            try
            {
                Directory.Delete(_cliData, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold a file briefly; the temp folder is cleaned by the OS.
            }
        }
    }
}
