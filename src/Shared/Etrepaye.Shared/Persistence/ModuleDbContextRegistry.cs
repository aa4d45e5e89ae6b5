using System.Reflection;

namespace Etrepaye.Shared.Persistence;

/// <param name="ContextType">The module's DbContext.</param>
/// <param name="ModuleAssembly">The module's implementation assembly (its commands run on this context).</param>
/// <param name="Schema">The module's PostgreSQL schema, and its table prefix on SQLite.</param>
public sealed record ModuleDbContextRegistration(Type ContextType, Assembly ModuleAssembly, string Schema);

/// <summary>Which DbContext belongs to which module: the unit of work, the migrator and the outbox read it.</summary>
public sealed class ModuleDbContextRegistry
{
    private readonly List<ModuleDbContextRegistration> _registrations = [];

    public IReadOnlyList<ModuleDbContextRegistration> All => _registrations;

    internal void Add(ModuleDbContextRegistration registration) => _registrations.Add(registration);

    public ModuleDbContextRegistration ForAssembly(Assembly assembly) =>
        _registrations.FirstOrDefault(r => r.ModuleAssembly == assembly)
        ?? throw new InvalidOperationException($"No DbContext is registered for module assembly {assembly.GetName().Name}.");
}
