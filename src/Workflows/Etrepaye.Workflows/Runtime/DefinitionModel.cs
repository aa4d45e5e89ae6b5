using System.Runtime.CompilerServices;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Expressions;

namespace Etrepaye.Workflows.Runtime;

/// <summary>A definition indexed for execution and validation: built once per definition object.</summary>
internal sealed class DefinitionModel
{
    private static readonly ConditionalWeakTable<WorkflowDefinition, DefinitionModel> _models = [];

    private readonly Dictionary<string, ActivityNode> _activities;
    private readonly Dictionary<(string Activity, string Port), List<int>> _outgoing = [];
    private readonly Dictionary<string, List<int>> _incoming = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _ancestors = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private DefinitionModel(WorkflowDefinition definition)
    {
        Definition = definition;
        _activities = definition.Activities.GroupBy(a => a.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        for (var i = 0; i < definition.Connections.Count; i++)
        {
            var connection = definition.Connections[i];
            var key = (connection.Source.Activity, connection.Source.Port);
            if (!_outgoing.TryGetValue(key, out var outgoing))
            {
                _outgoing[key] = outgoing = [];
            }

            outgoing.Add(i);
            if (!_incoming.TryGetValue(connection.Target.Activity, out var incoming))
            {
                _incoming[connection.Target.Activity] = incoming = [];
            }

            incoming.Add(i);
        }

        ScopeTypes = BuildScope(definition, null);
    }

    public WorkflowDefinition Definition { get; }

    /// <summary>The types of the inputs and variables that expressions can read.</summary>
    public IReadOnlyDictionary<string, WorkflowType> ScopeTypes { get; }

    public ExpressionCache Expressions { get; } = new();

    public static DefinitionModel For(WorkflowDefinition definition) => _models.GetValue(definition, d => new DefinitionModel(d));

    public static IReadOnlyDictionary<string, WorkflowType> BuildScope(WorkflowDefinition definition, WorkflowType? eventType)
    {
        var scope = new Dictionary<string, WorkflowType>(StringComparer.Ordinal);
        foreach (var declaration in definition.Inputs.Concat(definition.Variables))
        {
            scope.TryAdd(declaration.Name, declaration.Type);
        }

        if (eventType is not null)
        {
            scope["event"] = eventType;
        }

        return scope;
    }

    public ActivityNode? Activity(string id) => _activities.GetValueOrDefault(id);

    public IReadOnlyList<int> Outgoing(string activity, string port) => _outgoing.TryGetValue((activity, port), out var list) ? list : [];

    public IReadOnlyList<int> Incoming(string activity) => _incoming.TryGetValue(activity, out var list) ? list : [];

    public WorkflowType? VariableType(string name) => Definition.Variables.FirstOrDefault(v => v.Name == name)?.Type;

    /// <summary>Whether a token at <paramref name="from"/> can still arrive at <paramref name="target"/> (without passing through it).</summary>
    public bool CanReach(string from, string target)
    {
        HashSet<string>? ancestors;
        lock (_lock)
        {
            if (!_ancestors.TryGetValue(target, out ancestors))
            {
                ancestors = new HashSet<string>(StringComparer.Ordinal);
                var pending = new Stack<string>([target]);
                while (pending.TryPop(out var node))
                {
                    foreach (var index in Incoming(node))
                    {
                        var source = Definition.Connections[index].Source.Activity;
                        if (source != target && ancestors.Add(source))
                        {
                            pending.Push(source);
                        }
                    }
                }

                _ancestors[target] = ancestors;
            }
        }

        return ancestors.Contains(from);
    }
}
