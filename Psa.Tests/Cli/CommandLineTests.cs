using System.Text.Json;
using Psa.Web.Cli;
using Shouldly;

namespace Psa.Tests.Cli;

public sealed class CommandLineTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "psa-cli-tests", Guid.NewGuid().ToString("N"));

    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(args, output, error, b => b.Configuration["Psa:DataDirectory"] = _data);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task TenantLifecycle_CreateListSuspendResume()
    {
        var created = await RunAsync("tenant", "create", "--slug", "acme", "--name", "Acme IT", "--admin-email", "a@acme.test", "--admin-password", "Str0ng-Password");
        created.Code.ShouldBe(0, created.Err);
        created.Out.ShouldContain("Created workspace 'acme'");

        var list = await RunAsync("tenant", "list", "--json");
        list.Code.ShouldBe(0);
        var tenants = JsonDocument.Parse(list.Out).RootElement;
        tenants.GetArrayLength().ShouldBe(1);
        tenants[0].GetProperty("slug").GetString().ShouldBe("acme");
        tenants[0].GetProperty("status").GetString().ShouldBe("active");
        tenants[0].GetProperty("users").GetInt32().ShouldBe(1);

        (await RunAsync("tenant", "suspend", "acme")).Code.ShouldBe(0);
        (await RunAsync("tenant", "list")).Out.ShouldContain("suspended");
        (await RunAsync("tenant", "resume", "acme")).Code.ShouldBe(0);
        (await RunAsync("tenant", "list")).Out.ShouldContain("active");
        (await RunAsync("migrate")).Out.ShouldContain("1 workspace(s)");
    }

    [Theory]
    [InlineData("tenant create --slug admin --name X --admin-email a@x.test --admin-password Str0ng-Password", "reserved")]
    [InlineData("tenant create --slug ok-slug --name X --admin-email a@x.test --admin-password weak", "Password")]
    [InlineData("tenant create --slug ok-slug --name X --admin-email a@x.test", "--admin-password is required")]
    [InlineData("tenant suspend nobody", "No workspace 'nobody'")]
    [InlineData("tenant resume", "needs a workspace slug")]
    [InlineData("tenant frobnicate", "unknown command")]
    [InlineData("admin create --email not-an-email --password Str0ng-Password", "Email must be")]
    public async Task BadInput_Exits2WithOneLineReason(string commandLine, string reason)
    {
        var result = await RunAsync(commandLine.Split(' '));
        result.Code.ShouldBe(2);
        result.Err.Trim().Split('\n').Length.ShouldBe(1);
        result.Err.ShouldContain(reason);
    }

    [Fact]
    public async Task TenantCreate_TakenSlug_Exits2()
    {
        (await RunAsync("tenant", "create", "--slug", "acme", "--name", "A", "--admin-email", "a@a.test", "--admin-password", "Str0ng-Password")).Code.ShouldBe(0);
        var again = await RunAsync("tenant", "create", "--slug", "acme", "--name", "B", "--admin-email", "b@a.test", "--admin-password", "Str0ng-Password");
        again.Code.ShouldBe(2);
        again.Err.ShouldContain("already taken");
    }

    [Fact]
    public async Task TenantDemo_CreatesAWorkspaceWithTheDemosTeamAndData_AtAnySlug_OnceEach()
    {
        var created = await RunAsync("tenant", "demo", "--slug", "sales-demo");
        created.Code.ShouldBe(0, created.Err);
        created.Out.ShouldContain("Created workspace 'sales-demo' (Northwind IT Services)");
        created.Out.ShouldContain("owner@demo.psa.test");
        (await RunAsync("tenant", "demo", "--slug", "training")).Code.ShouldBe(0);

        var tenants = JsonDocument.Parse((await RunAsync("tenant", "list", "--json")).Out).RootElement.EnumerateArray().ToList();
        tenants.Select(t => t.GetProperty("slug").GetString()).Order().ShouldBe(["sales-demo", "training"]);
        // The owner and the demo's five-person team, in each copy.
        tenants.ShouldAllBe(t => t.GetProperty("users").GetInt32() == 6);

        var again = await RunAsync("tenant", "demo", "--slug", "training");
        again.Code.ShouldBe(2);
        again.Err.ShouldContain("already taken");
        (await RunAsync("tenant", "demo")).Code.ShouldBe(2);
    }

    [Fact]
    public async Task AdminCreate_ThenDuplicate_Exits2()
    {
        (await RunAsync("admin", "create", "--email", "ops@psa.test", "--password", "Str0ng-Password")).Code.ShouldBe(0);
        var again = await RunAsync("admin", "create", "--email", "ops@psa.test", "--password", "Str0ng-Password");
        again.Code.ShouldBe(2);
        again.Err.ShouldContain("already exists");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Already gone, or a file still open; the temp folder is cleaned by the OS.
        }
    }
}
