using System.Globalization;
using ServiceHall.Benchmarks;

// dotnet run -c Release --project tests/ServiceHall.Benchmarks [-- --seconds 20 --out bench.md]
// dotnet run --project tests/ServiceHall.Benchmarks -- --quick     (what CI runs: about 30 s of measurement)
if (args is ["echo", var grpcPort, var otlpPort])
{
    await EchoServer.RunAsync(int.Parse(grpcPort, CultureInfo.InvariantCulture), int.Parse(otlpPort, CultureInfo.InvariantCulture));
    return 0;
}

var options = BenchOptions.Parse(args);
Console.WriteLine($"ServiceHall benchmark: {options.Seconds} s per measurement, {options.Configuration} build, " +
                  $"{Environment.ProcessorCount} cores");
await using var bench = await BenchSuite.StartAsync(options);
var report = await new Measurements(bench, options).RunAsync();
Console.WriteLine();
Console.WriteLine(report);
if (options.Out is { } path)
    await File.WriteAllTextAsync(path, report);
return 0;

namespace ServiceHall.Benchmarks
{
    /// <summary>The command line: <c>--seconds N</c> per measurement (default 20), <c>--quick</c> (3 s each, lower rates), <c>--out FILE</c>.</summary>
    public sealed record BenchOptions(double Seconds, bool Quick, string? Out, string? Only = null)
    {
        /// <summary>Whether a group of measurements runs (<c>--only read|write|visit|events|tracing|standalone</c>: one group).</summary>
        public bool Runs(string group) => Only is null || string.Equals(Only, group, StringComparison.Ordinal);

        public string Configuration { get; } =
            AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

        public TimeSpan Duration => TimeSpan.FromSeconds(Seconds);

        public static BenchOptions Parse(string[] args)
        {
            var seconds = 20.0;
            var quick = false;
            string? output = null;
            string? only = null;
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--seconds":
                        seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
                        break;
                    case "--quick":
                        quick = true;
                        seconds = 2;
                        break;
                    case "--only":
                        only = args[++i];
                        break;
                    case "--out":
                        output = args[++i];
                        break;
                    default:
                        throw new ArgumentException($"Unknown argument '{args[i]}' (--seconds N, --quick, --only GROUP, --out FILE)");
                }
            }
            return new BenchOptions(seconds, quick, output, only);
        }
    }
}
