using System.Text.Json;
using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Procedures.Catalog;

internal sealed record InputChange(string Input, JsonElement? Before, JsonElement? After);

internal sealed record ActivityChange(string ActivityId, string? TypeBefore, string? TypeAfter, string? NameBefore, string? NameAfter,
    IReadOnlyList<InputChange> Inputs, bool OutputsChanged, bool RetryChanged, bool PositionChanged);

internal sealed record ConnectionKey(string SourceActivity, string SourcePort, string TargetActivity);

internal sealed record DeclarationChange(string Name, string Kind, string Change, JsonElement? Before, JsonElement? After);

internal sealed record DefinitionDifferences(
    IReadOnlyList<string> HeaderChanges,
    IReadOnlyList<string> ActivitiesAdded,
    IReadOnlyList<string> ActivitiesRemoved,
    IReadOnlyList<ActivityChange> ActivitiesChanged,
    IReadOnlyList<ConnectionKey> ConnectionsAdded,
    IReadOnlyList<ConnectionKey> ConnectionsRemoved,
    IReadOnlyList<DeclarationChange> DeclarationsChanged,
    IReadOnlyList<JsonElement> EventHandlersAdded,
    IReadOnlyList<JsonElement> EventHandlersRemoved);

/// <summary>What changed between two definitions: activities by id, connections by (source, port, target), declarations by name, handlers by content.</summary>
internal static class DefinitionDiff
{
    public static DefinitionDifferences Compare(WorkflowDefinition before, WorkflowDefinition after)
    {
        var header = new List<string>();
        if (before.Name != after.Name)
        {
            header.Add("name");
        }

        if (before.Description != after.Description)
        {
            header.Add("description");
        }

        if (before.Start != after.Start)
        {
            header.Add("start");
        }

        if (before.IncidentStrategy != after.IncidentStrategy)
        {
            header.Add("incidentStrategy");
        }

        var oldActivities = before.Activities.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var newActivities = after.Activities.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var changed = new List<ActivityChange>();
        foreach (var activity in after.Activities.Where(a => oldActivities.ContainsKey(a.Id)))
        {
            var old = oldActivities[activity.Id];
            var inputs = old.Inputs.Keys.Union(activity.Inputs.Keys).Order(StringComparer.Ordinal)
                .Select(name => new InputChange(name, old.Inputs.TryGetValue(name, out var b) ? b : null, activity.Inputs.TryGetValue(name, out var a) ? a : null))
                .Where(c => c.Before is null || c.After is null || !JsonElement.DeepEquals(c.Before.Value, c.After.Value))
                .ToList();
            var outputsChanged = !Json(old.Outputs.OrderBy(p => p.Key)).Equals(Json(activity.Outputs.OrderBy(p => p.Key)), StringComparison.Ordinal);
            var retryChanged = old.Retry != activity.Retry;
            var positionChanged = old.Position != activity.Position;
            if (old.Type != activity.Type || old.Name != activity.Name || inputs.Count > 0 || outputsChanged || retryChanged || positionChanged)
            {
                changed.Add(new ActivityChange(
                    activity.Id, old.Type == activity.Type ? null : old.Type, old.Type == activity.Type ? null : activity.Type,
                    old.Name == activity.Name ? null : old.Name, old.Name == activity.Name ? null : activity.Name,
                    inputs, outputsChanged, retryChanged, positionChanged));
            }
        }

        var oldConnections = before.Connections.Select(Key).ToHashSet();
        var newConnections = after.Connections.Select(Key).ToHashSet();

        var declarations = new List<DeclarationChange>();
        CompareDeclarations("input", before.Inputs, after.Inputs, declarations);
        CompareDeclarations("variable", before.Variables, after.Variables, declarations);

        var oldHandlers = before.EventHandlers.Select(Element).ToList();
        var newHandlers = after.EventHandlers.Select(Element).ToList();
        return new DefinitionDifferences(
            header,
            [.. after.Activities.Where(a => !oldActivities.ContainsKey(a.Id)).Select(a => a.Id)],
            [.. before.Activities.Where(a => !newActivities.ContainsKey(a.Id)).Select(a => a.Id)],
            changed,
            [.. after.Connections.Select(Key).Where(c => !oldConnections.Contains(c)).Distinct()],
            [.. before.Connections.Select(Key).Where(c => !newConnections.Contains(c)).Distinct()],
            declarations,
            [.. newHandlers.Where(h => !oldHandlers.Any(o => JsonElement.DeepEquals(o, h)))],
            [.. oldHandlers.Where(h => !newHandlers.Any(n => JsonElement.DeepEquals(n, h)))]);
    }

    private static ConnectionKey Key(Connection c) => new(c.Source.Activity, c.Source.Port, c.Target.Activity);

    private static void CompareDeclarations(string kind, IReadOnlyList<VariableDeclaration> before, IReadOnlyList<VariableDeclaration> after, List<DeclarationChange> changes)
    {
        foreach (var declaration in after)
        {
            var old = before.FirstOrDefault(d => d.Name == declaration.Name);
            if (old is null)
            {
                changes.Add(new DeclarationChange(declaration.Name, kind, "added", null, Element(declaration)));
            }
            else if (!JsonElement.DeepEquals(Element(old), Element(declaration)))
            {
                changes.Add(new DeclarationChange(declaration.Name, kind, "changed", Element(old), Element(declaration)));
            }
        }

        foreach (var old in before.Where(o => after.All(d => d.Name != o.Name)))
        {
            changes.Add(new DeclarationChange(old.Name, kind, "removed", Element(old), null));
        }
    }

    private static JsonElement Element<T>(T value) => JsonSerializer.SerializeToElement(value, WorkflowJson.Options);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, WorkflowJson.Options);
}
