using System.Text.Json;
using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Workflows.Tests.Support;

/// <summary>Terse builders for definitions in tests.</summary>
internal static class Wf
{
    public static object Expr(string text) => new { expression = text };

    public static ActivityNode A(string id, string type, object? inputs = null, object? outputs = null, RetryPolicy? retry = null) => new()
    {
        Id = id,
        Type = type,
        Inputs = inputs is null ? new Dictionary<string, JsonElement>() : ToDictionary(inputs),
        Outputs = outputs is null
            ? new Dictionary<string, string>()
            : ToDictionary(outputs).ToDictionary(p => p.Key, p => p.Value.GetString()!),
        Retry = retry,
    };

    public static Connection C(string from, string port, string to) => new(new ConnectionSource(from, port), new ConnectionTarget(to));

    public static VariableDeclaration Var(string name, WorkflowType type, object? defaultValue = null, bool required = false) => new()
    {
        Name = name,
        Type = type,
        Default = defaultValue is null ? null : JsonSerializer.SerializeToElement(defaultValue, WorkflowJson.Options),
        Required = required,
    };

    public static WorkflowDefinition Define(
        string start,
        IEnumerable<ActivityNode> activities,
        IEnumerable<Connection>? connections = null,
        IEnumerable<VariableDeclaration>? variables = null,
        IEnumerable<VariableDeclaration>? inputs = null,
        IEnumerable<EventHandlerDefinition>? handlers = null,
        IncidentStrategy strategy = IncidentStrategy.Fault,
        string id = "test",
        int version = 1) => new()
        {
            DefinitionId = id,
            Version = version,
            Name = $"Test {id}",
            Start = new StartDefinition(start),
            Activities = [.. activities],
            Connections = [.. connections ?? []],
            Variables = [.. variables ?? []],
            Inputs = [.. inputs ?? []],
            EventHandlers = [.. handlers ?? []],
            IncidentStrategy = strategy,
        };

    public static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value, WorkflowJson.Options);

    private static Dictionary<string, JsonElement> ToDictionary(object value) =>
        JsonSerializer.SerializeToElement(value, WorkflowJson.Options).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
}
