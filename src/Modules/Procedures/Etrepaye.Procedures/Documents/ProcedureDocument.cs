using System.Text.Json;
using System.Text.RegularExpressions;
using Etrepaye.Workflows.Activities;
using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Procedures.Documents;

/// <summary>One outcome of a step: the port and what follows.</summary>
internal sealed record StepOutcome(string Port, string Next);

/// <summary>One step as a consultant writes it: who does what, when, through which channel, under which condition, and what follows each outcome.</summary>
internal sealed record DocumentStep(int Number, string ActivityId, string Title, string Who, string What, string When, string Channel, string Condition, IReadOnlyList<StepOutcome> Outcomes);

internal sealed record DocumentModel(string Title, string Subtitle, string? Description, string Start, IReadOnlyList<DocumentStep> Steps, IReadOnlyList<string> Events, DocumentTexts Texts);

/// <summary>
/// Turns a definition into the written procedure. Steps are numbered in the order the flow reaches them from the start
/// (then the steps only an event handler reaches); expressions such as <c>invoice.dueDate + 3 business days</c> read as
/// "3 business days after the due date".
/// </summary>
internal static partial class ProcedureDocument
{
    public static DocumentModel Build(WorkflowDefinition definition, ActivityCatalog catalog, string name, int? version, string language)
    {
        var t = DocumentTexts.For(language);
        var order = Order(definition);
        var numbers = order.Select((a, i) => (a.Id, Number: i + 1)).ToDictionary(p => p.Id, p => p.Number, StringComparer.Ordinal);
        string Ref(string activityId) => numbers.TryGetValue(activityId, out var n)
            ? $"{t.Step} {n} ({Title(definition.FindActivity(activityId)!, catalog)})"
            : activityId;

        var steps = order.Select(activity =>
        {
            var descriptor = catalog.FindDescriptor(activity.Type);
            var outcomes = (descriptor is null ? definition.Connections.Where(c => c.Source.Activity == activity.Id).Select(c => c.Source.Port).Distinct().ToList() : ActivityPorts.Resolve(descriptor, activity))
                .Select(port =>
                {
                    var targets = definition.Connections.Where(c => c.Source.Activity == activity.Id && c.Source.Port == port).Select(c => Ref(c.Target.Activity)).ToList();
                    return new StepOutcome(PortLabel(activity, port, t), targets.Count == 0 ? t.EndOfBranch : $"{t.Then} {string.Join(", ", targets)}");
                })
                .ToList();
            var (who, what, when, channel, condition) = Describe(activity, descriptor, t);
            return new DocumentStep(numbers[activity.Id], activity.Id, Title(activity, catalog), who, what, when, channel, condition, outcomes);
        }).ToList();

        var events = definition.EventHandlers.Select(h =>
        {
            var action = h.Action switch
            {
                EventHandlerAction.End => $"{t.EndsWith} {h.Outcome}",
                EventHandlerAction.GoTo => $"{t.GoesTo} {Ref(h.Activity ?? "")}",
                _ => $"{t.SuspendsUntil} {h.Until}",
            };
            return $"{t.WhenEvent} {h.Event}{(h.Condition is null ? "" : $" ({t.If} {Expression(h.Condition, t)})")}: {action}.";
        }).ToList();

        var start = $"{t.StartingStep}{(definition.Start.TriggerEvent is { } trigger ? $" ({trigger})" : "")}: {Ref(definition.Start.Activity)}.";
        return new DocumentModel(
            t.Language == "fr" ? $"{t.Procedure} : {name}" : $"{t.Procedure}: {name}",
            version is { } v ? $"{t.Version} {v}" : t.Draft, definition.Description, start, steps, events, t);
    }

    private static string Title(ActivityNode activity, ActivityCatalog catalog) =>
        activity.Name ?? catalog.FindDescriptor(activity.Type)?.DisplayName ?? activity.Id;

    private static List<ActivityNode> Order(WorkflowDefinition definition)
    {
        var ordered = new List<ActivityNode>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        void Visit(string id)
        {
            if (seen.Add(id) && definition.FindActivity(id) is not null)
            {
                queue.Enqueue(id);
            }
        }

        Visit(definition.Start.Activity);
        foreach (var root in definition.EventHandlers.Where(h => h.Activity is not null).Select(h => h.Activity!).Prepend(definition.Start.Activity).ToList())
        {
            Visit(root);
            while (queue.TryDequeue(out var id))
            {
                ordered.Add(definition.FindActivity(id)!);
                foreach (var connection in definition.Connections.Where(c => c.Source.Activity == id))
                {
                    Visit(connection.Target.Activity);
                }
            }
        }

        ordered.AddRange(definition.Activities.Where(a => !seen.Contains(a.Id)));
        return ordered;
    }

