using System.Text.Json;
using Etrepaye.Shared.Contracts;
using Etrepaye.Shared.Errors;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Etrepaye.Shared.Http;

/// <summary>
/// The one place where exceptions become RFC 9457 problem details: validation 400 with the fields at fault,
/// not found 404, business rule 422, conflict 409, forbidden 403; anything else is a 500 that reveals nothing.
/// </summary>
public sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ValidationException validation => Validation(validation.Errors.GroupBy(e => FieldName(e.PropertyName), e => e.ErrorMessage)),
            BadHttpRequestException { InnerException: JsonException json } => Validation(
                [new Grouping(JsonFieldName(json.Path), [JsonMessage(json)])]),
            BadHttpRequestException badRequest => Validation([new Grouping(BindingFieldName(badRequest.Message), [badRequest.Message])]),
            NotFoundException notFound => Problem(StatusCodes.Status404NotFound, "Not found", notFound.Message),
            BusinessRuleException rule => RuleProblem(rule),
            CurrencyMismatchException mismatch => Problem(StatusCodes.Status422UnprocessableEntity, "Currency mismatch", mismatch.Message),
            ConflictException conflict => Problem(StatusCodes.Status409Conflict, "Conflict", conflict.Message),
            DbUpdateConcurrencyException => Problem(StatusCodes.Status409Conflict, "Conflict",
                "The record was changed by someone else since you read it. Reload it and try again."),
            AuthenticationFailedException refused => Problem(StatusCodes.Status401Unauthorized, "Sign-in refused", refused.Message),
            ForbiddenException forbidden => Problem(StatusCodes.Status403Forbidden, "Forbidden", forbidden.Message),
            _ => null,
        };

        if (problem is null)
        {
            LogUnhandled(logger, exception);
            problem = Problem(StatusCodes.Status500InternalServerError, "Internal error",
                "An unexpected error occurred. Its details are in the server log under this request's correlation id.");
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ValidationProblemDetails Validation(IEnumerable<IGrouping<string, string>> errors) =>
        new(errors.ToDictionary(g => g.Key, g => g.ToArray()))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid",
            Detail = "See the errors for the fields at fault.",
        };

    private static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail };

    private static ProblemDetails RuleProblem(BusinessRuleException rule)
    {
        ProblemDetails problem = rule.Field is null
            ? Problem(StatusCodes.Status422UnprocessableEntity, "Business rule violated", rule.Message)
            : new ValidationProblemDetails(new Dictionary<string, string[]> { [FieldName(rule.Field)] = [rule.Message] })
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "Business rule violated",
                Detail = rule.Message,
            };
        problem.Extensions["code"] = rule.Code;
        foreach (var (name, value) in rule.Details)
        {
            problem.Extensions[name] = value;
        }

        return problem;
    }

    /// <summary>"LegalEntities[0].ShareCapital" → "legalEntities[0].shareCapital", matching the JSON the client sent.</summary>
    public static string FieldName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(segment => segment.Length == 0 ? segment : char.ToLowerInvariant(segment[0]) + segment[1..]));

    private static string JsonFieldName(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string JsonMessage(JsonException json)
    {
        // System.Text.Json's messages name CLR types, which mean nothing to a client: say what is wrong instead.
        var message = json.Message;
        if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            return "The value does not have the expected type.";
        }

        if (message.StartsWith("The JSON property", StringComparison.Ordinal) && message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return "This field is not part of the request.";
        }

        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static string BindingFieldName(string message)
    {
        // Minimal APIs say: Failed to bind parameter "int page" from "abc". / Required parameter "X x" was not provided.
        var start = message.IndexOf('"');
        var end = start >= 0 ? message.IndexOf('"', start + 1) : -1;
        if (start < 0 || end < 0)
        {
            return "$";
        }

        var parameter = message[(start + 1)..end].Split(' ');
        return FieldName(parameter[^1]);
    }

    private sealed class Grouping(string key, IEnumerable<string> values) : List<string>(values), IGrouping<string, string>
    {
        public string Key { get; } = key;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);
}
