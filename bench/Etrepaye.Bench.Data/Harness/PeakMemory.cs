using System.Globalization;

namespace Etrepaye.Bench.Data.Harness;

/// <summary>A process's peak resident memory (VmHWM in /proc/&lt;pid&gt;/status), and the reset of that mark between phases.</summary>
public static class PeakMemory
{
    public static bool Available => File.Exists("/proc/self/status");

    /// <summary>The peak resident set in MB since the process started or since the last <see cref="Reset"/>; NaN off Linux.</summary>
    public static double MegabytesOf(int pid)
    {
        if (!Available)
        {
            return double.NaN;
        }

        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024d;
    }

    /// <summary>Resets the kernel's high-water mark to the current resident set (writing 5 to clear_refs); false when not allowed.</summary>
    public static bool Reset(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
