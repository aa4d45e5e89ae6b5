using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Etrepaye.Bench.Data.Harness;

namespace Etrepaye.Bench.DailyRun;

/// <summary>What the traffic measured, per kind, and the claim contests' outcomes (those of the warm-up included: they claimed tasks too).</summary>
internal sealed record TrafficResult(
    LoadResult OrderChecks, LoadResult InboxPages, LoadResult Claims, int Contests, int WarmUpContests, int OneWinner, IReadOnlyList<string> Anomalies);

/// <summary>
/// Live traffic while the daily run goes, spread over the hosts (each request to a random process): order checks
/// (<c>POST …/credit/check</c>), the task inbox's first page (<c>GET …/tasks?page=1&amp;pageSize=50</c>) and task claims. Each kind has
/// its clients in a closed loop, as <see cref="LoadLoop"/>'s, until the run is over, or with a rate (requests per second per kind) an
/// open loop: each client sends on a fixed schedule and a request's latency counts from the instant it was due, so a host that
/// falls behind shows it in the percentiles instead of slowing the traffic down. Percentiles by <see cref="LoadLoop.Summarize"/>.
/// A claim client contests one open task at a time: the credit manager and the operator claim it at once on two different
/// processes (when there are two); exactly one must win and the other get 409 Conflict. A warm-up before the run
/// (<see cref="WarmUpAsync"/>) sends the same requests unmeasured, so the percentiles are those of hosts that have served each
/// kind before, as in production, not of their first calls (code compiled, queries translated, pools filled).
/// </summary>
internal sealed class Traffic(HttpClient http, Uri[] hosts, string creditManager, string operatorToken, Guid[] customers, Guid[] tasks, int clients, int ratePerKind)
{
    private readonly string _api = $"/api/companies/{Seeder.Company}";
    private readonly ConcurrentQueue<Guid> _queue = new(tasks);
    private readonly ConcurrentBag<string> _anomalies = [];
    private int _contests;
    private int _oneWinner;
    private int _warmUpContests;

    public async Task WarmUpAsync(TimeSpan duration)
    {
        using var stop = new CancellationTokenSource(duration);
        var warmUp = await RunAsync(stop.Token);
        _warmUpContests = _contests;
        var errors = warmUp.OrderChecks.Errors + warmUp.InboxPages.Errors + warmUp.Claims.Errors;
        if (errors > 0)
        {
            // Its latencies are dropped, not its failures: a host that fails before the start fails the run.
            throw new InvalidOperationException($"{errors} requests failed during the traffic's warm-up, before the run started.");
        }
    }

    public async Task<TrafficResult> RunAsync(CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();

        var checks = LoopAsync(clock, stop, async random =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Url(random, $"{_api}/credit/check"))
            {
                Content = JsonContent.Create(new { customerId = customers[random.Next(customers.Length)], amount = Math.Round((decimal)(random.NextDouble() * 20_000), 2) + 1m, currency = "EUR" }),
            };
            return [await SendAsync(request, creditManager, HttpStatusCode.OK)];
        });
        var inbox = LoopAsync(clock, stop, async random =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Url(random, $"{_api}/tasks?page=1&pageSize=50"));
            return [await SendAsync(request, creditManager, HttpStatusCode.OK)];
        });
        var claims = LoopAsync(clock, stop, async random =>
        {
            if (!_queue.TryDequeue(out var task))
            {
                await Task.Delay(50);
                return [];
            }

            var first = random.Next(hosts.Length);
            using var byManager = new HttpRequestMessage(HttpMethod.Post, new Uri(hosts[first], $"{_api}/tasks/{task}/claim"));
            using var byOperator = new HttpRequestMessage(HttpMethod.Post, new Uri(hosts[(first + 1) % hosts.Length], $"{_api}/tasks/{task}/claim"));
            var answers = await Task.WhenAll(SendAsync(byManager, creditManager, null), SendAsync(byOperator, operatorToken, null));
            Interlocked.Increment(ref _contests);
            var won = answers.Count(a => a.Status == HttpStatusCode.OK);
            var lost = answers.Count(a => a.Status == HttpStatusCode.Conflict);
            if (won == 1 && lost == 1)
            {
                Interlocked.Increment(ref _oneWinner);
            }
            else
            {
                _anomalies.Add($"task {task}: {string.Join(" and ", answers.Select(a => (int)a.Status))}");
            }

            return [.. answers.Select(a => a with { Ok = a.Status is HttpStatusCode.OK or HttpStatusCode.Conflict })];
        });

        var results = await Task.WhenAll(checks, inbox, claims);
        return new TrafficResult(results[0], results[1], results[2], _contests, _warmUpContests, _oneWinner, [.. _anomalies]);
    }

    private Uri Url(Random random, string path) => new(hosts[random.Next(hosts.Length)], path);

    private async Task<Answer> SendAsync(HttpRequestMessage request, string token, HttpStatusCode? expected)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new Answer(response.StatusCode, milliseconds, expected is null || response.StatusCode == expected);
    }

    private async Task<LoadResult> LoopAsync(Stopwatch clock, CancellationToken stop, Func<Random, Task<Answer[]>> send)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var random = new Random(1000 + c);
            var interval = ratePerKind > 0 ? TimeSpan.FromSeconds((double)clients / ratePerKind) : TimeSpan.Zero;
            var due = clock.Elapsed + interval * c / clients;
            while (!stop.IsCancellationRequested)
            {
                var lag = TimeSpan.Zero;
                if (ratePerKind > 0)
                {
                    var wait = due - clock.Elapsed;
                    if (wait > TimeSpan.Zero)
                    {
                        try
                        {
                            await Task.Delay(wait, stop);
                        }
                        catch (OperationCanceledException)
                        {
                            break;
                        }
                    }

                    lag = clock.Elapsed - due;
                    due += interval;
                }

                foreach (var answer in await send(random))
                {
                    // The time the request waited for its client, when the schedule fell behind, is part of its latency.
                    latencies.Add(answer.Milliseconds + Math.Max(0, lag.TotalMilliseconds));
                    if (!answer.Ok)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            }
        }, CancellationToken.None)));
        return LoadLoop.Summarize(latencies, clock.Elapsed.TotalSeconds, errors);
    }

    private sealed record Answer(HttpStatusCode Status, double Milliseconds, bool Ok);
}
