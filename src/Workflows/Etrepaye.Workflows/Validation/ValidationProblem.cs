namespace Etrepaye.Workflows.Validation;

/// <summary>Where a problem is: the activity, its input, the connection or handler index, the expression position.</summary>
public sealed record ValidationLocation
{
    public string? ActivityId { get; init; }

    public string? Input { get; init; }

    public int? ConnectionIndex { get; init; }

    public int? EventHandlerIndex { get; init; }

    public string? Variable { get; init; }

    public int? Line { get; init; }

    public int? Column { get; init; }

    public override string ToString()
    {
        var parts = new List<string>();
        if (ActivityId is not null)
        {
            parts.Add($"activity '{ActivityId}'");
        }

        if (Input is not null)
        {
            parts.Add($"input '{Input}'");
        }

        if (ConnectionIndex is not null)
        {
            parts.Add($"connection #{ConnectionIndex}");
        }

        if (EventHandlerIndex is not null)
        {
            parts.Add($"event handler #{EventHandlerIndex}");
        }

        if (Variable is not null)
        {
            parts.Add($"variable '{Variable}'");
        }

        if (Line is not null)
        {
            parts.Add($"line {Line}, column {Column}");
        }

        return parts.Count == 0 ? "definition" : string.Join(", ", parts);
    }
}

public sealed record ValidationProblem(string Code, string Message, ValidationLocation Location)
{
    public override string ToString() => $"[{Code}] {Location}: {Message}";
}

public sealed record ValidationResult(IReadOnlyList<ValidationProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;

    public override string ToString() => IsValid ? "valid" : string.Join(Environment.NewLine, Problems);
}

/// <summary>The stable codes of validation problems (the designer keys its messages on them).</summary>
public static class ValidationCodes
{
    public const string InvalidDefinition = "invalid-definition";
    public const string DuplicateId = "duplicate-id";
    public const string InvalidType = "invalid-type";
    public const string InvalidDefault = "invalid-default";
    public const string ReservedName = "reserved-name";
    public const string UnknownActivityType = "unknown-activity-type";
    public const string UnknownInput = "unknown-input";
    public const string MissingRequiredInput = "missing-required-input";
    public const string InputTypeMismatch = "input-type-mismatch";
    public const string ValueNotAllowed = "value-not-allowed";
    public const string ExpressionNotAllowed = "expression-not-allowed";
    public const string ExpressionError = "expression-error";
    public const string UnknownVariable = "unknown-variable";
    public const string UnknownOutput = "unknown-output";
    public const string OutputTypeMismatch = "output-type-mismatch";
    public const string InvalidRetry = "invalid-retry";
    public const string UnknownStartActivity = "unknown-start-activity";
    public const string UnknownDefinition = "unknown-definition";
    public const string UnknownSourceActivity = "unknown-source-activity";
    public const string UnknownTargetActivity = "unknown-target-activity";
    public const string UnknownPort = "unknown-port";
    public const string InvalidEventHandler = "invalid-event-handler";
    public const string UnreachableActivity = "unreachable-activity";
    public const string CycleWithoutWait = "cycle-without-wait";
    public const string JoinCannotComplete = "join-cannot-complete";
}
