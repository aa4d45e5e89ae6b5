using Etrepaye.ArchitectureTests.Rules;
using Xunit;

namespace Etrepaye.ArchitectureTests;

/// <summary>Rule 3: a module's implementation is internal sealed, but for its registration class and HTTP records.</summary>
public sealed class ModuleVisibilityTests
{
    [Fact]
    public void ModuleVisibility_WhenRealAssembliesAreChecked_OnlyRegistrationClassesAndHttpRecordsArePublic() =>
        ArchitectureRules.ModuleVisibility(ArchitectureAssemblies.Real).ShouldBeNone();

    [Fact]
    public void ModuleVisibility_WhenAModuleHasAPublicClassAndAnUnsealedOne_BothAreReported() =>
        ArchitectureRules.ModuleVisibility(ArchitectureAssemblies.Fixtures).ShouldBeExactly(
            "Rule 3: Etrepaye.FixtureBeta.BetaCalculator in Etrepaye.FixtureBeta is a class that is not sealed: "
                + "a module's classes are internal sealed unless abstract or static.",
            "Rule 3: Etrepaye.FixtureBeta.BetaLedger in Etrepaye.FixtureBeta is public: "
                + "only the registration class FixtureBetaModule and HTTP request/response records (*Request, *Response, and the records they are made of) may be public.",
            "Rule 3: Etrepaye.FixtureBeta.BetaLookupRequest in Etrepaye.FixtureBeta is public: an HTTP request/response type is a record.",
            "Rule 3: Etrepaye.FixtureBeta.BetaOrphan in Etrepaye.FixtureBeta is public: "
                + "only the registration class FixtureBetaModule and HTTP request/response records (*Request, *Response, and the records they are made of) may be public.");
}
