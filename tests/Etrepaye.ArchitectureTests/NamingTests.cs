using Etrepaye.ArchitectureTests.Rules;
using Xunit;

namespace Etrepaye.ArchitectureTests;

/// <summary>Handlers, validators, commands and queries are named for what they are.</summary>
public sealed class NamingTests
{
    [Fact]
    public void ModuleNaming_WhenRealAssembliesAreChecked_HandlersValidatorsCommandsAndQueriesAreNamedForWhatTheyAre() =>
        ArchitectureRules.ModuleNaming(ArchitectureAssemblies.Real).ShouldBeNone();

    [Fact]
    public void ModuleNaming_WhenTypesAreMisnamed_EachIsReported() =>
        ArchitectureRules.ModuleNaming(ArchitectureAssemblies.Fixtures).ShouldBeExactly(
            "Naming: Etrepaye.FixtureAlpha.ArchiveThing in Etrepaye.FixtureAlpha is a command (ICommand<>): its name ends in Command.",
            "Naming: Etrepaye.FixtureAlpha.ArchiveThingProcessor in Etrepaye.FixtureAlpha is a request handler: its name ends in Handler.",
            "Naming: Etrepaye.FixtureAlpha.ArchiveThingRules in Etrepaye.FixtureAlpha is a validator: its name ends in Validator.",
            "Naming: Etrepaye.FixtureAlpha.ThingsByName in Etrepaye.FixtureAlpha is a query (IQuery<>): its name ends in Query.");
}
