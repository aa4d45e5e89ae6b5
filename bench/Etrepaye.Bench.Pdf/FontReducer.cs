using System.Buffers.Binary;
using System.Text;

namespace Etrepaye.Bench.Pdf;

/// <summary>
/// Writes a TrueType font reduced to the glyphs of the given characters (plus .notdef and the components of composite glyphs),
/// renumbered in their original order, with a new Windows Unicode cmap (format 4), a post table without glyph names
/// (format 3) and without the tables PdfPig does not read to write a PDF (layout, kerning, per-size device tables).
/// </summary>
internal static class FontReducer
{
    private static readonly string[] _keptTables = ["OS/2", "cmap", "cvt ", "fpgm", "gasp", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post", "prep"];

    public sealed record Result(byte[] Font, int SourceGlyphs, int KeptGlyphs, IReadOnlyList<char> Missing);

    public static Result Reduce(byte[] source, IEnumerable<char> characters)
    {
        var tables = ReadTables(source);
        var head = tables["head"];
        var numGlyphs = U16(tables["maxp"], 4);
        var longLoca = I16(head, 50) == 1;
        var loca = tables["loca"];
        var glyf = tables["glyf"];
        int Offset(int glyph) => longLoca ? (int)U32(loca, glyph * 4) : U16(loca, glyph * 2) * 2;
        ReadOnlySpan<byte> Glyph(int glyph) => glyf.AsSpan(Offset(glyph), Offset(glyph + 1) - Offset(glyph));

        var cmap = FindUnicodeCMap(tables["cmap"]);
        var mapped = new SortedDictionary<char, int>();
        var missing = new List<char>();
        foreach (var c in characters)
        {
            var glyph = Lookup(cmap, c);
            if (glyph == 0)
            {
                missing.Add(c);
            }
            else
            {
                mapped[c] = glyph;
            }
        }

        var kept = new SortedSet<int> { 0 };
        var pending = new Stack<int>(mapped.Values);
        while (pending.TryPop(out var glyph))
        {
            if (kept.Add(glyph))
            {
                foreach (var component in Components(Glyph(glyph)))
                {
                    pending.Push(component);
                }
            }
        }

        var order = kept.ToArray();
        var newIndex = order.Select((old, index) => (old, index)).ToDictionary(p => p.old, p => p.index);

        var hhea = tables["hhea"];
        var hmtx = tables["hmtx"];
        var numberOfHMetrics = U16(hhea, 34);
        var newGlyf = new MemoryStream();
        var newLoca = new byte[(order.Length + 1) * 4];
        var newHmtx = new byte[order.Length * 4];
        for (var i = 0; i < order.Length; i++)
        {
            var old = order[i];
            BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(i * 4), (uint)newGlyf.Position);
            var data = Glyph(old).ToArray();
            RenumberComponents(data, newIndex);
            newGlyf.Write(data);
            while (newGlyf.Position % 4 != 0)
            {
                newGlyf.WriteByte(0);
            }

            var advance = U16(hmtx, Math.Min(old, numberOfHMetrics - 1) * 4);
            var leftSideBearing = old < numberOfHMetrics ? I16(hmtx, (old * 4) + 2) : I16(hmtx, (numberOfHMetrics * 4) + ((old - numberOfHMetrics) * 2));
            BinaryPrimitives.WriteUInt16BigEndian(newHmtx.AsSpan(i * 4), advance);
            BinaryPrimitives.WriteInt16BigEndian(newHmtx.AsSpan((i * 4) + 2), leftSideBearing);
        }

        BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(order.Length * 4), (uint)newGlyf.Position);

