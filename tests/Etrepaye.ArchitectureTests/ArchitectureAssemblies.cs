using System.Reflection;
using System.Runtime.Loader;
using Etrepaye.ArchitectureTests.Rules;

namespace Etrepaye.ArchitectureTests;

/// <summary>The two sets of assemblies the rules run on.</summary>
internal static class ArchitectureAssemblies
{
    /// <summary>The module names the product has today: the real set must hold at least these.</summary>
    public static readonly IReadOnlyList<string> ExpectedModules =
        ["Access", "Collection", "CreditLimits", "Disputes", "Guarantees", "Procedures", "Receivables"];

    private static readonly Lazy<IReadOnlyList<Assembly>> _real = new(LoadReal);
    private static readonly Lazy<IReadOnlyList<Assembly>> _fixtures = new(LoadFixtures);

    /// <summary>
    /// Every Etrepaye assembly beside the tests (the project references every project under src/), less the test
    /// assemblies. Nothing is picked by hand, so a new module is checked as soon as its project exists.
    /// </summary>
    public static IReadOnlyList<Assembly> Real => _real.Value;

    /// <summary>
    /// The deliberately violating assemblies of tests/ArchitectureFixtures, which the build copies to fixtures/
    /// beside the tests without referencing them, loaded in a context of their own.
    /// </summary>
    public static IReadOnlyList<Assembly> Fixtures => _fixtures.Value;

    private static List<Assembly> LoadReal() =>
        [.. Directory.GetFiles(AppContext.BaseDirectory, AssemblyRole.Prefix + "*.dll")
            .Select(AssemblyName.GetAssemblyName)
            .Where(n => AssemblyRole.Of(n.Name!).Kind != AssemblyKind.Tests)
            .Select(Assembly.Load)
            .OrderBy(a => a.GetName().Name, StringComparer.Ordinal)];

    private static List<Assembly> LoadFixtures()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "fixtures");
        var context = new FixtureLoadContext(directory);
        return [.. Directory.GetFiles(directory, AssemblyRole.Prefix + "*.dll")
            .Select(context.LoadFromAssemblyPath)
            .OrderBy(a => a.GetName().Name, StringComparer.Ordinal)];
    }

    /// <summary>Resolves fixtures from their folder, and everything else (Shared, EF Core, MediatR…) as the tests do.</summary>
    private sealed class FixtureLoadContext(string directory) : AssemblyLoadContext("ArchitectureFixtures")
    {
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(directory, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
