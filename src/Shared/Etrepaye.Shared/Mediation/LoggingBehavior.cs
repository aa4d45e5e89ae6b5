using System.Diagnostics;
using MediatR;
using Microsoft.Extensions.Logging;

namespace Etrepaye.Shared.Mediation;

internal sealed partial class LoggingBehavior<TRequest, TResponse>(ILogger<LoggingBehavior<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var module = _module;
        var requestName = typeof(TRequest).Name;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Module"] = module, ["Request"] = requestName });
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next();
            LogHandled(logger, module, requestName, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception exception)
        {
            LogFailed(logger, module, requestName, Stopwatch.GetElapsedTime(started).TotalMilliseconds, exception.GetType().Name, exception.Message);
            throw;
        }
    }

    // Reading the assembly's name allocates and parses it: once per request type, not once per request.
    private static readonly string _module = ModuleNames.Of(typeof(TRequest));

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Module} handled {Request} in {ElapsedMs:0.0} ms")]
    private static partial void LogHandled(ILogger logger, string module, string request, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Module} refused or failed {Request} after {ElapsedMs:0.0} ms: {ErrorType} {ErrorMessage}")]
    private static partial void LogFailed(ILogger logger, string module, string request, double elapsedMs, string errorType, string errorMessage);
}
