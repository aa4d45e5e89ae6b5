using Etrepaye.ArchitectureTests.Rules;
using Shouldly;
using Xunit;

namespace Etrepaye.ArchitectureTests;

/// <summary>Rule 1: modules reference each other only through Contracts; the engine and Shared reference no module.</summary>
public sealed class ModuleReferenceTests
{
    [Fact]
    public void ModuleReferences_WhenRealAssembliesAreChecked_OnlyContractsAreReferenced() =>
        ArchitectureRules.ModuleReferences(ArchitectureAssemblies.Real).ShouldBeNone();

    [Fact]
    public void ModuleReferences_WhenAModuleUsesAnotherModulesImplementation_TheReferenceIsReported() =>
        ArchitectureRules.ModuleReferences(ArchitectureAssemblies.Fixtures).ShouldBeExactly(
            "Rule 1: Etrepaye.FixtureAlpha references Etrepaye.FixtureBeta: that is module FixtureBeta's implementation; "
            + "a module references another only through its Contracts (Etrepaye.FixtureBeta.Contracts).");

    [Theory]
    [InlineData("Etrepaye.Workflows", "Etrepaye.Receivables", "the workflow engine references no module")]
    [InlineData("Etrepaye.Workflows", "Etrepaye.Receivables.Contracts", "the workflow engine references no module")]
    [InlineData("Etrepaye.Shared", "Etrepaye.Access.Contracts", "Shared references no module")]
    [InlineData("Etrepaye.Shared", "Etrepaye.Workflows", "not the workflow engine")]
    [InlineData("Etrepaye.Shared.Contracts", "Etrepaye.Access", "Shared references no module")]
    [InlineData("Etrepaye.Access.Contracts", "Etrepaye.Receivables", "Contracts reference no module implementation")]
    [InlineData("Etrepaye.Collection", "Etrepaye.Host", "nothing references the Host")]
    [InlineData("Etrepaye.Collection", "Etrepaye.Receivables", "only through its Contracts (Etrepaye.Receivables.Contracts)")]
    public void ModuleReferences_WhenAForbiddenReferenceIsMade_ItIsReported(string from, string to, string reason)
    {
        var violations = ArchitectureRules.ModuleReferences(References(from, to));

        violations.Count.ShouldBe(1);
        violations[0].ShouldStartWith($"Rule 1: {from} references {to}: ");
        violations[0].ShouldContain(reason);
    }

    [Theory]
    [InlineData("Etrepaye.Collection", "Etrepaye.Receivables.Contracts")]
    [InlineData("Etrepaye.Collection", "Etrepaye.Collection.Contracts")]
    [InlineData("Etrepaye.Collection", "Etrepaye.Workflows")]
    [InlineData("Etrepaye.Collection", "Etrepaye.Shared")]
    [InlineData("Etrepaye.Access.Contracts", "Etrepaye.Shared.Contracts")]
    [InlineData("Etrepaye.Access.Contracts", "Etrepaye.Receivables.Contracts")]
    [InlineData("Etrepaye.Workflows", "Etrepaye.Shared")]
    [InlineData("Etrepaye.Host", "Etrepaye.Collection")]
    [InlineData("Etrepaye.Collection", "Microsoft.EntityFrameworkCore")]
    public void ModuleReferences_WhenAnAllowedReferenceIsMade_NothingIsReported(string from, string to) =>
        ArchitectureRules.ModuleReferences(References(from, to)).ShouldBeNone();

    [Fact]
    public void ModuleReferences_WhenAnEtrepayeAssemblyFitsNoKnownShape_ItIsReported() =>
        ArchitectureRules.ModuleReferences(References("Etrepaye.Collection.Agencies.Api", "Etrepaye.Shared"))
            .ShouldHaveSingleItem()
            .ShouldStartWith("Rule 1: Etrepaye.Collection.Agencies.Api fits no known shape");

    private static Dictionary<string, IReadOnlyCollection<string>> References(string from, string to) =>
        new() { [from] = [to] };
}
