namespace Etrepaye.ArchitectureTests.Rules;

/// <summary>What an assembly is in the modular monolith, read from its name alone.</summary>
internal enum AssemblyKind
{
    /// <summary>Not an Etrepaye assembly (framework, packages).</summary>
    External,

    /// <summary><c>Etrepaye.Shared.Contracts</c>: primitives every Contracts assembly may use.</summary>
    SharedContracts,

    /// <summary><c>Etrepaye.Shared</c>: the shared kernel.</summary>
    Shared,

    /// <summary><c>Etrepaye.Workflows</c>: the workflow engine.</summary>
    Engine,

    /// <summary><c>Etrepaye.Host</c>: the composition root.</summary>
    Host,

    /// <summary><c>Etrepaye.&lt;Module&gt;.Contracts</c>.</summary>
    ModuleContracts,

    /// <summary><c>Etrepaye.&lt;Module&gt;</c>.</summary>
    ModuleImplementation,

    /// <summary>A test assembly (<c>Etrepaye.*Tests</c>): not part of the product, never checked.</summary>
    Tests,

    /// <summary>An <c>Etrepaye.*</c> name that fits no known shape: the rules must be taught about it.</summary>
    Unknown,
}

/// <summary>The kind of an assembly and, for a module's two assemblies, the module's name.</summary>
internal readonly record struct AssemblyRole(AssemblyKind Kind, string? Module)
{
    public const string Prefix = "Etrepaye.";
    private const string ContractsSuffix = ".Contracts";

    public bool IsModule => Kind is AssemblyKind.ModuleContracts or AssemblyKind.ModuleImplementation;

    public bool IsContracts => Kind is AssemblyKind.ModuleContracts or AssemblyKind.SharedContracts;

    /// <summary>
    /// Classifies by the naming pattern: <c>Etrepaye.&lt;Name&gt;</c> is a module's implementation and
    /// <c>Etrepaye.&lt;Name&gt;.Contracts</c> its contracts, except Shared, Workflows (the engine) and Host.
    /// </summary>
    public static AssemblyRole Of(string assemblyName)
    {
        if (!assemblyName.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return new(AssemblyKind.External, null);
        }

        var rest = assemblyName[Prefix.Length..];
        if (rest.EndsWith("Tests", StringComparison.Ordinal))
        {
            return new(AssemblyKind.Tests, null);
        }

        switch (rest)
        {
            case "Shared.Contracts":
                return new(AssemblyKind.SharedContracts, null);
            case "Shared":
                return new(AssemblyKind.Shared, null);
            case "Workflows":
                return new(AssemblyKind.Engine, null);
            case "Host":
                return new(AssemblyKind.Host, null);
        }

        var isContracts = rest.EndsWith(ContractsSuffix, StringComparison.Ordinal);
        var module = isContracts ? rest[..^ContractsSuffix.Length] : rest;
        if (!IsModuleName(module) || module is "Shared" or "Workflows" or "Host")
        {
            return new(AssemblyKind.Unknown, null);
        }

        return new(isContracts ? AssemblyKind.ModuleContracts : AssemblyKind.ModuleImplementation, module);
    }

    /// <summary>The name of a module's implementation assembly.</summary>
    public static string Implementation(string module) => Prefix + module;

    /// <summary>The name of a module's contracts assembly.</summary>
    public static string Contracts(string module) => Prefix + module + ContractsSuffix;

    private static bool IsModuleName(string name) =>
        name.Length > 0 && char.IsUpper(name[0]) && name.All(char.IsAsciiLetterOrDigit);
}
