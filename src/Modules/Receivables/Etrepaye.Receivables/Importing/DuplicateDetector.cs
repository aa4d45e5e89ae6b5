using Etrepaye.Receivables.Domain;

namespace Etrepaye.Receivables.Importing;

/// <summary>
/// Finds item references that a file lists more than once (per item type). It keeps a 64-bit hash of each key and its first line
/// rather than the references themselves, about 24 bytes a row; two different references sharing a hash (odds near 10⁻⁸ for a
/// million rows) would be reported as a duplicate, never silently merged.
/// </summary>
internal sealed class DuplicateDetector
{
    private readonly Dictionary<ulong, long> _firstLines = [];

    /// <summary>The line where the row's (type, reference) first appeared, or null when this is its first appearance.</summary>
    public long? FirstLineOf(ImportRow row)
    {
        var key = Hash(row.Type, row.Reference);
        if (_firstLines.TryGetValue(key, out var first))
        {
            return first;
        }

        _firstLines[key] = row.Line;
        return null;
    }

    private static ulong Hash(ItemType type, string reference)
    {
        // FNV-1a over the type and the reference's UTF-8 bytes.
        var hash = 14695981039346656037UL;
        void Add(byte value) => hash = (hash ^ value) * 1099511628211UL;
        Add((byte)type);
        Span<byte> buffer = stackalloc byte[4];
        foreach (var rune in reference.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(buffer);
            for (var i = 0; i < length; i++)
            {
                Add(buffer[i]);
            }
        }

        return hash;
    }
}
