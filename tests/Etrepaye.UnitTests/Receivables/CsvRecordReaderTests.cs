using Etrepaye.Receivables.Importing;

namespace Etrepaye.UnitTests.Receivables;

public sealed class CsvRecordReaderTests
{
    [Fact]
    public void Read_WhenFieldsAreQuoted_KeepsDelimitersQuotesAndLineBreaksInside()
    {
        var reader = new CsvRecordReader(new StringReader("a;b;c\n\"x;1\";\"say \"\"hi\"\"\";\"two\nlines\"\nlast;2;3\n"), ';');

        reader.Read()!.Fields.ShouldBe(["a", "b", "c"]);
        var quoted = reader.Read()!;
        quoted.Line.ShouldBe(2);
        quoted.Fields.ShouldBe(["x;1", "say \"hi\"", "two\nlines"]);
        var last = reader.Read()!;
        last.Line.ShouldBe(4);
        last.Fields.ShouldBe(["last", "2", "3"]);
        reader.Read().ShouldBeNull();
    }
}
