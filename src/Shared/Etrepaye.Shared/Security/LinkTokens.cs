using System.Security.Cryptography;
using System.Text;

namespace Etrepaye.Shared.Security;

/// <summary>
/// The secret part of a link given to someone without an account (a colleague answering a dispute, an agency escalation):
/// 256 random bits, URL-safe. Only its SHA-256 is stored, so a copy of the database opens no link; the module that owns the
/// link keeps its own record (expiry, revocation, use) and looks it up by the hash.
/// </summary>
public static class LinkTokens
{
    private const int TokenBytes = 32;

    /// <summary>A new token (43 URL-safe characters).</summary>
    public static string NewToken() => Base64UrlEncode(RandomNumberGenerator.GetBytes(TokenBytes));

    /// <summary>The hash stored for a token (64 lower-case hex characters).</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Whether a token has the shape <see cref="NewToken"/> gives (checked before any lookup).</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Compares a presented token with a stored hash in constant time.</summary>
    public static bool Matches(string token, string storedHash)
    {
        var presented = Encoding.ASCII.GetBytes(Hash(token));
        var stored = Encoding.ASCII.GetBytes(storedHash);
        return CryptographicOperations.FixedTimeEquals(presented, stored);
    }

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
