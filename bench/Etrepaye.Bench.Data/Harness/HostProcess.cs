using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Etrepaye.Bench.Data.Harness;

/// <summary>
/// The host as a separate process on a PostgreSQL database, the way the order-check bench runs it: demo mode (the demo company
/// and its credit manager exist, the demo ledger is not loaded), warnings only, and sign-in throttling lifted for the load.
/// </summary>
public static class HostProcess
{
    public const string DemoEmail = "credit.manager@demo.etrepaye.test";
    public const string DemoPassword = "Etrepaye-Demo-2026";

    public static Process Start(string hostDll, int port, string connectionString, params string[] extraArguments)
    {
        var dll = Path.GetFullPath(hostDll);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build the host first (dotnet build -c Release src/Host/Etrepaye.Host): {dll} is missing.");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            dll, "--urls", $"http://127.0.0.1:{port}", "--Database:Provider=postgres", $"--Database:ConnectionString={connectionString}",
            "--Etrepaye:DemoMode=true", "--Etrepaye:DemoData=false", "--Serilog:MinimumLevel:Default=Warning", "--Security:SignInAttemptsPerMinute=1000",
        }.Concat(extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => OutputLine?.Invoke(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"  host: {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Receives the host's standard output lines (null at the end), for a caller that wants its logs.</summary>
    public static Action<string?>? OutputLine { get; set; }

    /// <summary>A client of the host at the port, signed in as the demo credit manager once it answers.</summary>
    public static async Task<HttpClient> ConnectAsync(Process host, int port, int connections)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(30) })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromMinutes(30),
        };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            if (host.HasExited)
            {
                throw new InvalidOperationException($"The host exited with code {host.ExitCode} before answering.");
            }

            try
            {
                var response = await http.GetAsync("/api/activity-descriptors");
                if ((int)response.StatusCode is 200 or 401)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            await Task.Delay(500);
        }

        var token = await (await http.PostAsJsonAsync("/api/auth/token", new { email = DemoEmail, password = DemoPassword }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return http;
    }

    /// <summary>
    /// Waits until the host's start-up work is over (under 50 ms of CPU per second over 2 s, read from /proc), at most
    /// <paramref name="limit"/>; returns how long it waited. Without /proc it returns at once.
    /// </summary>
    public static async Task<TimeSpan> WaitUntilIdleAsync(int pid, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        if (CpuSeconds(pid) is not { } last)
        {
            return TimeSpan.Zero;
        }

        while (clock.Elapsed < limit)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            var now = CpuSeconds(pid) ?? last;
            var busy = (now - last) / 2;
            last = now;
            if (busy < 0.05)
            {
                break;
            }
        }

        return clock.Elapsed;
    }

    // utime + stime (fields 14 and 15 of /proc/<pid>/stat, after the command name), in seconds at 100 ticks per second.
    private static double? CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (double.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + double.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100d;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static async Task StopAsync(Process host)
    {
        if (!host.HasExited)
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
        }
    }
}
