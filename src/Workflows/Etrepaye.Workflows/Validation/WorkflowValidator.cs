using System.Text.Json;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Activities.BuiltIn;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Expressions;
using Etrepaye.Workflows.Hosting;
using Etrepaye.Workflows.Runtime;

namespace Etrepaye.Workflows.Validation;

/// <summary>
/// Checks a definition against the catalog and returns every problem with its location. Publishing is
/// blocked while there is one.
/// </summary>
/// <remarks>Given the definitions, it also checks sub-workflow calls against the child's declared inputs.</remarks>
public sealed class WorkflowValidator(ActivityCatalog catalog, IWorkflowDefinitionProvider? definitions = null)
{
    public const string EventVariable = "event";

    public ValidationResult Validate(WorkflowDefinition definition)
    {
        var run = new Run(catalog, definition, definitions);
        run.CheckAll();
        return new ValidationResult(run.Problems);
    }

    private sealed class Run(ActivityCatalog catalog, WorkflowDefinition definition, IWorkflowDefinitionProvider? definitions)
    {
        private readonly Dictionary<string, ActivityNode> _activities = new(StringComparer.Ordinal);
        private readonly IReadOnlyDictionary<string, WorkflowType> _scope = DefinitionModel.BuildScope(definition, null);

        public List<ValidationProblem> Problems { get; } = [];

        public void CheckAll()
        {
            CheckHeader();
            CheckDeclarations();
            CheckActivities();
            CheckStart();
            CheckConnections();
            CheckEventHandlers();
            CheckReachability();
            CheckCycles();
            CheckJoins();
        }

        private void Add(string code, string message, ValidationLocation? location = null) =>
            Problems.Add(new ValidationProblem(code, message, location ?? new ValidationLocation()));

        private void CheckHeader()
        {
            if (string.IsNullOrWhiteSpace(definition.DefinitionId))
            {
                Add(ValidationCodes.InvalidDefinition, "the definitionId is empty");
            }

            if (definition.Version < 1)
            {
                Add(ValidationCodes.InvalidDefinition, "the version starts at 1");
            }

            if (string.IsNullOrWhiteSpace(definition.Name))
            {
                Add(ValidationCodes.InvalidDefinition, "the name is empty");
            }
        }

