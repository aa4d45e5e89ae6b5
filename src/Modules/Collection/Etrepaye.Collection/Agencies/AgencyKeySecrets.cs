using System.Security.Cryptography;
using System.Text;

namespace Etrepaye.Collection.Agencies;

/// <summary>
/// An agency key reads "eta_{key id}_{secret}", as the Access module's API keys do: only a SHA-256 of the 32 random bytes of
/// the secret is stored, and the id finds the row without a scan.
/// </summary>
internal static class AgencyKeySecrets
{
    public const string Prefix = "eta_";

    public static (string Key, string SecretHash) Create(Guid keyId)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return ($"{Prefix}{keyId:N}_{secret}", Hash(secret));
    }

    public static bool TryParse(string presented, out Guid keyId, out string secret)
    {
        keyId = Guid.Empty;
        secret = string.Empty;
        if (!presented.StartsWith(Prefix, StringComparison.Ordinal) || presented.Length < Prefix.Length + 34 || presented[Prefix.Length + 32] != '_'
            || !Guid.TryParseExact(presented.AsSpan(Prefix.Length, 32), "N", out keyId))
        {
            return false;
        }

        secret = presented[(Prefix.Length + 33)..];
        return true;
    }

    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