        var output = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var tag in _keptTables.Where(tables.ContainsKey))
        {
            output[tag] = tables[tag].ToArray();
        }

        output["glyf"] = newGlyf.ToArray();
        output["loca"] = newLoca;
        output["hmtx"] = newHmtx;
        output["cmap"] = WriteCMap(mapped.ToDictionary(p => p.Key, p => newIndex[p.Value]));
        BinaryPrimitives.WriteInt16BigEndian(output["head"].AsSpan(50), 1);
        BinaryPrimitives.WriteUInt32BigEndian(output["head"].AsSpan(8), 0);
        BinaryPrimitives.WriteUInt16BigEndian(output["maxp"].AsSpan(4), (ushort)order.Length);
        BinaryPrimitives.WriteUInt16BigEndian(output["hhea"].AsSpan(34), (ushort)order.Length);
        output["post"] = output["post"][..32];
        BinaryPrimitives.WriteUInt32BigEndian(output["post"].AsSpan(0), 0x00030000);

        return new Result(WriteFont(source, output), numGlyphs, order.Length, missing);
    }

    private static Dictionary<string, byte[]> ReadTables(byte[] font)
    {
        var count = U16(font, 4);
        var tables = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var record = 12 + (i * 16);
            var tag = Encoding.ASCII.GetString(font, record, 4);
            tables[tag] = font.AsSpan((int)U32(font, record + 8), (int)U32(font, record + 12)).ToArray();
        }

        return tables;
    }

    private static byte[] FindUnicodeCMap(byte[] cmap)
    {
        var count = U16(cmap, 2);
        for (var i = 0; i < count; i++)
        {
            var record = 4 + (i * 8);
            var offset = (int)U32(cmap, record + 4);
            if (U16(cmap, record) == 3 && U16(cmap, record + 2) == 1 && U16(cmap, offset) == 4)
            {
                return cmap.AsSpan(offset, U16(cmap, offset + 2)).ToArray();
            }
        }

        throw new InvalidOperationException("The font has no Windows Unicode BMP cmap (format 4).");
    }

    private static int Lookup(byte[] format4, char c)
    {
        var segments = U16(format4, 6) / 2;
        for (var s = 0; s < segments; s++)
        {
            var end = U16(format4, 14 + (s * 2));
            if (c > end)
            {
                continue;
            }

            var start = U16(format4, 16 + (segments * 2) + (s * 2));
            if (c < start)
            {
                return 0;
            }

            var delta = I16(format4, 16 + (segments * 4) + (s * 2));
            var rangeOffsetAt = 16 + (segments * 6) + (s * 2);
            var rangeOffset = U16(format4, rangeOffsetAt);
            if (rangeOffset == 0)
            {
                return (c + delta) & 0xFFFF;
            }

            var glyph = U16(format4, rangeOffsetAt + rangeOffset + ((c - start) * 2));
            return glyph == 0 ? 0 : (glyph + delta) & 0xFFFF;
        }

        return 0;
    }

    // Composite glyph records: flags, glyph index, two arguments (bytes or words), then an optional scale or 2x2 matrix.
    private static IEnumerable<int> Components(ReadOnlySpan<byte> glyph)
    {
        var result = new List<int>();
        foreach (var (indexAt, _) in ComponentIndexes(glyph))
        {
            result.Add(U16(glyph, indexAt));
        }

        return result;
    }

    private static void RenumberComponents(byte[] glyph, Dictionary<int, int> newIndex)
    {
        foreach (var (indexAt, old) in ComponentIndexes(glyph))
        {
            BinaryPrimitives.WriteUInt16BigEndian(glyph.AsSpan(indexAt), (ushort)newIndex[old]);
        }
    }

    private static List<(int IndexAt, int Glyph)> ComponentIndexes(ReadOnlySpan<byte> glyph)
    {
        var result = new List<(int, int)>();
        if (glyph.Length == 0 || I16(glyph, 0) >= 0)
        {
            return result;
        }

        var at = 10;
        while (true)
        {
            var flags = U16(glyph, at);
            result.Add((at + 2, U16(glyph, at + 2)));
            at += 4 + ((flags & 0x0001) != 0 ? 4 : 2);
            at += (flags & 0x0008) != 0 ? 2 : (flags & 0x0040) != 0 ? 4 : (flags & 0x0080) != 0 ? 8 : 0;
            if ((flags & 0x0020) == 0)
            {
                return result;
            }
        }
    }

    private static byte[] WriteCMap(Dictionary<char, int> map)
    {
        // Segments of consecutive characters whose glyphs are consecutive too, each written with a delta (no glyph array).
        var segments = new List<(char Start, char End, int Delta)>();
        foreach (var (c, glyph) in map.OrderBy(p => p.Key))
        {
            var delta = glyph - c;
            if (segments.Count > 0 && segments[^1].End == c - 1 && segments[^1].Delta == delta)
            {
                segments[^1] = (segments[^1].Start, c, delta);
            }
            else
            {
                segments.Add((c, c, delta));
            }
        }

        segments.Add(('\uFFFF', '\uFFFF', 1));
        var count = segments.Count;
        var subtableLength = 16 + (count * 8);
        var table = new byte[12 + subtableLength];
        var span = table.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], 3);
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], 1);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], 12);
        var sub = span[12..];
        BinaryPrimitives.WriteUInt16BigEndian(sub, 4);
        BinaryPrimitives.WriteUInt16BigEndian(sub[2..], (ushort)subtableLength);
        BinaryPrimitives.WriteUInt16BigEndian(sub[6..], (ushort)(count * 2));
        var searchRange = 2 * (1 << (int)Math.Floor(Math.Log2(count)));
        BinaryPrimitives.WriteUInt16BigEndian(sub[8..], (ushort)searchRange);
        BinaryPrimitives.WriteUInt16BigEndian(sub[10..], (ushort)Math.Log2(searchRange / 2));
        BinaryPrimitives.WriteUInt16BigEndian(sub[12..], (ushort)((count * 2) - searchRange));
        for (var s = 0; s < count; s++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(sub[(14 + (s * 2))..], segments[s].End);
            BinaryPrimitives.WriteUInt16BigEndian(sub[(16 + (count * 2) + (s * 2))..], segments[s].Start);
            BinaryPrimitives.WriteUInt16BigEndian(sub[(16 + (count * 4) + (s * 2))..], (ushort)(segments[s].Delta & 0xFFFF));
        }

        return table;
    }

    private static byte[] WriteFont(byte[] source, SortedDictionary<string, byte[]> tables)
    {
        var count = tables.Count;
        var entrySelector = (int)Math.Floor(Math.Log2(count));
        var searchRange = 16 * (1 << entrySelector);
        var font = new MemoryStream();
        var header = new byte[12 + (count * 16)];
        source.AsSpan(0, 4).CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)count);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), (ushort)searchRange);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), (ushort)entrySelector);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), (ushort)((count * 16) - searchRange));
        font.Write(header);
        var index = 0;
        var headAt = 0;
        foreach (var (tag, data) in tables)
        {
            var record = 12 + (index++ * 16);
            Encoding.ASCII.GetBytes(tag).CopyTo(header, record);
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(record + 4), Checksum(data));
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(record + 8), (uint)font.Position);
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(record + 12), (uint)data.Length);
            headAt = tag == "head" ? (int)font.Position : headAt;
            font.Write(data);
            while (font.Position % 4 != 0)
            {
                font.WriteByte(0);
            }
        }

        var bytes = font.ToArray();
        header.CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(headAt + 8), unchecked(0xB1B0AFBA - Checksum(bytes)));
        return bytes;
    }

    private static uint Checksum(byte[] data)
    {
        var sum = 0u;
        for (var i = 0; i < data.Length; i += 4)
        {
            var word = 0u;
            for (var j = 0; j < 4; j++)
            {
                word = (word << 8) | (i + j < data.Length ? data[i + j] : 0u);
            }

            sum = unchecked(sum + word);
        }

        return sum;
    }

    private static ushort U16(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadUInt16BigEndian(data[at..]);

    private static short I16(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadInt16BigEndian(data[at..]);

    private static uint U32(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
}
