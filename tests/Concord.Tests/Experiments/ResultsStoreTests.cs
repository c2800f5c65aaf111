using Concord.Experiments;
using Concord.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Concord.Tests.Experiments;

public class ResultsStoreTests
{
    private static void PutAll(ResultsStore s, StudyResults r)
    {
        s.PutRun(r.Run);
        s.PutProbes(r.Probes);
        s.PutSimilarities(r.Similarities);
        s.PutTrainingEpochs(r.TrainingEpochs);
        s.PutConfusions(r.Confusions);
        s.PutProjections("pca1", r.Projections);
        s.PutExamples(r.Examples);
        s.PutTraces(r.Traces);
        s.PutMutualInformation(r.MutualInformation);
    }

    [Fact]
    public void RoundTripsEveryRecord()
    {
        using var tmp = new TempDir();
        var r = SampleStudy.Create();
        using var s = ResultsStore.Open(tmp.File(ResultsStore.FileName));
        PutAll(s, r);
        var back = s.LoadStudy();
        Assert.Equal(r.Run.RunId, back.Run.RunId);
        Assert.Equal(r.Run.DifferencesFromPaper, back.Run.DifferencesFromPaper);
        Assert.Equal(r.Probes.OrderBy(p => p.ArtefactHash, StringComparer.Ordinal), back.Probes.OrderBy(p => p.ArtefactHash, StringComparer.Ordinal));
        Assert.Equal(r.Similarities.OrderBy(p => p.ArtefactHash, StringComparer.Ordinal), back.Similarities.OrderBy(p => p.ArtefactHash, StringComparer.Ordinal));
        Assert.Equal(r.TrainingEpochs.Count, back.TrainingEpochs.Count);
        Assert.Equal([5, 1], back.Confusions.Single().Counts[0]);
        Assert.Equal(r.Projections.Single().X, back.Projections.Single().X);
        Assert.Equal(r.Examples.Select(e => (e.ClassName, e.Mels, e.Frames)), back.Examples.Select(e => (e.ClassName, e.Mels, e.Frames)));
        Assert.Equal(r.Examples[1].Values, back.Examples[1].Values);
        Assert.Equal(r.Traces.OrderBy(t => t.ArtefactHash, StringComparer.Ordinal).Select(t => (t.FeatureSet, t.ClassName, t.Count, t.Mean[2], t.Sd[0])),
            back.Traces.Select(t => (t.FeatureSet, t.ClassName, t.Count, t.Mean[2], t.Sd[0])));
        Assert.Equal(r.MutualInformation.OrderBy(m => m.FeatureSet, StringComparer.Ordinal).ThenBy(m => m.Column), back.MutualInformation);
    }

    [Fact]
    public void UpsertsAreIdempotentAndPruneRemovesStaleRows()
    {
        using var tmp = new TempDir();
        var r = SampleStudy.Create();
        using var s = ResultsStore.Open(tmp.File(ResultsStore.FileName));
        PutAll(s, r);
        string before = s.ContentFingerprint();
        PutAll(s, r);
        Assert.Equal(before, s.ContentFingerprint());
        var keep = r.Probes.Select(p => p.ArtefactHash).Take(3).Append("pca1").ToHashSet();
        s.PutProbes([r.Probes[5] with { ArtefactHash = r.Probes[0].ArtefactHash + ":suffixed" }]);
        s.Prune(keep);
        Assert.Equal(4, s.Counts()["probe_results"]);           // 3 kept by full hash, 1 by its prefix
        Assert.Equal(1, s.Counts()["pca_projections"]);
        Assert.Equal(0, s.Counts()["similarity_results"]);
    }

    [Fact]
    public void WalModeAndFailedWriteLeavesNoRows()
    {
        using var tmp = new TempDir();
        string path = tmp.File(ResultsStore.FileName);
        using (var s = ResultsStore.Open(path))
        {
            var r = SampleStudy.Create();
            IEnumerable<ProbeRecord> Failing() { yield return r.Probes[0]; yield return r.Probes[1]; throw new InvalidOperationException("killed"); }
            Assert.Throws<InvalidOperationException>(() => s.PutProbes(Failing()));
            Assert.Equal(0, s.Counts()["probe_results"]);
        }
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string)cmd.ExecuteScalar()!);
    }

    [Fact]
    public void MissingStoreIsAOneLineUserError()
    {
        using var tmp = new TempDir();
        var ex = Assert.Throws<ConcordException>(() => ResultsStore.OpenExisting(tmp.Path));
        Assert.Contains("results.db", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
