using Etrepaye.ArchitectureTests.Rules;
using Shouldly;
using Xunit;

namespace Etrepaye.ArchitectureTests;

/// <summary>Rule 2: Contracts reference no EF Core and no ASP.NET Core, directly or through Etrepaye assemblies.</summary>
public sealed class ContractsDependencyTests
{
    [Fact]
    public void ContractsDependencies_WhenRealAssembliesAreChecked_NoEfCoreOrAspNetCoreIsReached() =>
        ArchitectureRules.ContractsDependencies(ArchitectureAssemblies.Real).ShouldBeNone();

    [Fact]
    public void ContractsDependencies_WhenAContractsAssemblyUsesEfCore_TheDirectReferenceIsReported()
    {
        var violations = ArchitectureRules.ContractsDependencies(ArchitectureAssemblies.Fixtures)
            .Where(v => v.StartsWith("Rule 2: Etrepaye.FixtureBeta.Contracts ", StringComparison.Ordinal))
            .ToList();

        violations.ShouldContain(
            "Rule 2: Etrepaye.FixtureBeta.Contracts depends on Microsoft.EntityFrameworkCore.Relational "
            + "(Etrepaye.FixtureBeta.Contracts -> Microsoft.EntityFrameworkCore.Relational); Contracts hold no EF Core and no ASP.NET Core type.");
        violations.ShouldAllBe(v => v.Contains("(Etrepaye.FixtureBeta.Contracts -> Microsoft.EntityFrameworkCore"));
    }

    [Fact]
    public void ContractsDependencies_WhenAContractsAssemblyUsesShared_EfCoreAndAspNetCoreAreReportedThroughIt()
    {
        var violations = ArchitectureRules.ContractsDependencies(ArchitectureAssemblies.Fixtures)
            .Where(v => v.StartsWith("Rule 2: Etrepaye.FixtureAlpha.Contracts ", StringComparison.Ordinal))
            .ToList();

        violations.ShouldContain(v => v.Contains("depends on Microsoft.EntityFrameworkCore")
            && v.Contains("(Etrepaye.FixtureAlpha.Contracts -> Etrepaye.Shared -> Microsoft.EntityFrameworkCore"));
        violations.ShouldContain(v => v.Contains("depends on Microsoft.AspNetCore")
            && v.Contains("(Etrepaye.FixtureAlpha.Contracts -> Etrepaye.Shared -> Microsoft.AspNetCore"));
    }

    [Fact]
    public void ContractsDependencies_WhenOnlyImplementationsUseEfCore_NothingIsReported() =>
        ArchitectureRules.ContractsDependencies(
            ["Etrepaye.Access", "Etrepaye.Access.Contracts", "Etrepaye.Shared"],
            new Dictionary<string, IReadOnlyCollection<string>?>
            {
                ["Etrepaye.Access"] = ["Etrepaye.Access.Contracts", "Etrepaye.Shared", "Microsoft.EntityFrameworkCore"],
                ["Etrepaye.Access.Contracts"] = ["Etrepaye.Shared.Contracts", "System.Runtime"],
                ["Etrepaye.Shared.Contracts"] = ["System.Runtime"],
                ["Etrepaye.Shared"] = ["Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore.Http.Abstractions"],
            }).ShouldBeNone();

    [Fact]
    public void ContractsDependencies_WhenAReachedAssemblyCannotBeLoaded_ItIsReportedRatherThanSkipped() =>
        ArchitectureRules.ContractsDependencies(
            ["Etrepaye.Access.Contracts"],
            new Dictionary<string, IReadOnlyCollection<string>?>
            {
                ["Etrepaye.Access.Contracts"] = ["Etrepaye.Shared.Contracts"],
                ["Etrepaye.Shared.Contracts"] = null,
            }).ShouldBeExactly(
                "Rule 2: Etrepaye.Access.Contracts depends on Etrepaye.Shared.Contracts "
                + "(Etrepaye.Access.Contracts -> Etrepaye.Shared.Contracts), which could not be loaded to check it.");
}