    private static (string Who, string What, string When, string Channel, string Condition) Describe(ActivityNode a, ActivityDescriptor? d, DocumentTexts t)
    {
        var na = t.NotApplicable;
        switch (a.Type)
        {
            case "workflow.wait-until":
                var time = Text(a, "time");
                return (t.System, $"{t.WaitUntil} {Value(a, "date", t)}{(time is null ? "" : $" {t.At} {time}")}", Value(a, "date", t), na, na);
            case "workflow.wait-for-event":
                var timeout = Value(a, "timeout", t);
                return (t.System, $"{t.WaitFor} {Text(a, "event")}{(a.Inputs.ContainsKey("timeout") ? $", {t.AtMost} {timeout}" : "")}",
                    a.Inputs.ContainsKey("timeout") ? $"{t.AtMost} {timeout} {t.AfterPrevious}" : t.AfterPrevious, na, na);
            case "workflow.decision":
                return (t.System, t.Decide, t.AtOnce, na, Value(a, "condition", t));
            case "workflow.switch":
                var cases = a.Inputs.TryGetValue("cases", out var list) && list.ValueKind == JsonValueKind.Array
                    ? string.Join("; ", list.EnumerateArray().Select(c => $"{Field(c, "name")}: {(c.TryGetProperty("when", out var w) ? Literal(w, t) : "")}"))
                    : na;
                return (t.System, t.Decide, t.AtOnce, na, $"{cases}; {t.Otherwise}: Default");
            case "workflow.fork":
                return (t.System, t.RunInParallel, t.AtOnce, na, na);
            case "workflow.join":
                return (t.System, $"{t.JoinBranches} ({Text(a, "mode")})", t.AtOnce, na, na);
            case "workflow.set-variable":
                return (t.System, $"{t.SetVariable} {Text(a, "variable")} {t.To} {Value(a, "value", t)}", t.AtOnce, na, na);
            case "workflow.sub-workflow":
                return (t.System, $"{t.RunProcedure} {Value(a, "definitionId", t)}", t.AtOnce, na, na);
            case "workflow.end":
                return (t.System, $"{t.EndProcedure} ({t.Outcome} {Text(a, "outcome")})", t.AtOnce, na, na);
            case "workflow.human-task":
                var who = Text(a, "assignee") is { } assignee ? $"{assignee} ({t.Assignee})" : Text(a, "role") is { } role ? $"{role} ({t.Role})" : t.Anyone;
                var what = Value(a, "title", t);
                if (Text(a, "description") is { } description)
                {
                    what += $": {description}";
                }

                if (a.Inputs.TryGetValue("form", out var form) && form.ValueKind == JsonValueKind.Array && form.GetArrayLength() > 0)
                {
                    what += $" ({t.Form}: {string.Join(", ", form.EnumerateArray().Select(f => Field(f, "label") ?? Field(f, "name")))})";
                }

                if (Text(a, "priority") is { } priority)
                {
                    what += $"; {t.Priority} {priority}";
                }

                return (who, what, a.Inputs.ContainsKey("dueDate") ? $"{t.DueWithin}: {Value(a, "dueDate", t)}" : t.AtOnce, t.Inbox, na);
            default:
                var inputs = string.Join("; ", a.Inputs.Where(i => i.Key != "channel").Select(i => $"{i.Key} = {Literal(i.Value, t)}"));
                var whatModule = (d?.DisplayName ?? a.Type) + (string.IsNullOrEmpty(d?.Description) ? "" : $": {d!.Description}") + (inputs.Length == 0 ? "" : $" ({inputs})");
                return ($"{t.System} ({d?.Category ?? a.Type.Split('.')[0]})", whatModule, t.AtOnce, Text(a, "channel") ?? d?.Category ?? na, na);
        }
    }

    private static string PortLabel(ActivityNode activity, string port, DocumentTexts t) => port switch
    {
        "Timeout" when activity.Type == "workflow.wait-for-event" => $"Timeout ({t.NoEvent})",
        "Timeout" => $"Timeout ({t.TimedOut})",
        _ => port,
    };

    private static string? Text(ActivityNode a, string input) =>
        a.Inputs.TryGetValue(input, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Field(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Value(ActivityNode a, string input, DocumentTexts t) =>
        a.Inputs.TryGetValue(input, out var value) ? Literal(value, t) : t.NotApplicable;

    private static string Literal(JsonElement value, DocumentTexts t) => value.ValueKind switch
    {
        JsonValueKind.Object when value.TryGetProperty("expression", out var expression) && expression.ValueKind == JsonValueKind.String => Expression(expression.GetString()!, t),
        JsonValueKind.String => Duration(value.GetString()!, t),
        _ => value.GetRawText(),
    };

    /// <summary>"invoice.dueDate + 3 business days" reads "3 business days after the due date"; anything else stays as written.</summary>
    internal static string Expression(string text, DocumentTexts t)
    {
        var match = RelativeDate().Match(text);
        if (!match.Success)
        {
            return text;
        }

        var anchor = match.Groups["anchor"].Value;
        var anchorText = anchor.EndsWith("dueDate", StringComparison.Ordinal) ? $"{t.DueDate} ({anchor})"
            : anchor == "today()" ? t.ThisStep
            : $"{t.TheDate} {anchor}";
        var direction = match.Groups["sign"].Value == "+" ? t.After : t.Before;
        return $"{Duration($"{match.Groups["amount"].Value} {match.Groups["unit"].Value}", t)} {direction} {anchorText}";
    }

    private static string Duration(string text, DocumentTexts t)
    {
        var match = DurationLiteral().Match(text);
        if (!match.Success)
        {
            return text;
        }

        var unit = match.Groups["unit"].Value;
        var word = unit.StartsWith("business", StringComparison.Ordinal) ? t.BusinessDays
            : unit.StartsWith("day", StringComparison.Ordinal) ? t.Days
            : unit.StartsWith("week", StringComparison.Ordinal) ? t.Weeks
            : t.Months;
        return $"{match.Groups["amount"].Value} {word}";
    }

    [GeneratedRegex(@"^\s*(?<anchor>[A-Za-z_][\w.]*(\(\))?)\s*(?<sign>[+-])\s*(?<amount>\d+)\s+(?<unit>business\s+days?|days?|weeks?|months?)\s*$")]
    private static partial Regex RelativeDate();

    [GeneratedRegex(@"^\s*(?<amount>\d+)\s+(?<unit>business\s+days?|days?|weeks?|months?)\s*$")]
    private static partial Regex DurationLiteral();
}
