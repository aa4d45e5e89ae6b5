using System.Text;
using System.Text.Json.Serialization;

namespace Etrepaye.Workflows.Definitions;

public enum WorkflowTypeKind
{
    String,
    Number,
    Boolean,
    Date,
    Money,
    Duration,
    Enum,
    List,
    Record,
    Map,
    Any,
}

public sealed record RecordField(string Name, WorkflowType Type);

/// <summary>
/// The type of a variable, an input, an activity input or output, or an expression. Records are
/// typed structurally. <see cref="WorkflowTypeKind.Map"/> and <see cref="WorkflowTypeKind.Any"/> are only
/// used by activity descriptors (a map of correlation keys, an event payload), never by definitions.
/// </summary>
[JsonConverter(typeof(WorkflowTypeJsonConverter))]
public sealed class WorkflowType : IEquatable<WorkflowType>
{
    private WorkflowType(WorkflowTypeKind kind, IReadOnlyList<string>? values = null, WorkflowType? element = null, IReadOnlyList<RecordField>? fields = null)
    {
        Kind = kind;
        Values = values ?? [];
        Element = element;
        Fields = fields ?? [];
    }

    public WorkflowTypeKind Kind { get; }

    /// <summary>The allowed values of an enum.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>The element type of a list or the value type of a map.</summary>
    public WorkflowType? Element { get; }

    /// <summary>The fields of a record.</summary>
    public IReadOnlyList<RecordField> Fields { get; }

    public static WorkflowType String { get; } = new(WorkflowTypeKind.String);

    public static WorkflowType Number { get; } = new(WorkflowTypeKind.Number);

    public static WorkflowType Boolean { get; } = new(WorkflowTypeKind.Boolean);

    public static WorkflowType Date { get; } = new(WorkflowTypeKind.Date);

    public static WorkflowType Money { get; } = new(WorkflowTypeKind.Money);

    public static WorkflowType Duration { get; } = new(WorkflowTypeKind.Duration);

    public static WorkflowType Any { get; } = new(WorkflowTypeKind.Any);

    public static WorkflowType Enum(params IEnumerable<string> values) => new(WorkflowTypeKind.Enum, values: [.. values]);

    public static WorkflowType ListOf(WorkflowType element) => new(WorkflowTypeKind.List, element: element);

    public static WorkflowType MapOf(WorkflowType element) => new(WorkflowTypeKind.Map, element: element);

    public static WorkflowType Record(params IEnumerable<RecordField> fields) => new(WorkflowTypeKind.Record, fields: [.. fields]);

    public static WorkflowType? Primitive(string name) => name switch
    {
        "string" => String,
        "number" => Number,
        "boolean" => Boolean,
        "date" => Date,
        "money" => Money,
        "duration" => Duration,
        "any" => Any,
        _ => null,
    };

    public bool IsPrimitive => Kind is WorkflowTypeKind.String or WorkflowTypeKind.Number or WorkflowTypeKind.Boolean
        or WorkflowTypeKind.Date or WorkflowTypeKind.Money or WorkflowTypeKind.Duration or WorkflowTypeKind.Any;

    /// <summary>Whether values of this type can be ordered with &lt;, &gt;, min and max.</summary>
    public bool IsOrdered => Kind is WorkflowTypeKind.Number or WorkflowTypeKind.Money or WorkflowTypeKind.Date
        or WorkflowTypeKind.Duration or WorkflowTypeKind.String or WorkflowTypeKind.Any;

    public WorkflowType? FieldType(string name) => Fields.FirstOrDefault(f => f.Name == name)?.Type;

    /// <summary>Whether a value of <paramref name="source"/> can be stored where this type is expected.</summary>
    public bool IsAssignableFrom(WorkflowType source)
    {
        if (Kind == WorkflowTypeKind.Any || source.Kind == WorkflowTypeKind.Any)
        {
            return true;
        }

        return Kind switch
        {
            WorkflowTypeKind.String => source.Kind is WorkflowTypeKind.String or WorkflowTypeKind.Enum,
            WorkflowTypeKind.Enum => source.Kind == WorkflowTypeKind.Enum && source.Values.All(Values.Contains),
            WorkflowTypeKind.List => source.Kind == WorkflowTypeKind.List && Element!.IsAssignableFrom(source.Element!),
            WorkflowTypeKind.Map => (source.Kind == WorkflowTypeKind.Map && Element!.IsAssignableFrom(source.Element!))
                || (source.Kind == WorkflowTypeKind.Record && source.Fields.All(f => Element!.IsAssignableFrom(f.Type))),
            WorkflowTypeKind.Record => source.Kind == WorkflowTypeKind.Record
                && Fields.All(f => source.FieldType(f.Name) is { } sourceField && f.Type.IsAssignableFrom(sourceField)),
            _ => Kind == source.Kind,
        };
    }

    public bool Equals(WorkflowType? other) =>
        other is not null
        && Kind == other.Kind
        && Values.SequenceEqual(other.Values)
        && Equals(Element, other.Element)
        && Fields.SequenceEqual(other.Fields);

    public override bool Equals(object? obj) => Equals(obj as WorkflowType);

    public override int GetHashCode() => HashCode.Combine(Kind, Values.Count, Fields.Count, Element);

    public override string ToString()
    {
        var text = new StringBuilder();
        Write(text);
        return text.ToString();
    }

    private void Write(StringBuilder text)
    {
        switch (Kind)
        {
            case WorkflowTypeKind.Enum:
                text.Append("enum(").AppendJoin(" | ", Values).Append(')');
                break;
            case WorkflowTypeKind.List:
                text.Append("list<");
                Element!.Write(text);
                text.Append('>');
                break;
            case WorkflowTypeKind.Map:
                text.Append("map<");
                Element!.Write(text);
                text.Append('>');
                break;
            case WorkflowTypeKind.Record:
                text.Append("record{");
                for (var i = 0; i < Fields.Count; i++)
                {
                    text.Append(i == 0 ? string.Empty : ", ").Append(Fields[i].Name).Append(": ");
                    Fields[i].Type.Write(text);
                }

                text.Append('}');
                break;
            default:
                text.Append(Kind.ToString().ToLowerInvariant());
                break;
        }
    }
}
