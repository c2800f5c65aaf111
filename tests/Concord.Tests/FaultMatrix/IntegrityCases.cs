using System.Text.Json.Nodes;
using Concord.Datasets;
using Concord.Experiments;
using Concord.IO;
using Concord.Study.Config;
using Concord.Study.Running;
using Concord.Study.Stages;
using Concord.Tests.Infrastructure;
using static Concord.Tests.FaultMatrix.FaultInputs;

namespace Concord.Tests.FaultMatrix;

/// <summary>
/// Fault-matrix rows for issue 14's integrity manifests and late refusals: a finished artefact whose files no longer
/// match the manifest in its <c>.done</c> marker stops <c>run --verify</c> naming the file (and is left as it is for the
/// user to inspect); a prepared cache whose mel.npy was truncated is recomputed, not reported up to date; a
/// <c>dataset.limit</c> too small for the study is refused before the run folder exists, naming the key.
/// </summary>
public static class IntegrityCases
{
    private static string Out(string d, string file = "") => Path.Combine(d, "out", file);

    /// <summary>
    /// A run folder <c>&lt;tmp&gt;/run</c> whose prepare artefact (of the matrix's tiny config) is finished with a manifest,
    /// then spoiled by <paramref name="damage"/>; returns <c>run CONFIG --out RUN --verify</c>.
    /// </summary>
    private static string[] VerifyDamaged(string d, Action<string> damage)
    {
        string[] run = FaultCases.RunConfig(d, _ => { });
        var prepare = PrepareTask.For(ExperimentConfigLoader.Load(run[1]), d);
        string folder = new ArtefactCache(Path.Combine(d, "run", "artefacts")).GetOrComputeResumable("prepare", prepare.Hash, f =>
        {
            Directory.CreateDirectory(Path.Combine(f, "cache"));
            File.WriteAllBytes(Path.Combine(f, "cache", "mel.npy"), Enumerable.Range(0, 2000).Select(i => (byte)i).ToArray());
            File.WriteAllText(Path.Combine(f, "results.json"), "{}");
        }, force: false, out _);
        damage(folder);
        return [.. run, "--out", Path.Combine(d, "run"), "--verify"];
    }

    private static string PrepareFolder(string d) => Directory.GetDirectories(Path.Combine(d, "run", "artefacts", "prepare")).Single();

    /// <summary>The damaged artefact is left as it is (not recomputed, not deleted) and no results were written.</summary>
    private static Action<string, string> LeftAsItIs(long melBytes) => (d, _) =>
    {
        Assert.Equal(melBytes, new FileInfo(Path.Combine(PrepareFolder(d), "cache", "mel.npy")).Length);
        Assert.False(File.Exists(Path.Combine(d, "run", ResultsStore.FileName)), "results.db was written");
        Assert.False(File.Exists(Path.Combine(d, "run", "report.html")), "report.html was written");
        Assert.DoesNotContain(Directory.GetDirectories(Path.Combine(d, "run", "artefacts")), s => Path.GetFileName(s) != "prepare");
    };

    private static void Truncate(string file, long length)
    {
        using var f = new FileStream(file, FileMode.Open);
        f.SetLength(length);
    }

