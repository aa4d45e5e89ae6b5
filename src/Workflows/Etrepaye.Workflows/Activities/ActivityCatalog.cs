using System.Reflection;
using System.Text.RegularExpressions;
using Etrepaye.Workflows.Activities.BuiltIn;

namespace Etrepaye.Workflows.Activities;

/// <summary>
/// The activity types a definition may use. Modules contribute theirs at start-up (<see cref="AddFrom"/>
/// or <see cref="Add"/>); the designer reads <see cref="Descriptors"/>.
/// </summary>
public sealed partial class ActivityCatalog
{
    public const string BuiltInPrefix = "workflow.";

    private readonly Dictionary<string, IActivity> _activities = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>A catalog with the built-in activities (decision, switch, fork, join, waits, human task...).</summary>
    public static ActivityCatalog WithBuiltIns()
    {
        var catalog = new ActivityCatalog();
        foreach (var activity in BuiltInActivities.All)
        {
            catalog.Add(activity);
        }

        return catalog;
    }

    public IReadOnlyList<ActivityDescriptor> Descriptors
    {
        get
        {
            lock (_lock)
            {
                return [.. _activities.Values.Select(a => a.Descriptor).OrderBy(d => d.Category, StringComparer.Ordinal).ThenBy(d => d.Type, StringComparer.Ordinal)];
            }
        }
    }

    public ActivityCatalog Add(IActivity activity)
    {
        var descriptor = activity.Descriptor;
        var builtIn = activity.GetType().Assembly == typeof(ActivityCatalog).Assembly;
        if (builtIn ? !BuiltInTypeName().IsMatch(descriptor.Type) : !ModuleTypeName().IsMatch(descriptor.Type) || descriptor.Type.StartsWith(BuiltInPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{descriptor.Type}' is not a valid activity type name: use module.verb-noun in lower case (e.g. collection.send-reminder); '{BuiltInPrefix}' is reserved.", nameof(activity));
        }

        var duplicateInput = descriptor.Inputs.GroupBy(i => i.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicateInput is not null)
        {
            throw new ArgumentException($"{descriptor.Type} declares input '{duplicateInput.Key}' twice.", nameof(activity));
        }

        if (descriptor.DynamicPorts is { } dynamicPorts && descriptor.FindInput(dynamicPorts.Input) is null)
        {
            throw new ArgumentException($"{descriptor.Type} takes its ports from input '{dynamicPorts.Input}', which it does not declare.", nameof(activity));
        }

        lock (_lock)
        {
            if (!_activities.TryAdd(descriptor.Type, activity))
            {
                throw new ArgumentException($"The activity type '{descriptor.Type}' is already registered.", nameof(activity));
            }
        }

        return this;
    }

    /// <summary>Adds every concrete <see cref="IActivity"/> of the assembly that has a parameterless constructor.</summary>
    public ActivityCatalog AddFrom(Assembly assembly)
    {
        var types = assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false } && typeof(IActivity).IsAssignableFrom(t))
            .Where(t => t.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
        foreach (var type in types)
        {
            Add((IActivity)Activator.CreateInstance(type, nonPublic: true)!);
        }

        return this;
    }

    /// <summary>Adds the activities of the assembly that holds <typeparamref name="TMarker"/> (a module's registration class).</summary>
    public ActivityCatalog AddFrom<TMarker>() => AddFrom(typeof(TMarker).Assembly);

    public bool TryGet(string type, out IActivity activity)
    {
        lock (_lock)
        {
            return _activities.TryGetValue(type, out activity!);
        }
    }

    public IActivity Get(string type) =>
        TryGet(type, out var activity) ? activity : throw new KeyNotFoundException($"Unknown activity type '{type}'.");

    public ActivityDescriptor? FindDescriptor(string type) => TryGet(type, out var activity) ? activity.Descriptor : null;

    [GeneratedRegex("^workflow\\.[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex BuiltInTypeName();

    [GeneratedRegex("^[a-z][a-z0-9]*\\.[a-z][a-z0-9]*(-[a-z0-9]+)+$")]
    private static partial Regex ModuleTypeName();
}
