using Shouldly;

namespace Etrepaye.ArchitectureTests;

internal static class ViolationAssertions
{
    /// <summary>Fails with every violation, one a line, so that a broken rule says what to fix.</summary>
    public static void ShouldBeNone(this IReadOnlyList<string> violations) =>
        violations.ShouldBeEmpty($"{violations.Count} violation(s):{Environment.NewLine}{string.Join(Environment.NewLine, violations)}");

    /// <summary>Asserts the exact violations, in any order, and shows all that were found when they differ.</summary>
    public static void ShouldBeExactly(this IReadOnlyList<string> violations, params string[] expected) =>
        violations.ShouldBe(expected, ignoreOrder: true, $"found:{Environment.NewLine}{string.Join(Environment.NewLine, violations)}");
}
