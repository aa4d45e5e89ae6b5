using System.Diagnostics;
using Etrepaye.Shared.Tenancy;

namespace Etrepaye.Host.Hosting;

/// <summary>
/// One log line per request (method, path, status, duration), all the request's log lines tagged with a
/// correlation id that is returned in the X-Correlation-Id response header (Serilog.AspNetCore does not restore here).
/// </summary>
internal sealed partial class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public const string CorrelationHeader = "X-Correlation-Id";

    public async Task InvokeAsync(HttpContext context, RequestContext requestContext)
    {
        var correlationId = ReadCorrelationId(context) ?? Guid.CreateVersion7().ToString("N");
        requestContext.CorrelationId = correlationId;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[CorrelationHeader] = correlationId;
            return Task.CompletedTask;
        });

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = correlationId });
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var status = context.Response.StatusCode;
            if (status >= 500)
            {
                LogRequestFailed(logger, context.Request.Method, context.Request.Path, status, elapsed);
            }
            else
            {
                LogRequest(logger, context.Request.Method, context.Request.Path, status, elapsed);
            }
        }
    }

    private static string? ReadCorrelationId(HttpContext context)
    {
        // A caller's id is kept only when it is short and plain, so it cannot inject anything into the logs.
        var value = context.Request.Headers[CorrelationHeader].ToString();
        return value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? value : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, int statusCode, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogRequestFailed(ILogger logger, string method, string path, int statusCode, double elapsedMs);
}
