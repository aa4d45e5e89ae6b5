using System.Text;

namespace Etrepaye.Receivables.Importing;

/// <summary>One record of a CSV file and the line it starts on (the header is line 1).</summary>
internal sealed record CsvRecord(long Line, IReadOnlyList<string> Fields);

/// <summary>
/// Reads CSV records one at a time (RFC 4180 quoting, quoted delimiters, doubled quotes and line breaks inside quotes),
/// UTF-8 with or without BOM; never holds more than one record in memory.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader, char delimiter)
{
    private long _line;

    /// <summary>Opens a file as UTF-8 (a BOM is skipped) and detects the delimiter from the header line when none is given.</summary>
    public static (CsvRecordReader Reader, StreamReader Stream) Open(string path, string? delimiter)
    {
        var stream = new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });
        var separator = delimiter is { Length: 1 } ? delimiter[0] : Detect(path);
        return (new CsvRecordReader(stream, separator), stream);
    }

    private static char Detect(string path)
    {
        using var probe = new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        var header = probe.ReadLine() ?? "";
        return header.Count(c => c == ';') > header.Count(c => c == ',') ? ';' : ',';
    }

    public CsvRecord? Read()
    {
        var text = reader.ReadLine();
        if (text is null)
        {
            return null;
        }

        _line++;
        var start = _line;

        // Most lines quote nothing: a split reads them as the loop below would, without copying them character by character.
        if (!text.Contains('"', StringComparison.Ordinal))
        {
            return new CsvRecord(start, text.Split(delimiter));
        }

        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var i = 0;
        while (true)
        {
            if (i >= text.Length)
            {
                if (quoted)
                {
                    var next = reader.ReadLine();
                    if (next is null)
                    {
                        break;
                    }

                    _line++;
                    field.Append('\n');
                    text = next;
                    i = 0;
                    continue;
                }

                break;
            }

            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i += 2;
                    continue;
                }

                if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }

            i++;
        }

        fields.Add(field.ToString());
        return new CsvRecord(start, fields);
    }
}
