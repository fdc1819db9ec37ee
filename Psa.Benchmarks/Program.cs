using Psa.Benchmarks;

var benchmarks = new Dictionary<string, Func<string[], Task>>(StringComparer.OrdinalIgnoreCase)
{
    ["signup"] = SignupBenchmark.RunAsync,
    ["billing"] = BillingPreviewBenchmark.RunAsync,
    ["delivery"] = DeliveryBenchmark.RunAsync,
    ["utilisation"] = UtilisationBenchmark.RunAsync,
    ["portal"] = PortalViewersBenchmark.RunAsync,
    ["fanout"] = FanOutBenchmark.RunAsync,
    ["sow"] = Psa.Benchmarks.Sow.SowBenchmark.RunAsync,
    ["desk"] = ServiceDeskBenchmark.RunAsync,
    ["revenue"] = RevenueLoopBenchmark.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.WriteLine("Usage: dotnet run -c Release --project Psa.Benchmarks -- <benchmark> [options]");
    Console.WriteLine("Benchmarks: " + string.Join(", ", benchmarks.Keys.Order()));
    return 2;
}

await run(args[1..]);
return 0;
