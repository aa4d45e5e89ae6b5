using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace Etrepaye.ArchitectureTests.Rules;

/// <summary>
/// The rules of dependency of docs/DESIGN §2 (1–3), read from compiled assemblies by reflection. Each rule takes
/// the assemblies to check and returns one readable line per violation (empty when the rule holds), so that the
/// same rule runs on the real assemblies and on the deliberately violating fixtures. Assemblies are told apart by
/// name only (see <see cref="AssemblyRole.Of"/>), and types by the full names of the types they implement, so the
/// rules work on assemblies from any load context.
/// </summary>
internal static class ArchitectureRules
{
    private static readonly string[] _forbiddenInContracts = ["Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore"];

    private const string RequestHandlerInterface = "MediatR.IRequestHandler`2";
    private const string ValidatorBaseClass = "FluentValidation.AbstractValidator`1";
    private const string CommandInterface = "Etrepaye.Shared.Mediation.ICommand`1";
    private const string QueryInterface = "Etrepaye.Shared.Mediation.IQuery`1";

    /// <summary>The modules among the assemblies: every <c>Etrepaye.&lt;Name&gt;</c> and <c>Etrepaye.&lt;Name&gt;.Contracts</c>.</summary>
    public static IReadOnlyList<string> Modules(IEnumerable<Assembly> assemblies) =>
        [.. assemblies.Select(a => AssemblyRole.Of(Name(a)))
            .Where(r => r.IsModule)
            .Select(r => r.Module!)
            .Distinct()
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// Rule 1. A module's implementation references other modules only through their Contracts; Contracts reference
    /// no module implementation; the engine (Workflows) references no module; Shared references no module and not the
    /// engine; nothing references the Host.
    /// </summary>
    public static IReadOnlyList<string> ModuleReferences(IEnumerable<Assembly> assemblies) =>
        ModuleReferences(assemblies.ToDictionary(
            Name,
            a => (IReadOnlyCollection<string>)[.. a.GetReferencedAssemblies().Select(r => r.Name!)]));

    /// <inheritdoc cref="ModuleReferences(IEnumerable{Assembly})"/>
    /// <param name="references">Each checked assembly's name with the names of the assemblies it references.</param>
    public static IReadOnlyList<string> ModuleReferences(IReadOnlyDictionary<string, IReadOnlyCollection<string>> references)
    {
        var violations = new List<string>();
        foreach (var (name, referenced) in references.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var role = AssemblyRole.Of(name);
            if (role.Kind == AssemblyKind.Unknown)
            {
                violations.Add($"Rule 1: {name} fits no known shape (Etrepaye.<Module>, Etrepaye.<Module>.Contracts, "
                    + "Etrepaye.Shared[.Contracts], Etrepaye.Workflows, Etrepaye.Host): teach ArchitectureRules what it is.");
                continue;
            }

            foreach (var target in referenced.Order(StringComparer.Ordinal))
            {
                if (ReferenceProblem(role, AssemblyRole.Of(target)) is { } problem)
                {
                    violations.Add($"Rule 1: {name} references {target}: {problem}");
                }
            }
        }

        return violations;
    }

    /// <summary>
    /// Rule 2. A Contracts assembly (a module's, or Etrepaye.Shared.Contracts) references no EF Core
    /// (<c>Microsoft.EntityFrameworkCore*</c>) and no ASP.NET Core (<c>Microsoft.AspNetCore*</c>) assembly, neither
    /// directly nor through the Etrepaye assemblies it references.
    /// </summary>
    public static IReadOnlyList<string> ContractsDependencies(IEnumerable<Assembly> assemblies)
    {
        var list = assemblies.ToList();
        return ContractsDependencies([.. list.Select(Name)], ReferenceGraph(list));
    }

    /// <inheritdoc cref="ContractsDependencies(IEnumerable{Assembly})"/>
    /// <param name="checkedAssemblies">The names of the assemblies to check (those that are not Contracts are skipped).</param>
    /// <param name="graph">
    /// Every checked assembly and every Etrepaye assembly they reach, with the names of the assemblies each references,
    /// or null for one that could not be loaded.
    /// </param>
    public static IReadOnlyList<string> ContractsDependencies(
        IReadOnlyCollection<string> checkedAssemblies,
        IReadOnlyDictionary<string, IReadOnlyCollection<string>?> graph)
    {
        var violations = new List<string>();
        foreach (var contracts in checkedAssemblies.Where(n => AssemblyRole.Of(n).IsContracts).Order(StringComparer.Ordinal))
        {
            // Breadth first, so that each forbidden assembly is reported with the shortest path that reaches it.
            var pathTo = new Dictionary<string, string> { [contracts] = contracts };
            var reported = new HashSet<string>(StringComparer.Ordinal);
            var queue = new Queue<string>([contracts]);
            while (queue.TryDequeue(out var current))
            {
                if (graph.GetValueOrDefault(current) is not { } referenced)
                {
                    violations.Add($"Rule 2: {contracts} depends on {current} ({pathTo[current]}), which could not be loaded to check it.");
                    continue;
                }

                foreach (var target in referenced.Order(StringComparer.Ordinal))
                {
                    if (IsForbiddenInContracts(target))
                    {
                        if (reported.Add(target))
                        {
                            violations.Add($"Rule 2: {contracts} depends on {target} ({pathTo[current]} -> {target}); "
                                + "Contracts hold no EF Core and no ASP.NET Core type.");
                        }
                    }
                    else if (AssemblyRole.Of(target).Kind != AssemblyKind.External && pathTo.TryAdd(target, $"{pathTo[current]} -> {target}"))
                    {
                        queue.Enqueue(target);
                    }
                }
            }
        }

        return violations;
    }

    /// <summary>
    /// Rule 3. In a module's implementation every type is internal except the registration class
    /// <c>&lt;Module&gt;Module</c> (a static class) and HTTP request/response records (public records whose names end in
    /// <c>Request</c> or <c>Response</c>); and every class that is neither public, abstract nor static is sealed.
    /// Compiler-generated types (closures, state machines, embedded attributes) are ignored.
    /// </summary>
    public static IReadOnlyList<string> ModuleVisibility(IEnumerable<Assembly> assemblies)
    {
        var violations = new List<string>();
        foreach (var (assembly, module) in ModuleImplementations(assemblies))
        {
            var types = CheckedTypes(assembly, violations, "Rule 3").ToList();
            var httpParts = PartsOfHttpRecords(types);
            foreach (var type in types)
            {
                if (type.IsVisible)
                {
                    if (PublicTypeProblem(type, module, httpParts) is { } problem)
                    {
                        violations.Add($"Rule 3: {Describe(type)} in {Name(assembly)} is public: {problem}");
                    }
                }
                else if (type is { IsClass: true, IsAbstract: false, IsSealed: false })
                {
                    violations.Add($"Rule 3: {Describe(type)} in {Name(assembly)} is a class that is not sealed: "
                        + "a module's classes are internal sealed unless abstract or static.");
                }
            }
        }

        return violations;
    }

    /// <summary>
    /// Naming. In a module's implementation, a concrete MediatR request handler is named <c>*Handler</c>, a
    /// FluentValidation validator <c>*Validator</c>, and a request implementing <c>ICommand&lt;&gt;</c> or
    /// <c>IQuery&lt;&gt;</c> is named <c>*Command</c> or <c>*Query</c>.
    /// </summary>
    public static IReadOnlyList<string> ModuleNaming(IEnumerable<Assembly> assemblies)
    {
        var violations = new List<string>();
        foreach (var (assembly, _) in ModuleImplementations(assemblies))
        {
            foreach (var type in CheckedTypes(assembly, violations, "Naming"))
            {
                var name = SimpleName(type);
                if (type is { IsClass: true, IsAbstract: false } && Implements(type, RequestHandlerInterface) && !name.EndsWith("Handler", StringComparison.Ordinal))
                {
                    violations.Add($"Naming: {Describe(type)} in {Name(assembly)} is a request handler: its name ends in Handler.");
                }

                if (type is { IsClass: true, IsAbstract: false } && DerivesFrom(type, ValidatorBaseClass) && !name.EndsWith("Validator", StringComparison.Ordinal))
                {
                    violations.Add($"Naming: {Describe(type)} in {Name(assembly)} is a validator: its name ends in Validator.");
                }

                if (!type.IsInterface && Implements(type, CommandInterface) && !name.EndsWith("Command", StringComparison.Ordinal))
                {
                    violations.Add($"Naming: {Describe(type)} in {Name(assembly)} is a command (ICommand<>): its name ends in Command.");
                }

                if (!type.IsInterface && Implements(type, QueryInterface) && !name.EndsWith("Query", StringComparison.Ordinal))
                {
                    violations.Add($"Naming: {Describe(type)} in {Name(assembly)} is a query (IQuery<>): its name ends in Query.");
                }
            }
        }

        return violations;
    }

    private static string? ReferenceProblem(AssemblyRole from, AssemblyRole to)
    {
        if (to.Kind == AssemblyKind.Host)
        {
            return "nothing references the Host, the composition root.";
        }

        return from.Kind switch
        {
            AssemblyKind.ModuleImplementation when to.Kind == AssemblyKind.ModuleImplementation && to.Module != from.Module =>
                $"that is module {to.Module}'s implementation; a module references another only through its Contracts ({AssemblyRole.Contracts(to.Module!)}).",
            AssemblyKind.ModuleContracts when to.Kind == AssemblyKind.ModuleImplementation =>
                "that is a module's implementation; Contracts reference no module implementation.",
            AssemblyKind.Engine when to.IsModule =>
                "the workflow engine references no module; modules reference the engine to contribute activities.",
            AssemblyKind.Shared or AssemblyKind.SharedContracts when to.IsModule || to.Kind == AssemblyKind.Engine =>
                "Shared references no module and not the workflow engine.",
            _ => null,
        };
    }

    /// <summary>
    /// The records an HTTP request/response record is made of (its public properties' types, through lists,
    /// arrays and nullables): C# forces them to be public with the record, so they count as part of it.
    /// </summary>
    private static HashSet<Type> PartsOfHttpRecords(IReadOnlyList<Type> types)
    {
        var parts = new HashSet<Type>();
        var pending = new Stack<Type>(types.Where(t => t.IsVisible && IsRecord(t) && IsHttpRecordName(SimpleName(t))));
        while (pending.Count > 0)
        {
            foreach (var property in pending.Pop().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                foreach (var used in Unwrap(property.PropertyType))
                {
                    if (used.Assembly == property.DeclaringType!.Assembly && used.IsVisible && IsRecord(used) && parts.Add(used))
                    {
                        pending.Push(used);
                    }
                }
            }
        }

        return parts;
    }

    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.IsArray)
        {
            return Unwrap(type.GetElementType()!);
        }

