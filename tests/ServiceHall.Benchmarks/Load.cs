using System.Diagnostics;

namespace ServiceHall.Benchmarks;

/// <summary>What one measurement saw: calls answered, failures, the rate achieved and the latency distribution.</summary>
public sealed record LoadResult(string Name, int Offered, int Ok, int Failed, double Seconds, double[] LatenciesMs,
    string? FirstError)
{
    public double Rate => Seconds > 0 ? Ok / Seconds : 0;

    public double P50 => Percentile(0.50);

    public double P99 => Percentile(0.99);

    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
            return double.NaN;
        var index = (int)Math.Ceiling(p * LatenciesMs.Length) - 1;
        return LatenciesMs[Math.Clamp(index, 0, LatenciesMs.Length - 1)];
    }
}

/// <summary>
/// The load generator. Open loop: calls are scheduled at a fixed rate and sent at their time whether or not earlier ones
/// were answered; a call's latency counts from its scheduled time, so a stall of the server (or of the generator) shows
/// in the figures instead of slowing the offered load (no coordinated omission). Closed loop: N callers, each sending
/// its next call when the last was answered: the most the server does.
/// </summary>
public static class Load
{
    /// <summary>At most this many calls in flight; beyond it the server is not keeping up and the rest count as failed.</summary>
    private const int MaxInFlight = 2_000;

    public static async Task<LoadResult> OpenLoopAsync(string name, double rate, TimeSpan duration,
        Func<long, Task> call)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        var ok = 0;
        var failed = 0;
        var inFlight = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        var tasks = new List<Task>(total);
        var ticksPerCall = Stopwatch.Frequency / rate;
        long lastDone = 0;

        async Task OneAsync(int i, long scheduled)
        {
            try
            {
                await call(i);
                latencies[i] = (clock.ElapsedTicks - scheduled) * 1000.0 / Stopwatch.Frequency;
                Interlocked.Increment(ref ok);
            }
            catch (Exception e)
            {
                latencies[i] = double.NaN;
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref firstError, $"{e.GetType().Name}: {e.Message}", null);
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
                InterlockedMax(ref lastDone, clock.ElapsedTicks);
            }
        }

        var next = 0;
        while (next < total)
        {
            var now = clock.ElapsedTicks;
            while (next < total && (long)(next * ticksPerCall) <= now)
            {
                var scheduled = (long)(next * ticksPerCall);
                if (Volatile.Read(ref inFlight) >= MaxInFlight)
                {
                    latencies[next] = double.NaN;
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, $"more than {MaxInFlight} calls in flight", null);
                }
                else
                {
                    Interlocked.Increment(ref inFlight);
                    tasks.Add(OneAsync(next, scheduled));
                }
                next++;
            }
            await Task.Delay(1);
        }
        await Task.WhenAll(tasks);
        var seconds = Math.Max(duration.TotalSeconds, lastDone / (double)Stopwatch.Frequency);
        return new LoadResult(name, total, ok, failed, seconds, Sorted(latencies), firstError);
    }

    public static async Task<LoadResult> ClosedLoopAsync(string name, int callers, TimeSpan duration,
        Func<long, Task> call)
    {
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double[]>();
        var ok = 0;
        var failed = 0;
        long counter = -1;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        var end = (long)(duration.TotalSeconds * Stopwatch.Frequency);

        async Task CallerAsync()
        {
            var mine = new List<double>();
            while (clock.ElapsedTicks < end)
            {
                var started = clock.ElapsedTicks;
                try
                {
                    await call(Interlocked.Increment(ref counter));
                    mine.Add((clock.ElapsedTicks - started) * 1000.0 / Stopwatch.Frequency);
                    Interlocked.Increment(ref ok);
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, $"{e.GetType().Name}: {e.Message}", null);
                }
            }
            latencies.Add([.. mine]);
        }

        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(CallerAsync)));
        var seconds = clock.ElapsedTicks / (double)Stopwatch.Frequency;
        return new LoadResult(name, ok + failed, ok, failed, seconds, Sorted([.. latencies.SelectMany(l => l)]), firstError);
    }

    private static double[] Sorted(double[] latencies)
    {
        var answered = latencies.Where(l => !double.IsNaN(l)).ToArray();
        Array.Sort(answered);
        return answered;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
                return;
            current = seen;
        }
    }
}
