using Concord.IO;

namespace Concord.Tests.Datasets;

public class CsvTableTests
{
    [Fact]
    public void ParsesQuotingBomAndCrlf()
    {
        string text = "\uFEFFpath,composer,piece\r\n\"a,b.wav\",Bach,\"He said \"\"hi\"\"\"\r\n\r\nc.wav,\"Multi\r\nline\",x\r\n";
        var t = CsvTable.Parse("in.csv", text);
        Assert.Equal(["path", "composer", "piece"], t.Columns);
        Assert.Equal(2, t.Rows.Count);
        Assert.Equal(["a,b.wav", "Bach", "He said \"hi\""], t.Rows[0]);
        Assert.Equal("Multi\r\nline", t.Rows[1][1]);
        Assert.Equal([2, 4], t.RowNumbers);
        Assert.Equal(0, t.RequireColumn("path"));
    }

    [Fact]
    public void ErrorsNameFileRowAndColumn()
    {
        var t = CsvTable.Parse("in.csv", "path,composer\na.wav,\n");
        var e = Assert.Throws<ConcordException>(() => t.Require(0, 1));
        Assert.Equal("in.csv: row 2: column 'composer' is empty", e.Message);
        e = Assert.Throws<ConcordException>(() => t.RequireColumn("orchestra"));
        Assert.Contains("missing column 'orchestra'", e.Message);
        e = Assert.Throws<ConcordException>(() => CsvTable.Parse("in.csv", "a,b\n1,2,3\n"));
        Assert.Contains("row 2: 3 cells", e.Message);
        e = Assert.Throws<ConcordException>(() => CsvTable.Parse("in.csv", "a,b\n\"1,2\n"));
        Assert.Contains("unterminated", e.Message);
        Assert.Throws<ConcordException>(() => CsvTable.Parse("in.csv", ""));
        Assert.Equal("\"a\"\"b\"", CsvTable.Quote("a\"b"));
    }
}
