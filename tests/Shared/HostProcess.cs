using System.Diagnostics;

namespace Etrepaye.Testing;

/// <summary>
/// One run of the real host binary (built in the same configuration as the caller), in a working directory of its own,
/// on a given database, with the engine's definitions read from a folder. Shared by the process tests and the scale-out
/// benchmark (linked into both projects).
/// </summary>
internal sealed class HostProcess
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HostProcess(string name, string provider, string connectionString, string directory, Action<string> log, IEnumerable<string>? settings = null)
    {
        var workingDirectory = Path.Combine(directory, name);
        Directory.CreateDirectory(workingDirectory);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            HostDll(), "--urls", "http://127.0.0.1:0",
            $"--Database:Provider={provider}", $"--Database:ConnectionString={connectionString}",
            $"--Workflows:DefinitionsDirectory={Path.Combine(directory, "definitions")}",
            "--Workflows:Lease=00:00:05", "--Workflows:PollInterval=00:00:00.100", "--Etrepaye:DemoMode=true",
            // The demo ledger's collection procedures would leave timers of their own beside the ones a test counts.
            "--Etrepaye:DemoData=false",
            "--Workflows:Webhooks:AllowedHosts:0=127.0.0.1",
        }.Concat(settings ?? []))
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } address && address.Contains("http://127.0.0.1:", StringComparison.Ordinal))
            {
                _ready.TrySetResult();
            }
            else if (line.Data is { } other && (other.Contains("ERR", StringComparison.Ordinal) || other.Contains("FTL", StringComparison.Ordinal)))
            {
                log($"[{name}] {other}");
            }
        };
        _process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } error)
            {
                _ready.TrySetException(new InvalidOperationException($"[{name}] {error}"));
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Completes when the host prints its address (migrated, demo seeded, workers started).</summary>
    public Task Ready => _ready.Task.WaitAsync(TimeSpan.FromMinutes(3));

    /// <summary>The process's peak resident memory so far, in MB (Linux /proc), NaN when unreadable.</summary>
    public double PeakMegabytes()
    {
        try
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    private static string HostDll()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Etrepaye.sln")))
        {
            directory = directory.Parent;
        }

        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        return Path.Combine(directory!.FullName, "src", "Host", "Etrepaye.Host", "bin", configuration, "net10.0", "Etrepaye.Host.dll");
    }
}
