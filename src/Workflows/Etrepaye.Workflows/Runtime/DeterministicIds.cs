using System.Security.Cryptography;

namespace Etrepaye.Workflows.Runtime;

/// <summary>
/// Ids of bookmarks, timers, tasks and children are derived from the instance id and its sequence, so
/// that running the same step twice (a retry after a lost commit, a simulation) yields the same ids.
/// They are laid out as UUIDv7 (the step's instant first) to keep index inserts at the end.
/// </summary>
internal static class DeterministicIds
{
    public static Guid Create(Guid instanceId, long sequence, DateTimeOffset at)
    {
        Span<byte> seed = stackalloc byte[24];
        instanceId.TryWriteBytes(seed);
        BitConverter.TryWriteBytes(seed[16..], sequence);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(seed, hash);

        Span<byte> bytes = stackalloc byte[16];
        var milliseconds = at.ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(milliseconds >> (8 * (5 - i)));
        }

        hash[..10].CopyTo(bytes[6..]);
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}
