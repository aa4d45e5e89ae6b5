using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Etrepaye.IntegrationTests.Infrastructure;

/// <summary>Every SQL command EF runs in this process while it lives, with the trace of the activity it ran under.</summary>
internal sealed class SqlCommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly ConcurrentQueue<(ActivityTraceId Trace, string Sql)> _commands = new();
    private readonly List<IDisposable> _subscriptions = [];
    private readonly ActivityListener _activities = new()
    {
        ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
    };

    private SqlCommandCounter()
    {
        ActivitySource.AddActivityListener(_activities);
        _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    /// <summary>
    /// EF keeps a context's "nobody listens" decision for its logging cache time (one second by default), and pooled contexts
    /// outlive requests: a counter counts only once that time has passed since it subscribed.
    /// </summary>
    public static readonly TimeSpan EfLoggingCacheTime = TimeSpan.FromSeconds(1);

    public static async Task<SqlCommandCounter> StartAsync()
    {
        var counter = new SqlCommandCounter();
        await Task.Delay(EfLoggingCacheTime + TimeSpan.FromMilliseconds(200));
        return counter;
    }

    public List<string> CommandsOf(ActivityTraceId traceId) => [.. _commands.Where(c => c.Trace == traceId).Select(c => c.Sql)];

    /// <summary>Sends a request under a trace of its own: the commands of that trace are the request's.</summary>
    public static async Task<(HttpResponseMessage Response, ActivityTraceId Trace)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        var traceId = ActivityTraceId.CreateRandom();
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        return (await client.SendAsync(request), traceId);
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == "Microsoft.EntityFrameworkCore")
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data && Activity.Current is { } activity)
        {
            _commands.Enqueue((activity.TraceId, data.Command.CommandText));
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }

        _activities.Dispose();
    }
}
