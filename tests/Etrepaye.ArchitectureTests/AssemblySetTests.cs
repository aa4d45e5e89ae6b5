using Etrepaye.ArchitectureTests.Rules;
using Shouldly;
using Xunit;

namespace Etrepaye.ArchitectureTests;

/// <summary>The rules cannot pass vacuously: both sets hold what they should.</summary>
public sealed class AssemblySetTests
{
    [Fact]
    public void RealAssemblies_WhenLoaded_HoldEveryModuleWithItsContractsSharedTheEngineAndTheHost()
    {
        var names = ArchitectureAssemblies.Real.Select(a => a.GetName().Name!).ToList();

        ArchitectureAssemblies.ExpectedModules.ShouldBeSubsetOf(ArchitectureRules.Modules(ArchitectureAssemblies.Real));
        foreach (var module in ArchitectureAssemblies.ExpectedModules)
        {
            names.ShouldContain(AssemblyRole.Implementation(module));
            names.ShouldContain(AssemblyRole.Contracts(module));
        }

        names.ShouldContain("Etrepaye.Shared");
        names.ShouldContain("Etrepaye.Shared.Contracts");
        names.ShouldContain("Etrepaye.Workflows");
        names.ShouldContain("Etrepaye.Host");
    }

    [Fact]
    public void RealAssemblies_WhenLoaded_HoldNoFixtureAndNoTests()
    {
        var names = ArchitectureAssemblies.Real.Select(a => a.GetName().Name!).ToList();

        names.ShouldAllBe(n => !n.StartsWith("Etrepaye.Fixture", StringComparison.Ordinal));
        names.ShouldAllBe(n => AssemblyRole.Of(n).Kind != AssemblyKind.Tests);
    }

    [Fact]
    public void FixtureAssemblies_WhenLoaded_AreTheTwoFixtureModulesAndNoRealOne()
    {
        ArchitectureAssemblies.Fixtures.Select(a => a.GetName().Name).ShouldBe(
            ["Etrepaye.FixtureAlpha", "Etrepaye.FixtureAlpha.Contracts", "Etrepaye.FixtureBeta", "Etrepaye.FixtureBeta.Contracts"],
            ignoreOrder: true);
        ArchitectureRules.Modules(ArchitectureAssemblies.Fixtures).ShouldBe(["FixtureAlpha", "FixtureBeta"]);
    }
}
