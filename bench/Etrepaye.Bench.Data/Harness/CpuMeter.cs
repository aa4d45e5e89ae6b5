using System.Globalization;

namespace Etrepaye.Bench.Data.Harness;

/// <summary>
/// CPU time (user + system, from /proc) used by the host process, the PostgreSQL server (its postmaster and every child) and
/// this process. CPU per request does not depend on what else runs on the machine, unlike throughput, so it is the figure
/// that compares runs made on a busy machine, and 1000 × cores ÷ CPU ms per request bounds the throughput of a quiet one.
/// </summary>
public sealed class CpuMeter(int hostPid, int postmasterPid)
{
    private static readonly double _ticksPerSecond = 100d;

    public static bool Available => File.Exists("/proc/self/stat");

    public CpuSample Sample() => new(
        ProcessSeconds(hostPid, withChildren: false),
        ProcessSeconds(postmasterPid, withChildren: true) + Children(postmasterPid).Sum(pid => ProcessSeconds(pid, withChildren: false)),
        ProcessSeconds(Environment.ProcessId, withChildren: false));

    /// <summary>The parent of a server backend (from <c>pg_backend_pid()</c>) is the postmaster.</summary>
    public static int ParentOf(int pid) => int.Parse(Fields(pid)?[1] ?? throw new InvalidOperationException($"No process {pid}."), CultureInfo.InvariantCulture);

    private static IEnumerable<int> Children(int parent)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && Fields(pid) is { } fields
                && int.Parse(fields[1], CultureInfo.InvariantCulture) == parent)
            {
                yield return pid;
            }
        }
    }

    // Exited children's time is in the parent's cutime/cstime once reaped, so the postmaster's count includes them.
    private static double ProcessSeconds(int pid, bool withChildren)
    {
        if (Fields(pid) is not { } f)
        {
            return 0;
        }

        double Field(int index) => double.Parse(f[index], CultureInfo.InvariantCulture);
        var ticks = Field(11) + Field(12) + (withChildren ? Field(13) + Field(14) : 0);
        return ticks / _ticksPerSecond;
    }

    // Fields after the command name (which may hold spaces): [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime.
    private static string[]? Fields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }
}

public sealed record CpuSample(double HostSeconds, double DatabaseSeconds, double ClientSeconds)
{
    public static CpuSample operator -(CpuSample after, CpuSample before) =>
        new(after.HostSeconds - before.HostSeconds, after.DatabaseSeconds - before.DatabaseSeconds, after.ClientSeconds - before.ClientSeconds);

    public static CpuSample operator *(CpuSample sample, double factor) =>
        new(sample.HostSeconds * factor, sample.DatabaseSeconds * factor, sample.ClientSeconds * factor);

    public static CpuSample operator /(CpuSample sample, double divisor) => sample * (1 / divisor);

    /// <summary>CPU ms per request of a phase that used this much, net of the idle rate over its duration (never below zero).</summary>
    public CpuSample PerRequest(CpuSample idle, LoadResult load)
    {
        var net = this - (idle * load.Seconds);
        return load.Count == 0 ? new CpuSample(0, 0, 0) : new CpuSample(
            Math.Max(0, net.HostSeconds) * 1000 / load.Count, Math.Max(0, net.DatabaseSeconds) * 1000 / load.Count, Math.Max(0, net.ClientSeconds) * 1000 / load.Count);
    }
}
