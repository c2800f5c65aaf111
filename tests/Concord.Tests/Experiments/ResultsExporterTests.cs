using Concord.Experiments;
using Concord.Tests.Infrastructure;
using Parquet;

namespace Concord.Tests.Experiments;

public class ResultsExporterTests
{
    [Fact]
    public void CsvQuotesFieldsAndRoundTripsNumbers()
    {
        string csv = ResultsExporter.ToCsv(["a", "b"], [["x,y", 0.1], [null, "say \"hi\""]]);
        Assert.Equal("a,b\n\"x,y\",0.1\n,\"say \"\"hi\"\"\"\n", csv);
    }

    [Fact]
    public async Task ExportsEveryTableAsCsvAndParquet()
    {
        using var tmp = new TempDir();
        var r = SampleStudy.Create();
        using var s = ResultsStore.Open(tmp.File(ResultsStore.FileName));
        s.PutRun(r.Run);
        s.PutProbes(r.Probes);
        var csv = ResultsExporter.Export(s, tmp.File("csv"), ExportFormat.Csv);
        Assert.Equal(ResultsStore.Tables.Count, csv.Count);
        var lines = File.ReadAllLines(Path.Combine(tmp.File("csv"), "probe_results.csv"));
        Assert.Equal(r.Probes.Count + 1, lines.Length);
        Assert.StartsWith("artefact_hash,experiment,dataset", lines[0]);

        var pq = ResultsExporter.Export(s, tmp.File("pq"), ExportFormat.Parquet);
        await using var f = File.OpenRead(pq.Single(p => p.EndsWith("probe_results.parquet", StringComparison.Ordinal)));
        await using var reader = await ParquetReader.CreateAsync(f);
        Assert.Equal(r.Probes.Count, reader.Metadata!.NumRows);
        Assert.Contains(reader.Schema.DataFields, d => d.Name == "test");
    }
}
