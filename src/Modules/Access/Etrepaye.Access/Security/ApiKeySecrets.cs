using System.Security.Cryptography;
using System.Text;

namespace Etrepaye.Access.Security;

/// <summary>
/// An API key reads "etp_{key id}_{secret}". Only a SHA-256 of the secret is stored: the secret is 32 random
/// bytes, so a fast hash is enough (no dictionary to guard against), and the id finds the row without a scan.
/// </summary>
internal static class ApiKeySecrets
{
    public const string Prefix = "etp_";

    public static (string Key, string SecretHash) Create(Guid keyId)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return ($"{Prefix}{keyId:N}_{secret}", Hash(secret));
    }

    public static bool TryParse(string presented, out Guid keyId, out string secret)
    {
        keyId = Guid.Empty;
        secret = string.Empty;
        if (!presented.StartsWith(Prefix, StringComparison.Ordinal) || presented.Length < Prefix.Length + 34)
        {
            return false;
        }

        var idPart = presented.Substring(Prefix.Length, 32);
        if (presented[Prefix.Length + 32] != '_' || !Guid.TryParseExact(idPart, "N", out keyId))
        {
            return false;
        }

        secret = presented[(Prefix.Length + 33)..];
        return secret.Length > 0;
    }

    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
