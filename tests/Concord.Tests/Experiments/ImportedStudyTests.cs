using System.Globalization;
using Concord.Datasets;
using Concord.Experiments;
using Concord.IO;
using Concord.Study.Config;
using Concord.Study.Running;
using Concord.Study.Stages;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Experiments;

/// <summary>
/// Issue 16 at study level: an imported ONNX network joins every experiment that needs no training; a feature computed
/// elsewhere is a full citizen (its round trip equals the built-in feature); an arrays dataset made from a synthetic
/// run's mel cache gives that run's numbers.
/// </summary>
public class ImportedStudyTests
{
    private static string TinyConfig => TestPaths.Reference("experiments", "tiny.json");
    private static string Onnx(string name) => TestPaths.Reference("onnx", name);

    private static ExperimentConfig Tiny() => ExperimentConfigLoader.Load(TinyConfig);

    private static RunOutcome Run(ExperimentConfig config, string dir) =>
        ExperimentRunner.Default(Concord.Reporting.ReportWriter.WriteFromStore)
            .Run(config, Path.GetDirectoryName(TinyConfig)!, new RunOptions { OutputDirectory = dir }, null, CancellationToken.None);

    private static StudyResults Results(string dir)
    {
        using var store = ResultsStore.OpenExisting(dir);
        return store.LoadStudy();
    }

    private static ExternalNetwork Tagger(bool untrained) => new()
    {
        Name = "tagger", Onnx = Onnx("study_cnn.onnx"), UntrainedOnnx = untrained ? Onnx("study_cnn_untrained.onnx") : null,
        Input = new Concord.Onnx.OnnxInputOptions { Normalization = Concord.Onnx.InputNormalization.PerClipZScore },
    };

    private static string Single(string dir, string pattern) => Directory.GetDirectories(dir, pattern).Single();

