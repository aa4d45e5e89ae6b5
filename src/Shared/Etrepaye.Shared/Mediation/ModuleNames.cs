using System.Reflection;

namespace Etrepaye.Shared.Mediation;

internal static class ModuleNames
{
    /// <summary>"Etrepaye.Receivables" → "Receivables"; the host and shared code give their own last segment.</summary>
    public static string Of(Type type) => Of(type.Assembly);

    public static string Of(Assembly assembly)
    {
        var name = assembly.GetName().Name ?? "Unknown";
        return name.StartsWith("Etrepaye.", StringComparison.Ordinal) ? name["Etrepaye.".Length..] : name;
    }
}
