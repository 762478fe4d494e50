using ServiceHall.FaultHarness;

// dotnet run --project tests/ServiceHall.FaultHarness -- [fault ...]   (no argument: all nine)
// Starts PostgreSQL, RabbitMQ, Redis and the four services, runs each fault under load, prints per fault the
// commands sent and the lost / duplicated / unexpected counts, and exits 1 when anything was lost or duplicated
// (or a fault did not behave as it must).
var faults = args.Length > 0 ? args : [.. Faults.All];
foreach (var unknown in faults.Except(Faults.All))
{
    await Console.Error.WriteLineAsync($"unknown fault '{unknown}'; one of: {string.Join(", ", Faults.All)}");
    return 2;
}

await using var suite = await FaultSuite.StartAsync();
var reports = new List<FaultReport>();
foreach (var fault in faults)
    reports.Add(await Faults.RunAsync(suite, fault, Console.Out));

Console.WriteLine();
foreach (var report in reports)
{
    Console.WriteLine($"{report.Fault,-26} sent {report.Ledger.CommandsSent,5}  lost {report.Verdict.Lost}  " +
                      $"duplicated {report.Verdict.Duplicated}  unexpected {report.Verdict.Unexpected}  " +
                      (report.Passed ? "ok" : "FAILED"));
}
return reports.All(r => r.Passed) ? 0 : 1;