    [Fact]
    public void AnImportedNetworkJoinsDecodingSimilarityDeepVsDeepAndUntrainedWithoutTraining()
    {
        using var tmp = new TempDir();
        var config = Tiny() with { Networks = [Tagger(untrained: true)] };
        var plan = StudyPlanner.Plan(config, Path.GetDirectoryName(TinyConfig)!);
        var imported = plan.Tasks.OfType<OnnxExtractTask>().ToList();
        Assert.Equal(2, imported.Count);
        Assert.Equal(["conv1", "relu1", "pool1", "conv2", "relu2", "pool2"],
            imported[0].Tensors.Select(t => t.Tensor.Split('/').Where(p => p.Length > 0).First()).ToArray());
        Assert.Equal(2, plan.Tasks.OfType<TrainTask>().Count());   // the two Regular seeds only: nothing trains the import

        var outcome = Run(config, tmp.Path);
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Stages.Select(s => $"{s.Stage}: {s.Status} {s.Note}")));
        var r = Results(tmp.Path);
        int layers = imported[0].Tensors.Count;
        var decoding = r.Probes.Where(p => p.Source.Kind == RepresentationKind.External && p.Experiment == ExperimentIds.Decoding).ToList();
        Assert.Equal(layers, decoding.Count);
        Assert.All(decoding, p => Assert.True(p.Test is >= 0 and <= 100));
        Assert.Equal(layers * 2, r.Similarities.Count(s => s.Left.Kind == RepresentationKind.External && s.Left.Trained == true
                                                             && s.Right.Kind == RepresentationKind.Handcrafted));
        // Deep vs deep: each imported layer × the later imported layers and the Regular taps of the first seed.
        var dvd = r.Similarities.Where(s => s.Experiment == ExperimentIds.DeepVsDeep && s.Left.Kind == RepresentationKind.External).ToList();
        Assert.Equal(layers * (layers + 1) / 2 + layers * 2, dvd.Count);
        Assert.All(dvd.Where(s => s.Right.Kind == RepresentationKind.Deep), s => Assert.Equal(1, s.Right.Seed));
        Assert.All(dvd.Where(s => s.Left == s.Right), s => Assert.Equal(1.0, s.Value, 9));
        // Experiment 3: trained and untrained layers probed, each pair compared, untrained layers × features.
        Assert.Equal(2 * layers, r.Probes.Count(p => p.Source.Kind == RepresentationKind.External && p.Experiment == ExperimentIds.Untrained));
        var twins = r.Similarities.Where(s => s.Left.Kind == RepresentationKind.External && s.Right.Kind == RepresentationKind.External
                                              && s.Experiment == ExperimentIds.Untrained).ToList();
        Assert.Equal(layers, twins.Count);
        Assert.All(twins, s => Assert.True(s.Value < 0.9999, $"{s.Left.Label} × {s.Right.Label} = {s.Value}: the two graphs differ"));

        string html = System.Net.WebUtility.HtmlDecode(File.ReadAllText(outcome.ReportPath!));
        foreach (string part in new[] { "Imported networks", "tagger: each layer decoding 'instrument_family'", "linear CKA: tagger layers × hand-crafted features",
                     "linear CKA, tagger layers × other networks' layers", "trained vs untrained layers decoding", Concord.Reporting.StudyReport.ImportedNotApplicable })
            Assert.Contains(part, html);
        // The main decoding table lists the imported layers next to the built-in conv3.
        string table = File.ReadAllText(Path.Combine(tmp.Path, "tables", "exp1-decoding-instrument_family.md"));
        Assert.Contains("tagger", table);
        Assert.Contains("Regular conv3", table);
    }

    [Fact]
    public void AnExternalFeatureRoundTripEqualsTheBuiltInOneAndAnArraysDatasetGivesTheSameNumbers()
    {
        using var tmp = new TempDir();
        string first = Path.Combine(tmp.Path, "synth");
        var config = Tiny() with { Experiments = Tiny().Experiments with { Untrained = false, Concatenation = false } };
        Assert.True(Run(config, first).Succeeded);

        // Export both features of the run with their example ids, and the mel cache as [N, H, W] with a labels CSV.
        string cache = Path.Combine(Single(Path.Combine(first, "artefacts", "prepare"), "*"), "cache");
        string features = Path.Combine(Single(Path.Combine(first, "artefacts", "features"), "*"), "features");
        var labels = CsvTable.Read(CacheLayout.LabelsCsv(cache));
        int idCol = labels.RequireColumn("id"), familyCol = labels.RequireColumn("instrument_family_str");
        string ids = Path.Combine(tmp.Path, "ids.csv");
        // Shuffled id order: the rows are aligned by id, not by position.
        var order = Enumerable.Range(0, labels.Rows.Count).Reverse().ToArray();
        File.WriteAllLines(ids, ["id", .. order.Select(i => labels.Rows[i][idCol])]);
        FeatureEntry Export(string name)
        {
            var m = Npy.Read<float>(Path.Combine(features, name + ".npy"));
            int d = (int)(m.Data.Length / labels.Rows.Count);
            var data = order.SelectMany(i => m.Data.Skip(i * d).Take(d)).ToArray();
            string path = Path.Combine(tmp.Path, name + ".npy");
            Npy.Write<float>(path, data, order.Length, d);
            return new FeatureEntry(name + "_ext", path, ids);
        }
        var meanPower = Export("mean_power");
        var wavelet = Export("wavelet_mean_w25");

        // Round trip: the same study with mean_power also given from outside.
        string second = Path.Combine(tmp.Path, "roundtrip");
        Assert.True(Run(config with { Features = [.. config.Features, meanPower] }, second).Succeeded);
        var rt = Results(second);
        var probe = rt.Probes.Single(p => p.Experiment == ExperimentIds.Decoding && p.Source.FeatureSet == "mean_power");
        var probeExt = rt.Probes.Single(p => p.Experiment == ExperimentIds.Decoding && p.Source.FeatureSet == "mean_power_ext");
        Assert.Equal(probe.Test, probeExt.Test, 12);
        Assert.Equal(probe.Train, probeExt.Train, 12);
        var cka = rt.Similarities.Where(s => s.Right.FeatureSet == "mean_power").OrderBy(s => s.Left.Label).ThenBy(s => s.Left.Seed).ToList();
        var ckaExt = rt.Similarities.Where(s => s.Right.FeatureSet == "mean_power_ext").OrderBy(s => s.Left.Label).ThenBy(s => s.Left.Seed).ToList();
        Assert.NotEmpty(cka);
        Assert.Equal(cka.Count, ckaExt.Count);
        for (int i = 0; i < cka.Count; i++) Assert.Equal(cka[i].Value, ckaExt[i].Value, 12);

        // Arrays: the mel cache and the family labels, features given from outside, same split and seeds.
        string inputs = Path.Combine(tmp.Path, "inputs.npy");
        File.Copy(CacheLayout.Mel(cache), inputs);
        string labelsCsv = Path.Combine(tmp.Path, "labels.csv");
        File.WriteAllLines(labelsCsv, ["id,instrument_family", .. labels.Rows.Select(row => $"{row[idCol]},{row[familyCol]}")]);
        var arrays = config with
        {
            Dataset = config.Dataset with { Kind = DatasetSource.Arrays, Path = inputs, Labels = labelsCsv, Limit = null },
            Features = [meanPower, wavelet],
        };
        string third = Path.Combine(tmp.Path, "arrays");
        var outcome = Run(arrays, third);
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Stages.Select(s => $"{s.Stage}: {s.Status} {s.Note}")));
        var a = Results(third);
        var s1 = Results(first);
        string Key(Representation x) => x.Kind == RepresentationKind.Handcrafted ? x.FeatureSet!.Replace("_ext", "", StringComparison.Ordinal) : x.Label + x.Seed;
        var expected = s1.Probes.Where(p => p.Experiment == ExperimentIds.Decoding).ToDictionary(p => Key(p.Source) + p.Task);
        var got = a.Probes.Where(p => p.Experiment == ExperimentIds.Decoding).ToDictionary(p => Key(p.Source) + p.Task);
        Assert.Equal(expected.Keys.Order(), got.Keys.Order());
        foreach (var (k, p) in expected) Assert.True(Math.Abs(p.Test - got[k].Test) < 1e-9, $"{k}: {p.Test} vs {got[k].Test}");
        var simExpected = s1.Similarities.Where(s => s.Experiment == ExperimentIds.Similarity).ToDictionary(s => Key(s.Left) + "|" + Key(s.Right) + s.Measure);
        var simGot = a.Similarities.Where(s => s.Experiment == ExperimentIds.Similarity).ToDictionary(s => Key(s.Left) + "|" + Key(s.Right) + s.Measure);
        Assert.Equal(simExpected.Keys.Order(), simGot.Keys.Order());
        foreach (var (k, s) in simExpected) Assert.True(Math.Abs(s.Value - simGot[k].Value) < 1e-9, $"{k}: {s.Value} vs {simGot[k].Value}");
    }
}
