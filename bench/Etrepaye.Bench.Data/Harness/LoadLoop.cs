using System.Diagnostics;
using System.Globalization;

namespace Etrepaye.Bench.Data.Harness;

public sealed record LoadResult(int Count, double Seconds, double Throughput, double P50, double P95, double P99, double Max, int Errors)
{
    public override string ToString() =>
        $"{Count.ToString("N0", CultureInfo.InvariantCulture)} requests in {Seconds:0.0} s = {Throughput.ToString("N0", CultureInfo.InvariantCulture)}/s; " +
        $"latency p50 {P50:0.0} ms, p95 {P95:0.0} ms, p99 {P99:0.0} ms, max {Max:0.0} ms; errors {Errors}";
}

/// <summary>
/// The order-check bench's load: clients in a closed loop (each sends its next request when the previous answer arrives) for a
/// duration; latency from send to full answer.
/// </summary>
public static class LoadLoop
{
    public static async Task<LoadResult> RunAsync(HttpClient http, Func<Random, HttpRequestMessage> request, int clients, TimeSpan duration, int seed)
    {
        var latencies = new List<double>[clients];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var random = new Random((seed * 1000) + c);
            var mine = latencies[c] = new List<double>(10_000);
            while (clock.Elapsed < duration)
            {
                var started = clock.Elapsed.TotalMilliseconds;
                using var message = request(random);
                using var response = await http.SendAsync(message);
                await response.Content.ReadAsByteArrayAsync();
                mine.Add(clock.Elapsed.TotalMilliseconds - started);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        return Summarize(latencies.SelectMany(l => l), clock.Elapsed.TotalSeconds, errors);
    }

    /// <summary>Latencies (ms) summarized: count, rate over the seconds, percentiles.</summary>
    public static LoadResult Summarize(IEnumerable<double> latencies, double seconds, int errors)
    {
        var all = latencies.Order().ToArray();
        double At(double q) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(q * all.Length) - 1)];
        return new LoadResult(all.Length, seconds, all.Length / seconds, At(0.50), At(0.95), At(0.99), all.Length == 0 ? double.NaN : all[^1], errors);
    }
}
