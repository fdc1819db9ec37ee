using Psa.Web.Cli;
using Psa.Web.Hosting;

if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(args, Console.Out, Console.Error);
}

if (!CommandLine.IsHostArguments(args))
{
    return await CommandLine.RejectAsync(args, Console.Error);
}

var app = PsaWebApp.Build(args);
PsaWebApp.PrintUrlsOnStart(app);
await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
