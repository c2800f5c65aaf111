using System.Text.Json.Nodes;
using Concord.IO;
using Concord.Study.Running;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Experiments;

/// <summary>The integrity manifest in an artefact's <c>.done</c> marker (<see cref="ArtefactCache"/>), and the reuse policy.</summary>
public class ArtefactIntegrityTests
{
    private static string Compute(ArtefactCache cache, string stage, string hash, Action<string> write) =>
        cache.GetOrCompute(stage, hash, write, force: false, out _);

    [Fact]
    public void TheDoneMarkerRecordsEveryFileAndAFreshCacheFindsItIntact()
    {
        using var t = new TempDir();
        string folder = Compute(new ArtefactCache(t.Path), "probes", "h1", d =>
        {
            File.WriteAllText(Path.Combine(d, "results.json"), "{}");
            Directory.CreateDirectory(Path.Combine(d, "sub"));
            File.WriteAllBytes(Path.Combine(d, "sub", "a.npy"), new byte[300]);
        });
        var marker = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, ".done")))!;
        Assert.Equal(1, marker["format"]!.GetValue<int>());
        Assert.Equal(["results.json", "sub/a.npy"], marker["files"]!.AsArray().Select(f => f!["path"]!.GetValue<string>()));
        Assert.Equal(300, marker["files"]![1]!["size"]!.GetValue<long>());
        Assert.Equal(ArtefactState.Intact, new ArtefactCache(t.Path).Check("probes", "h1").State);
        Assert.Equal(ArtefactState.NotDone, new ArtefactCache(t.Path).Check("probes", "nope").State);
    }

    [Fact]
    public void AReleasedArtefactKeepsItsRowsRefusesReadersAndIsCheckedOnItsRemainingFiles()
    {
        using var t = new TempDir();
        string folder = Compute(new ArtefactCache(t.Path), "extract", "h1", d =>
        {
            File.WriteAllText(Path.Combine(d, "results.json"), "{}");
            File.WriteAllBytes(Path.Combine(d, "conv1.train.npy"), new byte[300]);
            File.WriteAllBytes(Path.Combine(d, "conv1.test.npy"), new byte[100]);
        });
        var cache = new ArtefactCache(t.Path);
        Assert.Equal(400, cache.Release("extract", "h1", p => p.EndsWith(".json", StringComparison.Ordinal)));
        Assert.Equal(["results.json"], Directory.EnumerateFiles(folder).Select(Path.GetFileName).Where(n => n != ".done"));
        Assert.Equal(["conv1.test.npy", "conv1.train.npy"], cache.ReleasedFiles("extract", "h1").Select(f => f.Path).Order());
        var fresh = new ArtefactCache(t.Path);
        Assert.True(fresh.IsDone("extract", "h1"));
        Assert.Equal(ArtefactState.Released, fresh.Check("extract", "h1").State);
        var ex = Assert.Throws<ConcordException>(() => fresh.RequireIntact("extract", "h1"));
        Assert.Contains("untilConsumed", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, fresh.Release("extract", "h1", _ => false));   // nothing left to delete; idempotent
        File.WriteAllText(Path.Combine(folder, "results.json"), "{\"x\": 1}");   // the kept rows are still guarded
        Assert.Equal(ArtefactState.Damaged, new ArtefactCache(t.Path).Check("extract", "h1").State);
        Assert.Throws<InvalidOperationException>(() => new ArtefactCache(t.Path).Release("extract", "nope", _ => false));
    }

    [Fact]
    public void ADamagedFileNamesItselfAndADamagedInputIsRefused()
    {
        using var t = new TempDir();
        string folder = Compute(new ArtefactCache(t.Path), "train", "h1", d => File.WriteAllBytes(Path.Combine(d, "model.bin"), new byte[100]));
        var bytes = new byte[100];
        bytes[42] = 1;
        File.WriteAllBytes(Path.Combine(folder, "model.bin"), bytes);
        var cache = new ArtefactCache(t.Path);
        var check = cache.Check("train", "h1");
        Assert.Equal(ArtefactState.Damaged, check.State);
        Assert.StartsWith(Path.Combine(folder, "model.bin") + ": damaged: expected SHA-256", check.Describe(), StringComparison.Ordinal);
        var ex = Assert.Throws<ConcordException>(() => cache.RequireIntact("train", "h1"));
        Assert.Contains(Path.Combine(folder, "model.bin"), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LargeFilesAreComparedBySizeUnlessEveryHashIsAskedFor()
    {
        using var t = new TempDir();
        long big = FileManifest.CheapHashBytes + 1;
        string folder = Compute(new ArtefactCache(t.Path), "extract", "h1", d =>
        {
            using var f = new FileStream(Path.Combine(d, "conv1.train.npy"), FileMode.CreateNew);
            f.SetLength(big);   // sparse: no 64 MiB written
        });
        using (var f = new FileStream(Path.Combine(folder, "conv1.train.npy"), FileMode.Open))
        {
            f.Position = big / 2;
            f.WriteByte(7);
        }
        Assert.Equal(ArtefactState.Intact, new ArtefactCache(t.Path).Check("extract", "h1").State);                   // documented: size only
        Assert.Equal(ArtefactState.Damaged, new ArtefactCache(t.Path, verifyAll: true).Check("extract", "h1").State);  // --verify
        // Models and features are hashed whatever their size; other kinds up to 64 MiB.
        var large = new ManifestFile("x", big, "");
        Assert.True(ArtefactCache.HashedOnReuse("train", large));
        Assert.True(ArtefactCache.HashedOnReuse("features", large));
        Assert.False(ArtefactCache.HashedOnReuse("extract", large));
        Assert.True(ArtefactCache.HashedOnReuse("extract", large with { Size = 10 }));
    }

    [Fact]
    public void AnOldMarkerHasNoManifestUntilOneIsRecordedAndAnUnreadableMarkerIsDamage()
    {
        using var t = new TempDir();
        string folder = Compute(new ArtefactCache(t.Path), "features", "h1", d => File.WriteAllText(Path.Combine(d, "f.npy"), "x"));
        File.WriteAllText(Path.Combine(folder, ".done"), "2026-01-01T00:00:00.0000000Z");   // what Concord wrote before manifests
        var cache = new ArtefactCache(t.Path);
        Assert.Equal(ArtefactState.NoManifest, cache.Check("features", "h1").State);
        Assert.Equal(folder, cache.RequireIntact("features", "h1"));                          // accepted as found
        Assert.Throws<ConcordException>(() => new ArtefactCache(t.Path, verifyAll: true).RequireIntact("features", "h1"));
        cache.RecordManifest("features", "h1");
        Assert.Equal(ArtefactState.Intact, new ArtefactCache(t.Path, verifyAll: true).Check("features", "h1").State);

        File.WriteAllText(Path.Combine(folder, ".done"), "{\"format\": 1, \"files\": [");
        var damaged = new ArtefactCache(t.Path).Check("features", "h1");
        Assert.Equal(ArtefactState.Damaged, damaged.State);
        Assert.Contains(".done: damaged: expected a file manifest", damaged.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void ExtraFilesAreListedButLeaveTheArtefactIntact()
    {
        using var t = new TempDir();
        string folder = Compute(new ArtefactCache(t.Path), "probes", "h1", d => File.WriteAllText(Path.Combine(d, "results.json"), "{}"));
        File.WriteAllText(Path.Combine(folder, "mine.txt"), "x");
        var check = new ArtefactCache(t.Path).Check("probes", "h1");
        Assert.Equal(ArtefactState.Intact, check.State);
        Assert.Equal(["mine.txt"], check.Extra);
    }

    [Fact]
    public void AResumedComputationDropsTemporariesAKilledOneLeftInsideItsFolder()
    {
        using var t = new TempDir();
        var cache = new ArtefactCache(t.Path);
        string folder = cache.PathFor("train", "h1");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "checkpoint.bin.tmp-0badf00d"), "half a checkpoint");   // as left by SIGTERM mid-write
        cache.GetOrComputeResumable("train", "h1", d =>
        {
            Assert.False(File.Exists(Path.Combine(d, "checkpoint.bin.tmp-0badf00d")));                    // gone before the computation resumes
            File.WriteAllText(Path.Combine(d, "model.bin"), "m");
            File.WriteAllText(Path.Combine(d, "metrics.json.tmp-00c0ffee"), "leaked by a failed write");  // and never in a finished artefact
        }, force: false, out _);
        Assert.False(File.Exists(Path.Combine(folder, "metrics.json.tmp-00c0ffee")));
        Assert.False(File.Exists(Path.Combine(folder, "checkpoint.bin.tmp-0badf00d")));
        var marker = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, ".done")))!;
        Assert.Equal(["model.bin"], marker["files"]!.AsArray().Select(f => f!["path"]!.GetValue<string>()));
    }
}
