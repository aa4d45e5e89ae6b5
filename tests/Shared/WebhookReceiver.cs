using System.Collections.Concurrent;

namespace Etrepaye.Testing;

/// <summary>A real HTTP receiver on loopback that counts webhook deliveries per Idempotency-Key header.</summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly System.Net.HttpListener _listener = new();
    private int _deliveries;

    public WebhookReceiver()
    {
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hooks/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public ConcurrentDictionary<string, int> Keys { get; } = new(StringComparer.Ordinal);

    public int Deliveries => Volatile.Read(ref _deliveries);

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            System.Net.HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is System.Net.HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var key = context.Request.Headers["Idempotency-Key"];
            if (key is null || !body.Contains("\"event\":\"InvoiceDue\"", StringComparison.Ordinal) || !body.Contains(key, StringComparison.Ordinal))
            {
                // A malformed delivery is refused: the dispatcher retries it and the test sees it missing.
                context.Response.StatusCode = 400;
                context.Response.Close();
                continue;
            }

            Keys.AddOrUpdate(key, 1, (_, n) => n + 1);
            Interlocked.Increment(ref _deliveries);
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
