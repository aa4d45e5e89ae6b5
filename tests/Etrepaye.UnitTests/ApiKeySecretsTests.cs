using Etrepaye.Access.Security;

namespace Etrepaye.UnitTests;

public sealed class ApiKeySecretsTests
{
    [Fact]
    public void Create_WhenParsedBack_GivesTheIdAndASecretMatchingTheStoredHash()
    {
        var id = Guid.CreateVersion7();
        var (key, hash) = ApiKeySecrets.Create(id);

        ApiKeySecrets.TryParse(key, out var parsedId, out var secret).ShouldBeTrue();

        parsedId.ShouldBe(id);
        ApiKeySecrets.Matches(secret, hash).ShouldBeTrue();
        ApiKeySecrets.Matches(secret + "x", hash).ShouldBeFalse();
        hash.ShouldNotContain(secret);
    }

    [Fact]
    public void Create_WhenCalledTwice_GivesDifferentSecrets()
    {
        var id = Guid.CreateVersion7();

        ApiKeySecrets.Create(id).Key.ShouldNotBe(ApiKeySecrets.Create(id).Key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("etp_")]
    [InlineData("key_0193f0a000007000800000000000de01_secret")]
    [InlineData("etp_not-a-guid-at-all-not-a-guid-at_secret")]
    [InlineData("etp_0193f0a000007000800000000000de01_")]
    public void TryParse_WhenMalformed_ReturnsFalse(string presented)
    {
        ApiKeySecrets.TryParse(presented, out _, out _).ShouldBeFalse();
    }
}