        private void CheckDeclarations()
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var declaration in definition.Inputs.Concat(definition.Variables))
            {
                var at = new ValidationLocation { Variable = declaration.Name };
                if (!seen.Add(declaration.Name))
                {
                    Add(ValidationCodes.DuplicateId, $"'{declaration.Name}' is declared twice (inputs and variables share one namespace)", at);
                }

                if (declaration.Name == EventVariable || !IsIdentifier(declaration.Name))
                {
                    Add(ValidationCodes.ReservedName, $"'{declaration.Name}' cannot name a variable: use letters, digits and _ (and not 'event')", at);
                }

                CheckType(declaration.Type, at, declaration.Name);
                if (declaration.Default is { } value)
                {
                    try
                    {
                        WorkflowValues.FromJson(value, declaration.Type, declaration.Name);
                    }
                    catch (WorkflowValueException exception)
                    {
                        Add(ValidationCodes.InvalidDefault, $"the default does not fit: {exception.Message}", at);
                    }
                }
            }
        }

        private void CheckType(WorkflowType type, ValidationLocation at, string path)
        {
            switch (type.Kind)
            {
                case WorkflowTypeKind.Map or WorkflowTypeKind.Any:
                    Add(ValidationCodes.InvalidType, $"{path}: {type.Kind.ToString().ToLowerInvariant()} is not a type of the definition format", at);
                    break;
                case WorkflowTypeKind.Enum when type.Values.Count == 0 || type.Values.Distinct().Count() != type.Values.Count:
                    Add(ValidationCodes.InvalidType, $"{path}: an enum needs distinct values", at);
                    break;
                case WorkflowTypeKind.List:
                    CheckType(type.Element!, at, $"{path}[]");
                    break;
                case WorkflowTypeKind.Record:
                    if (type.Fields.Select(f => f.Name).Distinct().Count() != type.Fields.Count)
                    {
                        Add(ValidationCodes.InvalidType, $"{path}: a record's fields have distinct names", at);
                    }

                    foreach (var field in type.Fields)
                    {
                        CheckType(field.Type, at, $"{path}.{field.Name}");
                    }

                    break;
            }
        }

        private void CheckActivities()
        {
            foreach (var node in definition.Activities)
            {
                var at = new ValidationLocation { ActivityId = node.Id };
                if (string.IsNullOrWhiteSpace(node.Id))
                {
                    Add(ValidationCodes.InvalidDefinition, "an activity has an empty id", at);
                    continue;
                }

                if (!_activities.TryAdd(node.Id, node))
                {
                    Add(ValidationCodes.DuplicateId, $"the activity id '{node.Id}' is used twice", at);
                    continue;
                }

                var descriptor = catalog.FindDescriptor(node.Type);
                if (descriptor is null)
                {
                    Add(ValidationCodes.UnknownActivityType, $"'{node.Type}' is not an activity type of the catalog", at);
                    continue;
                }

                CheckInputs(node, descriptor);
                CheckOutputs(node, descriptor);
                if (node.Retry is { } retry && (retry.MaxAttempts < 1 || retry.Delay < TimeSpan.Zero || retry.MaxDelay < retry.Delay))
                {
                    Add(ValidationCodes.InvalidRetry, "a retry needs maxAttempts ≥ 1, a non-negative delay and maxDelay ≥ delay", at);
                }
            }
        }

        private void CheckInputs(ActivityNode node, ActivityDescriptor descriptor)
        {
            foreach (var name in node.Inputs.Keys.Where(k => descriptor.FindInput(k) is null))
            {
                Add(ValidationCodes.UnknownInput, $"{descriptor.Type} has no input '{name}' (inputs: {string.Join(", ", descriptor.Inputs.Select(i => i.Name))})", new() { ActivityId = node.Id, Input = name });
            }

            foreach (var input in descriptor.Inputs)
            {
                var at = new ValidationLocation { ActivityId = node.Id, Input = input.Name };
                if (!node.Inputs.TryGetValue(input.Name, out var value) || value.ValueKind == JsonValueKind.Null)
                {
                    if (input.Required && input.Default is null)
                    {
                        Add(ValidationCodes.MissingRequiredInput, $"{descriptor.Type} needs '{input.Name}' ({input.Type})", at);
                    }

                    continue;
                }

                if (!input.AllowsExpression && WorkflowValues.IsExpression(value, out _))
                {
                    Add(ValidationCodes.ExpressionNotAllowed, $"'{input.Name}' must be written as a literal {input.Type}", at);
                    continue;
                }

                var type = input.Type;
                if (input.TypeFromVariableInput is { } variableInput)
                {
                    if (!node.Inputs.TryGetValue(variableInput, out var variableName) || variableName.ValueKind != JsonValueKind.String)
                    {
                        continue;
                    }

                    var variable = definition.Variables.FirstOrDefault(v => v.Name == variableName.GetString());
                    if (variable is null)
                    {
                        Add(ValidationCodes.UnknownVariable, $"'{variableName.GetString()}' is not a declared variable (inputs are read-only)", new() { ActivityId = node.Id, Input = variableInput });
                        continue;
                    }

                    type = variable.Type;
                }

                CheckValue(value, type, at, input.Name);
                if (input.AllowedValues is { } allowed && value.ValueKind == JsonValueKind.String && !allowed.Contains(value.GetString()!))
                {
                    Add(ValidationCodes.ValueNotAllowed, $"'{value.GetString()}' is not allowed (expected one of: {string.Join(", ", allowed)})", at);
                }
            }

            if (descriptor.Type == "workflow.sub-workflow" && definitions is not null)
            {
                CheckSubWorkflow(node);
            }

            if (descriptor.Type == "workflow.human-task" && node.Inputs.TryGetValue("form", out var form) && form.ValueKind == JsonValueKind.Array)
            {
                foreach (var field in form.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.Object))
                {
                    if (!field.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
                    {
                        Add(ValidationCodes.InputTypeMismatch, "every form field needs a name", new() { ActivityId = node.Id, Input = "form" });
                    }
                    else if (field.TryGetProperty("type", out var fieldType) && fieldType.GetString() == "enum"
                        && (!field.TryGetProperty("values", out var values) || values.GetArrayLength() == 0))
                    {
                        Add(ValidationCodes.InputTypeMismatch, $"the enum field '{name.GetString()}' needs values", new() { ActivityId = node.Id, Input = "form" });
                    }
                }
            }
        }

        private void CheckSubWorkflow(ActivityNode node)
        {
            if (!node.Inputs.TryGetValue("definitionId", out var id) || id.ValueKind != JsonValueKind.String)
            {
                return;
            }

            int? version = node.Inputs.TryGetValue("version", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
            var child = definitions!.Find(id.GetString()!, version);
            if (child is null)
            {
                Add(ValidationCodes.UnknownDefinition, $"there is no definition '{id.GetString()}'{(version is null ? string.Empty : $" v{version}")}", new() { ActivityId = node.Id, Input = "definitionId" });
                return;
            }

            var given = node.Inputs.TryGetValue("inputs", out var inputs) && inputs.ValueKind == JsonValueKind.Object
                ? inputs.EnumerateObject().ToDictionary(p => p.Name, p => p.Value)
                : [];
            foreach (var name in given.Keys.Where(k => child.Inputs.All(i => i.Name != k)))
            {
                Add(ValidationCodes.UnknownInput, $"{child} has no input '{name}'", new() { ActivityId = node.Id, Input = $"inputs.{name}" });
            }

            foreach (var input in child.Inputs)
            {
                if (given.TryGetValue(input.Name, out var value))
                {
                    CheckValue(value, input.Type, new() { ActivityId = node.Id, Input = $"inputs.{input.Name}" }, $"inputs.{input.Name}");
                }
                else if (input.Required && input.Default is null)
                {
                    Add(ValidationCodes.MissingRequiredInput, $"{child} needs its input '{input.Name}' ({input.Type})", new() { ActivityId = node.Id, Input = $"inputs.{input.Name}" });
                }
            }
        }

        private void CheckValue(JsonElement value, WorkflowType type, ValidationLocation at, string path)
        {
            try
            {
                WorkflowValues.FromJson(value, type, path, (text, expected, where) =>
                {
                    CheckExpression(text, expected, at with { Input = where }, _scope);
                    return null;
                });
            }
            catch (WorkflowValueException exception)
            {
                Add(ValidationCodes.InputTypeMismatch, exception.Message, at);
            }
        }

        private void CheckExpression(string text, WorkflowType expected, ValidationLocation at, IReadOnlyDictionary<string, WorkflowType> scope)
        {
            var compiled = ExpressionCompiler.Compile(text, scope, expected.Kind == WorkflowTypeKind.Any ? null : expected);
            foreach (var diagnostic in compiled.Diagnostics)
            {
                Add(ValidationCodes.ExpressionError, $"{diagnostic.Message} in \"{text}\"", at with { Line = diagnostic.Line, Column = diagnostic.Column });
            }
        }

        private void CheckOutputs(ActivityNode node, ActivityDescriptor descriptor)
        {
            foreach (var (output, variableName) in node.Outputs)
            {
                var at = new ValidationLocation { ActivityId = node.Id, Variable = variableName };
                var declared = descriptor.Outputs.FirstOrDefault(o => o.Name == output);
                if (declared is null)
                {
                    Add(ValidationCodes.UnknownOutput, $"{descriptor.Type} has no output '{output}'", at);
                    continue;
                }

                var variable = definition.Variables.FirstOrDefault(v => v.Name == variableName);
                if (variable is null)
                {
                    Add(ValidationCodes.UnknownVariable, $"output '{output}' goes to '{variableName}', which is not a declared variable", at);
                }
                else if (!variable.Type.IsAssignableFrom(declared.Type))
                {
                    Add(ValidationCodes.OutputTypeMismatch, $"output '{output}' is {declared.Type}; the variable '{variableName}' is {variable.Type}", at);
                }
            }
        }

        private void CheckStart()
        {
            if (!_activities.ContainsKey(definition.Start.Activity))
            {
                Add(ValidationCodes.UnknownStartActivity, $"the start activity '{definition.Start.Activity}' does not exist", new() { ActivityId = definition.Start.Activity });
            }
        }

        private void CheckConnections()
        {
            for (var i = 0; i < definition.Connections.Count; i++)
            {
                var connection = definition.Connections[i];
                var at = new ValidationLocation { ConnectionIndex = i, ActivityId = connection.Source.Activity };
                if (!_activities.TryGetValue(connection.Source.Activity, out var source))
                {
                    Add(ValidationCodes.UnknownSourceActivity, $"the connection starts at '{connection.Source.Activity}', which does not exist", at);
                }
                else if (catalog.FindDescriptor(source.Type) is { } descriptor)
                {
                    var ports = ActivityPorts.Resolve(descriptor, source);
                    if (!ports.Contains(connection.Source.Port))
                    {
                        Add(ValidationCodes.UnknownPort, $"'{source.Id}' ({source.Type}) has no port '{connection.Source.Port}' (ports: {(ports.Count == 0 ? "none" : string.Join(", ", ports))})", at);
                    }
                }

                if (!_activities.ContainsKey(connection.Target.Activity))
                {
                    Add(ValidationCodes.UnknownTargetActivity, $"the connection goes to '{connection.Target.Activity}', which does not exist", at with { ActivityId = connection.Target.Activity });
                }
                else if (connection.Target.Port != ConnectionTarget.DefaultPort)
                {
                    Add(ValidationCodes.UnknownPort, $"activities have one entry port, '{ConnectionTarget.DefaultPort}', not '{connection.Target.Port}'", at with { ActivityId = connection.Target.Activity });
                }
            }
        }

        private void CheckEventHandlers()
        {
            for (var i = 0; i < definition.EventHandlers.Count; i++)
            {
                var handler = definition.EventHandlers[i];
                var at = new ValidationLocation { EventHandlerIndex = i };
                if (string.IsNullOrWhiteSpace(handler.Event))
                {
                    Add(ValidationCodes.InvalidEventHandler, "an event handler needs an event name", at);
                }

                if (handler.Payload is { } payload && payload.Kind != WorkflowTypeKind.Record)
                {
                    Add(ValidationCodes.InvalidType, "an event payload is a record type", at);
                }

                if (handler.Condition is { } condition)
                {
                    var scope = DefinitionModel.BuildScope(definition, handler.Payload ?? WorkflowType.Any);
                    CheckExpression(condition, WorkflowType.Boolean, at with { Input = "condition" }, scope);
                }

                switch (handler.Action)
                {
                    case EventHandlerAction.GoTo when handler.Activity is null:
                        Add(ValidationCodes.InvalidEventHandler, "goTo needs an activity", at);
                        break;
                    case EventHandlerAction.GoTo when !_activities.ContainsKey(handler.Activity):
                        Add(ValidationCodes.UnknownTargetActivity, $"goTo '{handler.Activity}': no such activity", at with { ActivityId = handler.Activity });
                        break;
                    case EventHandlerAction.SuspendUntil when string.IsNullOrWhiteSpace(handler.Until):
                        Add(ValidationCodes.InvalidEventHandler, "suspendUntil needs the event that resumes ('until')", at);
                        break;
                }
            }
        }

        private IEnumerable<Connection> ValidConnections => definition.Connections.Where(c => _activities.ContainsKey(c.Source.Activity) && _activities.ContainsKey(c.Target.Activity));

        private void CheckReachability()
        {
            var roots = new[] { definition.Start.Activity }
                .Concat(definition.EventHandlers.Where(h => h.Action == EventHandlerAction.GoTo && h.Activity is not null).Select(h => h.Activity!))
                .Where(_activities.ContainsKey);
            var reached = Descendants(roots, ValidConnections.ToList());
            foreach (var node in _activities.Values.Where(n => !reached.Contains(n.Id)))
            {
                Add(ValidationCodes.UnreachableActivity, $"'{node.Id}' cannot be reached from the start activity or an event handler", new() { ActivityId = node.Id });
            }
        }

        private void CheckCycles()
        {
            bool IsWait(string id) => catalog.FindDescriptor(_activities[id].Type) is not { } d || d.IsWait;

            var edges = ValidConnections.Where(c => !IsWait(c.Source.Activity) && !IsWait(c.Target.Activity)).ToList();
            foreach (var component in StronglyConnected(_activities.Keys.Where(id => !IsWait(id)).ToList(), edges))
            {
                var isCycle = component.Count > 1 || edges.Any(e => e.Source.Activity == component[0] && e.Target.Activity == component[0]);
                if (isCycle)
                {
                    var ordered = definition.Activities.Select(a => a.Id).Where(component.Contains).ToList();
                    Add(ValidationCodes.CycleWithoutWait, $"the loop {string.Join(" → ", ordered)} has no wait: it would run forever within one step", new() { ActivityId = ordered[0] });
                }
            }
        }

        private void CheckJoins()
        {
            var connections = definition.Connections;
            var valid = ValidConnections.ToList();
            foreach (var join in _activities.Values.Where(a => a.Type == "workflow.join"))
            {
                if (!join.Inputs.TryGetValue("mode", out var mode) || mode.ValueKind != JsonValueKind.String || mode.GetString() != JoinActivity.All)
                {
                    continue;
                }

                var incoming = Enumerable.Range(0, connections.Count).Where(i => connections[i].Target.Activity == join.Id && _activities.ContainsKey(connections[i].Source.Activity)).ToList();
                if (incoming.Count < 2)
                {
                    continue;
                }

                for (var a = 0; a < incoming.Count; a++)
                {
                    for (var b = a + 1; b < incoming.Count; b++)
                    {
                        if (!CanBothArrive(incoming[a], incoming[b], valid))
                        {
                            var first = connections[incoming[a]].Source;
                            var second = connections[incoming[b]].Source;
                            Add(
                                ValidationCodes.JoinCannotComplete,
                                $"join (all) '{join.Id}' waits for {first.Activity}.{first.Port} (connection #{incoming[a]}) and {second.Activity}.{second.Port} (connection #{incoming[b]}), but no fork runs them both: they are alternatives",
                                new() { ActivityId = join.Id, ConnectionIndex = incoming[b] });
                        }
                    }
                }
            }
        }

        /// <summary>
        /// Two connections can both deliver in one run when some activity sends tokens down two different
        /// outgoing connections at once (a fork, or one port wired twice) leading to each of them.
        /// </summary>
        private bool CanBothArrive(int first, int second, List<Connection> valid)
        {
            var connections = definition.Connections;
            var descendantsCache = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            HashSet<string> Reach(string from)
            {
                if (!descendantsCache.TryGetValue(from, out var set))
                {
                    descendantsCache[from] = set = Descendants([from], valid);
                }

                return set;
            }

            bool Leads(int k, int target) => k == target || Reach(connections[k].Target.Activity).Contains(connections[target].Source.Activity);

            foreach (var split in _activities.Values)
            {
                var outgoing = Enumerable.Range(0, connections.Count).Where(i => connections[i].Source.Activity == split.Id).ToList();
                var isFork = split.Type == "workflow.fork";
                foreach (var k1 in outgoing)
                {
                    foreach (var k2 in outgoing)
                    {
                        if (k1 == k2 || (!isFork && connections[k1].Source.Port != connections[k2].Source.Port))
                        {
                            continue;
                        }

                        if (Leads(k1, first) && Leads(k2, second))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private static HashSet<string> Descendants(IEnumerable<string> roots, List<Connection> connections)
        {
            var reached = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>(roots);
            while (pending.TryPop(out var node))
            {
                if (!reached.Add(node))
                {
                    continue;
                }

                foreach (var connection in connections.Where(c => c.Source.Activity == node))
                {
                    pending.Push(connection.Target.Activity);
                }
            }

            return reached;
        }

        private static List<List<string>> StronglyConnected(List<string> nodes, List<Connection> edges)
        {
            var index = 0;
            var indices = new Dictionary<string, int>(StringComparer.Ordinal);
            var lowLinks = new Dictionary<string, int>(StringComparer.Ordinal);
            var onStack = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<string>();
            var components = new List<List<string>>();

            void Visit(string node)
            {
                indices[node] = lowLinks[node] = index++;
                stack.Push(node);
                onStack.Add(node);
                foreach (var next in edges.Where(e => e.Source.Activity == node).Select(e => e.Target.Activity))
                {
                    if (!indices.ContainsKey(next))
                    {
                        Visit(next);
                        lowLinks[node] = Math.Min(lowLinks[node], lowLinks[next]);
                    }
                    else if (onStack.Contains(next))
                    {
                        lowLinks[node] = Math.Min(lowLinks[node], indices[next]);
                    }
                }

                if (lowLinks[node] == indices[node])
                {
                    var component = new List<string>();
                    string member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component.Add(member);
                    }
                    while (member != node);
                    components.Add(component);
                }
            }

            foreach (var node in nodes.Where(n => !indices.ContainsKey(n)))
            {
                Visit(node);
            }

            return components;
        }

        private static bool IsIdentifier(string name) =>
            name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            && name is not ("and" or "or" or "not" or "if" or "then" or "else" or "true" or "false");
    }
}