    public static IReadOnlyList<FaultCase> All { get; } =
    [
        new("run-verify-truncated-artefact", "integrity", d => VerifyDamaged(d, f => Truncate(Path.Combine(f, "cache", "mel.npy"), 1000)),
            "cache/mel.npy: damaged: expected 2,000 bytes, found 1,000 bytes; rerun without --verify to recompute it", LeftAsItIs(1000)),
        new("run-verify-altered-byte", "integrity", d => VerifyDamaged(d, f =>
        {
            string mel = Path.Combine(f, "cache", "mel.npy");
            var b = File.ReadAllBytes(mel);
            b[1234] ^= 0x40;
            File.WriteAllBytes(mel, b);
        }), "cache/mel.npy: damaged: expected SHA-256 ", LeftAsItIs(2000)),
        new("run-verify-missing-file", "integrity", d => VerifyDamaged(d, f => File.Delete(Path.Combine(f, "results.json"))),
            "results.json: missing (the manifest records 2 bytes)", (d, _) => Assert.False(File.Exists(Path.Combine(PrepareFolder(d), "results.json")))),
        new("run-verify-old-marker", "integrity", d => VerifyDamaged(d, f => File.WriteAllText(Path.Combine(f, ".done"), "2026-01-01T00:00:00.0000000Z")),
            ".done: written by an earlier Concord without a file manifest, so its files cannot be verified; run once without --verify", LeftAsItIs(2000)),
        new("prepare-truncated-mel-recomputed", "integrity", d =>
        {
            string[] args = ["prepare", "--dataset", "nsynth", "-i", NSynth(d, 8), "-o", Out(d)];
            var first = CliProcess.Run(args, d, TimeSpan.FromSeconds(60));
            Assert.True(first.Exit == 0, first.Stderr);
            Truncate(CacheLayout.Mel(Out(d)), new FileInfo(CacheLayout.Mel(Out(d))).Length - 100);
            return args;
        }, null, (d, stdout) =>
        {
            static string Squash(string x) => string.Concat(x.Where(c => !char.IsWhiteSpace(c)));   // the console wraps long lines anywhere
            Assert.Contains(Squash($"damaged cache, recomputed: {CacheLayout.Mel(Out(d))}: damaged: expected "), Squash(stdout), StringComparison.Ordinal);
            Assert.DoesNotContain("up to date", stdout, StringComparison.Ordinal);
            Assert.Equal(new long[] { 8, 128, 128 }, Npy.ReadHeader(CacheLayout.Mel(Out(d))).Shape);   // complete again (ReadHeader checks the size)
        }),

        // ---- disk estimate before large outputs: refused before the first byte, with the estimate and the free space ----
        new("prepare-disk-estimate", "environment", d => ["prepare", "--dataset", "nsynth", "-i", NSynth(d, 8), "-o", Out(d)],
            "not enough free space: preparing 8 examples (mel parts, then mel.npy [8, 128, 128] float32 of 512 KiB) needs about 1.0 MiB, but its file system has 256 KiB free")
        {
            Precondition = d => FaultCases.Mount(Out(d), "size=256k") ? null : "mount -t tmpfs is not permitted here",
            Teardown = d => FaultCases.Run("umount", Out(d)),
        },

        new("synth-dataset-disk-estimate", "environment", d => ["synth-dataset", "--out", Out(d), "--notes", "16"],
            "not enough free space: 16 synthetic notes of 125 KiB each needs about 2.0 MiB, but its file system has 256 KiB free")
        {
            Precondition = d => FaultCases.Mount(Out(d), "size=256k") ? null : "mount -t tmpfs is not permitted here",
            Teardown = d => FaultCases.Run("umount", Out(d)),
        },

        // ---- dataset.limit too small for the study: refused at pre-flight, not mid-run ---------------------------------
        FaultCases.ConfigCase("config-limit-fewer-than-families", FaultCases.Set("dataset", "limit", 4),
            "dataset.limit: 4 synthetic notes are fewer than the 8 instrument families"),
        FaultCases.ConfigCase("config-limit-stratified-test-empty", FaultCases.Set("dataset", "limit", 8),
            "dataset.limit: 8 examples with dataset.testFraction 0.3 leave the test set of the stratified split empty"),
        FaultCases.ConfigCase("config-limit-random-test-empty", c =>
        {
            c["dataset"]!["limit"] = 8;
            c["dataset"]!["split"] = "random";
            c["dataset"]!["testFraction"] = 0.05;
        }, "dataset.limit: 8 examples with dataset.testFraction 0.05 leave the test set of the random split empty"),
    ];
}
