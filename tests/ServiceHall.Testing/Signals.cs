using System.Diagnostics;

namespace ServiceHall.Testing;

/// <summary>POSIX signals to a process by id (<c>kill -SIGNAL pid</c>).</summary>
public static class Signals
{
    public static async Task SendAsync(int pid, string signal)
    {
        var psi = new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("kill did not start");
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"kill -{signal} {pid} failed ({process.ExitCode})");
    }
}
