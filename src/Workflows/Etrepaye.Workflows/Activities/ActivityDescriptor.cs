using System.Text.Json;
using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Workflows.Activities;

/// <summary>
/// What the designer and the validator know about an activity type. Served as JSON to the designer.
/// </summary>
public sealed record ActivityDescriptor
{
    public const string DonePort = "Done";

    /// <summary>The stable type name: <c>module.verb-noun</c> (built-ins: <c>workflow.*</c>).</summary>
    public required string Type { get; init; }

    public required string DisplayName { get; init; }

    public required string Category { get; init; }

    public string Description { get; init; } = string.Empty;

    public IReadOnlyList<InputDescriptor> Inputs { get; init; } = [];

    public IReadOnlyList<OutputDescriptor> Outputs { get; init; } = [];

    /// <summary>The ports it can complete through, besides those named by <see cref="DynamicPorts"/>.</summary>
    public IReadOnlyList<PortDescriptor> Ports { get; init; } = [new(DonePort)];

    /// <summary>When ports are named by an input (a switch's cases, a human task's outcomes).</summary>
    public DynamicPortSource? DynamicPorts { get; init; }

    /// <summary>Whether it waits for something outside the step (an event, a date, a person): a loop through it is safe.</summary>
    public bool IsWait { get; init; }

    public InputDescriptor? FindInput(string name) => Inputs.FirstOrDefault(i => i.Name == name);
}

public sealed record InputDescriptor(string Name, WorkflowType Type)
{
    public bool Required { get; init; }

    public string? DisplayName { get; init; }

    public string? Description { get; init; }

    /// <summary>For a string input: the only values it accepts (shown as a drop-down).</summary>
    public IReadOnlyList<string>? AllowedValues { get; init; }

    /// <summary>False when the value must be a literal (a variable name, a port list).</summary>
    public bool AllowsExpression { get; init; } = true;

    /// <summary>The input's type is the type of the variable named by this other input (set variable).</summary>
    public string? TypeFromVariableInput { get; init; }

    /// <summary>The input chooses a message template of this kind (reminder, formal-notice…) by its level: the designer lists the company's templates.</summary>
    public string? TemplateKind { get; init; }

    /// <summary>A literal used when the definition gives no value.</summary>
    public JsonElement? Default { get; init; }
}

public sealed record OutputDescriptor(string Name, WorkflowType Type, string? Description = null);

public sealed record PortDescriptor(string Name, string? Description = null);

/// <summary>
/// Ports named by a literal input: a list of strings, or a list of records whose <see cref="Field"/>
/// holds the name.
/// </summary>
public sealed record DynamicPortSource(string Input, string? Field = null);

/// <summary>Computes an activity node's ports from its descriptor and literal inputs.</summary>
public static class ActivityPorts
{
    public static IReadOnlyList<string> Resolve(ActivityDescriptor descriptor, ActivityNode node)
    {
        var ports = descriptor.Ports.Select(p => p.Name).ToList();
        if (descriptor.DynamicPorts is not { } source || !node.Inputs.TryGetValue(source.Input, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            return ports;
        }

        foreach (var item in value.EnumerateArray())
        {
            var name = source.Field is null
                ? item.ValueKind == JsonValueKind.String ? item.GetString() : null
                : item.ValueKind == JsonValueKind.Object && item.TryGetProperty(source.Field, out var field) && field.ValueKind == JsonValueKind.String ? field.GetString() : null;
            if (name is not null && !ports.Contains(name))
            {
                ports.Add(name);
            }
        }

        return ports;
    }
}
