using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Workflows.Runtime;

internal static class HumanTaskForms
{
    /// <summary>Checks an outcome and form values against the task; returns the typed values (empty when there are errors).</summary>
    public static IReadOnlyDictionary<string, object?> Validate(HumanTask task, string outcome, IReadOnlyDictionary<string, object?> values, List<string> errors)
    {
        if (!task.Outcomes.Contains(outcome))
        {
            errors.Add($"'{outcome}' is not an outcome of the task (expected one of: {string.Join(", ", task.Outcomes)})");
        }

        foreach (var name in values.Keys.Where(k => task.Form.All(f => f.Name != k)))
        {
            errors.Add($"'{name}' is not a field of the task's form");
        }

        var typed = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var field in task.Form)
        {
            try
            {
                var value = values.TryGetValue(field.Name, out var given) ? WorkflowValues.Coerce(given, field.Type, field.Name) : null;
                if (value is null && field.Required)
                {
                    errors.Add($"{field.Name}: a value is required");
                }

                typed[field.Name] = value;
            }
            catch (WorkflowValueException exception)
            {
                errors.Add(exception.Message);
            }
        }

        return errors.Count == 0 ? typed : new Dictionary<string, object?>();
    }
}
