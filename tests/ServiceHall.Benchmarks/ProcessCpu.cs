using System.Globalization;

namespace ServiceHall.Benchmarks;

/// <summary>
/// CPU time of a process and every process below it that is not one of the other roots (PostgreSQL's backends, RabbitMQ's Erlang VM under its launcher),
/// read from /proc: user + system ticks of each live process (a backend that exits between two readings takes its
/// time with it; the suite's backends live in pools, so that is little).
/// </summary>
public static class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>Seconds of CPU used so far by each tree, by root pid.</summary>
    public static Dictionary<int, double> Read(IEnumerable<int> roots)
    {
        var parents = new Dictionary<int, int>();
        var cpu = new Dictionary<int, double>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            // pid (comm) state ppid ... utime(14) stime(15): comm may hold spaces and parentheses, so count after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            cpu[pid] = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        // Each process counts for the nearest root above it (or itself): the services this program started are theirs,
        // not the program's.
        var rootSet = roots.ToHashSet();
        var result = rootSet.ToDictionary(r => r, _ => 0.0);
        foreach (var (pid, seconds) in cpu)
        {
            for (var p = pid; p > 1; p = parents.GetValueOrDefault(p))
            {
                if (rootSet.Contains(p))
                {
                    result[p] += seconds;
                    break;
                }
            }
        }
        return result;
    }
}
