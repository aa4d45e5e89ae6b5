using System.Text.Json;
using System.Text.Json.Serialization;

namespace Etrepaye.Workflows.Definitions;

/// <summary>The serializer settings of every JSON document of the engine (definitions, descriptors, snapshots).</summary>
public static class WorkflowJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            ReadCommentHandling = JsonCommentHandling.Skip,
            WriteIndented = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

public sealed class WorkflowDefinitionFormatException(string message, Exception? inner = null) : Exception(message, inner);

public static class WorkflowDefinitionSerializer
{
    /// <summary>Parses a definition; the message of a format error names the JSON path and line.</summary>
    public static WorkflowDefinition Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<WorkflowDefinition>(json, WorkflowJson.Options)
                ?? throw new WorkflowDefinitionFormatException("The document is empty.");
        }
        catch (JsonException exception)
        {
            var where = exception.Path is null ? string.Empty : $" at {exception.Path}";
            var line = exception.LineNumber is { } l ? $" (line {l + 1})" : string.Empty;
            throw new WorkflowDefinitionFormatException($"Invalid workflow definition{where}{line}: {exception.Message}", exception);
        }
    }

    public static string Serialize(WorkflowDefinition definition) => JsonSerializer.Serialize(definition, WorkflowJson.Options);
}
