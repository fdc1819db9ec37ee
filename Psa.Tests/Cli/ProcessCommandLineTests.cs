using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Psa.Tests.Billing;
using Psa.Web.Cli;
using Shouldly;

namespace Psa.Tests.Cli;

/// <summary>
/// The built Psa.Web run as a real process (<c>dotnet Psa.Web.dll …</c>), the way scripts run it:
/// stdout carries exactly the verb's output, and nothing that is not a verb or a host option starts the server.
/// </summary>
public sealed class ProcessCommandLineTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "psa-cli-process", Guid.NewGuid().ToString("N"));

    public ProcessCommandLineTests() => Directory.CreateDirectory(_work);

    private static string WebDll => Path.Combine(AppContext.BaseDirectory, "Psa.Web.dll");

    private static string Scenario => Directory.GetFiles(ScenarioFiles.Directory, "*.json").Order(StringComparer.Ordinal).First();

    [Fact]
    public async Task BillingPreview_StdoutIsExactlyTheJson()
    {
        var (code, stdout, stderr) = await RunAsync(TimeSpan.FromSeconds(120), "billing", "preview", "--scenario", Scenario);

        code.ShouldBe(0, stderr);
        stdout.ShouldStartWith("{");
        stdout.TrimEnd().ShouldEndWith("}");
        using var json = JsonDocument.Parse(stdout);
        using var scenario = JsonDocument.Parse(await File.ReadAllTextAsync(Scenario));
        json.RootElement.GetProperty("period").GetString().ShouldBe(scenario.RootElement.GetProperty("expected").GetProperty("period").GetString());
    }

    [Fact]
    public async Task TenantListJson_AfterCreate_StdoutIsExactlyTheJson()
    {
        var created = await RunAsync(TimeSpan.FromSeconds(120), "tenant", "create", "--slug", "acme", "--name", "Acme IT",
            "--admin-email", "a@acme.test", "--admin-password", "Str0ng-Password");
        created.Code.ShouldBe(0, created.Stderr);

        var (code, stdout, stderr) = await RunAsync(TimeSpan.FromSeconds(120), "tenant", "list", "--json");

        code.ShouldBe(0, stderr);
        stdout.ShouldStartWith("[");
        using var json = JsonDocument.Parse(stdout);
        json.RootElement.EnumerateArray().Select(t => t.GetProperty("slug").GetString()).ShouldBe(["acme"]);
    }

    [Fact]
    public async Task Output_WritesTheJsonToTheFile_AndNothingToStdout()
    {
        var file = Path.Combine(_work, "out.json");

        var (code, stdout, stderr) = await RunAsync(TimeSpan.FromSeconds(120), "billing", "preview", "--scenario", Scenario, "--output", file);

        code.ShouldBe(0, stderr);
        stdout.ShouldBeEmpty();
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        json.RootElement.TryGetProperty("period", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Output_OnBadInput_Exits2AndWritesNoFile()
    {
        var file = Path.Combine(_work, "out.json");

        var (code, _, stderr) = await RunAsync(TimeSpan.FromSeconds(120), "billing", "preview", "--tenant", "nobody", "--period", "2026-11", "--output", file);

        code.ShouldBe(2);
        stderr.ShouldContain("nobody");
        File.Exists(file).ShouldBeFalse();
    }

    [Theory]
    [InlineData("biling preview --scenario x.json")]
    [InlineData("preview")]
    [InlineData("--Psa:SeedDemo")]
    [InlineData("--urls http://localhost:1 migrat")]
    public async Task NeitherAVerbNorAHostOption_Exits2WithTheUsage_AndStartsNoServer(string commandLine)
    {
        // The port the server would bind is taken, as when the product already runs: a server start would crash on it.
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (code, stdout, stderr) = await RunAsync(TimeSpan.FromSeconds(60), [.. commandLine.Split(' ')], urls: $"http://127.0.0.1:{port}");

        code.ShouldBe(2, stderr);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain("Usage: Psa.Web <command>");
        stderr.ShouldNotContain("address already in use", Case.Insensitive);
    }

    [Fact]
    public async Task HostOptionsOnly_StartTheServer()
    {
        var port = FreePort();
        var start = Start(["--urls", $"http://127.0.0.1:{port}", "--Psa:SeedDemo=false"]);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow.AddSeconds(120);
            HttpStatusCode? status = null;
            while (DateTime.UtcNow < deadline && !process.HasExited && status != HttpStatusCode.OK)
            {
                try
                {
                    status = (await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"))).StatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(250);
                }
                catch (TaskCanceledException)
                {
                    await Task.Delay(250);
                }
            }

            status.ShouldBe(HttpStatusCode.OK, process.HasExited ? await stdout + await stderr : "no answer on /healthz");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }
    }

    [Theory]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "--urls", "http://localhost:5090" }, true)]
    [InlineData(new[] { "--Psa:DataDirectory=/srv/psa", "--Psa:SeedDemo", "false" }, true)]
    [InlineData(new[] { "Psa:SeedDemo=false" }, true)]
    [InlineData(new[] { "--environment=Development", "--contentRoot=/app" }, true)]
    [InlineData(new[] { "biling", "preview" }, false)]
    [InlineData(new[] { "--Psa:SeedDemo" }, false)]
    [InlineData(new[] { "--urls", "http://localhost:5090", "serve" }, false)]
    [InlineData(new[] { "=x" }, false)]
    public void IsHostArguments_AcceptsOnlyWhatTheHostReads(string[] args, bool expected) =>
        CommandLine.IsHostArguments(args).ShouldBe(expected);

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(TimeSpan timeout, string[] args, string? urls = null)
    {
        using var process = Process.Start(Start(args, urls))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new ShouldAssertException($"'Psa.Web {string.Join(' ', args)}' was still running after {timeout.TotalSeconds} s:\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private Task<(int Code, string Stdout, string Stderr)> RunAsync(TimeSpan timeout, params string[] args) => RunAsync(timeout, args, null);

    private ProcessStartInfo Start(string[] args, string? urls = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(WebDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Psa__DataDirectory"] = Path.Combine(_work, "data");
        start.Environment["Psa__SeedDemo"] = "false";
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        if (urls is not null)
        {
            start.Environment["ASPNETCORE_URLS"] = urls;
            start.Environment["Urls"] = urls;
        }

        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // A file still open; the temp folder is cleaned by the OS.
        }
    }
}