        return type.IsGenericType ? [type, .. type.GetGenericArguments().SelectMany(Unwrap)] : [type];
    }

    private static bool IsHttpRecordName(string name) =>
        name.EndsWith("Request", StringComparison.Ordinal) || name.EndsWith("Response", StringComparison.Ordinal);

    private static string? PublicTypeProblem(Type type, string module, HashSet<Type> httpParts)
    {
        var name = SimpleName(type);
        if (name == module + "Module" && !type.IsNested)
        {
            return type is { IsClass: true, IsAbstract: true, IsSealed: true }
                ? null
                : "the registration class is a static class.";
        }

        if (IsHttpRecordName(name))
        {
            return IsRecord(type) ? null : "an HTTP request/response type is a record.";
        }

        if (httpParts.Contains(type))
        {
            return null;
        }

        return $"only the registration class {module}Module and HTTP request/response records (*Request, *Response, and the records they are made of) may be public.";
    }

    private static IEnumerable<(Assembly Assembly, string Module)> ModuleImplementations(IEnumerable<Assembly> assemblies) =>
        assemblies
            .Select(a => (Assembly: a, Role: AssemblyRole.Of(Name(a))))
            .Where(x => x.Role.Kind == AssemblyKind.ModuleImplementation)
            .OrderBy(x => Name(x.Assembly), StringComparer.Ordinal)
            .Select(x => (x.Assembly, x.Role.Module!));

    /// <summary>The assembly's types, less those the compiler made; a type that cannot be loaded is itself a violation.</summary>
    private static IEnumerable<Type> CheckedTypes(Assembly assembly, List<string> violations, string rule)
    {
        Type?[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = e.Types;
            var reasons = e.LoaderExceptions.Select(x => x?.Message).Distinct();
            violations.Add($"{rule}: some types of {Name(assembly)} could not be loaded to check them: {string.Join("; ", reasons)}");
        }

        return types.OfType<Type>()
            .Where(t => !IsCompilerGenerated(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
    }

    private static Dictionary<string, IReadOnlyCollection<string>?> ReferenceGraph(IReadOnlyCollection<Assembly> assemblies)
    {
        var byName = assemblies.ToDictionary(Name);
        var graph = new Dictionary<string, IReadOnlyCollection<string>?>(StringComparer.Ordinal);
        var queue = new Queue<(string Name, Assembly? Referrer)>(byName.Keys.Select(n => (n, (Assembly?)null)));
        while (queue.TryDequeue(out var item))
        {
            if (graph.ContainsKey(item.Name))
            {
                continue;
            }

            var assembly = byName.GetValueOrDefault(item.Name) ?? TryLoad(item.Name, item.Referrer!);
            if (assembly is null)
            {
                graph[item.Name] = null;
                continue;
            }

            var referenced = assembly.GetReferencedAssemblies().Select(r => r.Name!).ToList();
            graph[item.Name] = referenced;
            foreach (var target in referenced.Where(r => AssemblyRole.Of(r).Kind != AssemblyKind.External))
            {
                queue.Enqueue((target, assembly));
            }
        }

        return graph;
    }

    /// <summary>Loads a referenced assembly the way the runtime would for the assembly that references it.</summary>
    private static Assembly? TryLoad(string name, Assembly referrer)
    {
        try
        {
            return (AssemblyLoadContext.GetLoadContext(referrer) ?? AssemblyLoadContext.Default).LoadFromAssemblyName(new AssemblyName(name));
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return null;
        }
    }

    private static bool IsForbiddenInContracts(string assemblyName) =>
        _forbiddenInContracts.Any(p => assemblyName == p || assemblyName.StartsWith(p + ".", StringComparison.Ordinal));

    private static bool IsCompilerGenerated(Type type)
    {
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            if (IsCompilerGenerated((MemberInfo)t))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCompilerGenerated(MemberInfo member) =>
        member.CustomAttributes.Any(a => a.AttributeType.FullName == typeof(CompilerGeneratedAttribute).FullName);

    /// <summary>A record class has a compiler-made <c>&lt;Clone&gt;$</c>; a record struct a compiler-made <c>PrintMembers</c>.</summary>
    private static bool IsRecord(Type type) =>
        type.IsClass
            ? type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null
            : type.IsValueType && type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) is { } printMembers
                && IsCompilerGenerated(printMembers);

    private static bool Implements(Type type, string genericInterface) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition().FullName == genericInterface);

    private static bool DerivesFrom(Type type, string genericClass)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition().FullName == genericClass)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The type's name without its generic arity (<c>Handler`1</c> is <c>Handler</c>).</summary>
    private static string SimpleName(Type type) => type.Name.Split('`')[0];

    private static string Describe(Type type) => type.FullName ?? type.Name;

    private static string Name(Assembly assembly) => assembly.GetName().Name!;
}
