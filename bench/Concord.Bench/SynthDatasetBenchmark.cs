using System.Diagnostics;
using Concord.Datasets;

namespace Concord.Bench;

/// <summary>
/// synth-dataset timing (per family), prepare throughput (clips/s, decoding + mel + writing, 2 threads) and the accuracy
/// of the simple mel-band-mean baseline (<see cref="MelBandBaseline"/>) on the synthetic dataset, for random and
/// group-disjoint splits. Usage: synth-dataset [notes] [seed].
/// </summary>
public sealed class SynthDatasetBenchmark : IBenchmark
{
    public string Name => "synth-dataset";
    public string Description => "synthetic dataset: generation time, prepare clips/s, simple-feature accuracy";

    public int Run(string[] args)
    {
        int notes = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 400;
        int seed = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
        string root = Path.Combine(Path.GetTempPath(), "concord-bench-synth-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var options = new SynthDatasetOptions { Notes = notes, Seed = seed };
            var plan = SynthDataset.Plan(options);
            foreach (var g in plan.GroupBy(n => n.InstrumentFamilyStr))
            {
                var sw1 = Stopwatch.StartNew();
                foreach (var n in g.Take(5)) SynthDataset.Render(n, options);
                Console.WriteLine($"render {g.Key,-9} {sw1.Elapsed.TotalMilliseconds / Math.Min(5, g.Count()),7:0.0} ms/note (1 thread)");
            }
            var sw = Stopwatch.StartNew();
            SynthDataset.Write(Path.Combine(root, "data"), options);
            double synth = sw.Elapsed.TotalSeconds;
            Console.WriteLine($"synth-dataset: {notes} notes in {synth:0.00} s ({notes / synth:0} notes/s, 2 threads)");

            sw.Restart();
            var result = DatasetPreparer.Prepare(Path.Combine(root, "data"), Path.Combine(root, "cache"), PrepareOptions.ForProfile(DatasetProfile.Corrected));
            double prep = sw.Elapsed.TotalSeconds;
            Console.WriteLine($"prepare: {result.Manifest.Count} clips in {prep:0.00} s = {result.Manifest.Count / prep:0} clips/s (hash + decode + mel + write, 2 threads)");
            sw.Restart();
            var again = DatasetPreparer.Prepare(Path.Combine(root, "data"), Path.Combine(root, "cache"), PrepareOptions.ForProfile(DatasetProfile.Corrected));
            Console.WriteLine($"prepare rerun: up to date = {again.UpToDate} in {sw.Elapsed.TotalSeconds:0.00} s");

            var cache = PreparedCache.Open(result.Cache);
            var x = MelBandBaseline.MeanBandFeatures(cache);
            var family = cache.LoadCodes("instrument_family");
            var pitch = cache.LoadValues("pitch");
            var velocity = cache.LoadValues("velocity");
            Report("random 70/30", x, family, pitch, velocity, cache.TrainIndices(), cache.TestIndices());
            var labelled = DatasetPreparer.LoadDataset(Path.Combine(root, "data"), PrepareOptions.ForProfile(DatasetProfile.Corrected));
            var group = DatasetSplitter.Split(labelled, new SplitOptions { Kind = SplitKind.Group });
            Report("group (instrument-disjoint)", x, family, pitch, velocity, group.Train, group.Test);
            return 0;
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static void Report(string split, double[][] x, long[] family, double[] pitch, double[] velocity, long[] train, long[] test)
    {
        double acc = MelBandBaseline.NearestCentroidAccuracy(x, family, train, test);
        double majority = test.GroupBy(i => family[i]).Max(g => g.Count()) / (double)test.Length;
        var (pr, pb) = MelBandBaseline.RidgeRmse(x, pitch, train, test);
        var (vr, vb) = MelBandBaseline.RidgeRmse(x, velocity, train, test);
        Console.WriteLine($"{split}: family nearest-centroid accuracy {acc:P1} (chance {1.0 / 8:P1}, majority {majority:P1}); " +
            $"pitch ridge RMSE {pr:0.00} vs mean {pb:0.00}; velocity ridge RMSE {vr:0.00} vs mean {vb:0.00}");
    }
}
