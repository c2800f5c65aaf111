using Concord.Networks;
using System.Text.Json;
using Concord.Datasets;
using Concord.Study.Config;
using Concord.Study.Running;
using Concord.Exploration;
using Concord.Features;
using Concord.IO;
using Concord.Numerics;
using Concord.Probes;

using Concord.Experiments;

namespace Concord.Study.Stages;

/// <summary>
/// <c>exploration</c>: the exploratory figures of the study, each one cached artefact:
/// <list type="bullet">
/// <item>example spectrograms (Figs. 8, 10): the first <c>exploration.examplesPerClass</c> test examples of each class of the main task;</item>
/// <item>feature traces (Figs. 12–13): per class, mean ± sd of every column of each hand-crafted feature over the training split
/// (<see cref="ClassTraces"/>);</item>
/// <item>PCA scatter by class (Fig. 11): <see cref="PrincipalComponents"/> fitted on at most <c>exploration.maxExamples</c>
/// training rows (evenly spread) of the input mel spectrogram, each hand-crafted feature and the trained conv3 of each
/// architecture (first seed), projecting as many test rows;</item>
/// <item>mutual information (Fig. 14) of every column of each hand-crafted feature with the main task's class on the
/// training split (<see cref="MutualInformation"/>, scikit-learn's estimator).</item>
/// </list>
/// Concatenated feature sets are traced and scored through their parts. All need a class task: with a regression main
/// task they are reported as not measured.
/// </summary>
public sealed class ExplorationStage : IRunStage
{
    /// <inheritdoc />
    public string Name => "exploration";

    /// <inheritdoc />
    public IReadOnlyList<string> DependsOn => ["features"];

    private sealed record StoredProjection(double[] X, double[] Y, int[] C, double[] Ratio);

    /// <inheritdoc />
    public StageResult Run(StageContext context, CancellationToken cancellationToken)
    {
        var c = context.Config;
        var on = c.Experiments;
        if (!on.Pca && !on.Examples && !on.MutualInformation) return StageResult.Off("experiments.pca, experiments.examples and experiments.mutualInformation are off");
        var run = new Work(context, Name);
        if (run.Task.Kind == TaskKind.Regression)
        {
            string reason = $"the main task '{run.Task.Name}' is a regression task; these figures are drawn by class";
            foreach (var (id, enabled) in Switches(on)) if (enabled) context.State.Mark(id, StageStatus.NotMeasured, reason);
            return StageResult.Done(0, 0, reason);
        }
        if (on.Examples) run.Examples(cancellationToken);
        if (on.Pca) run.Projections(cancellationToken);
        if (on.MutualInformation) run.MutualInformation(cancellationToken);
        foreach (var (id, enabled) in Switches(on))
            if (enabled) context.State.Mark(id, StageStatus.Done);
        return StageResult.Done(run.Computed, run.Reused, $"{run.Features.Count} features, {run.Task.Classes.Count} classes");
    }

    private static IEnumerable<(string Id, bool On)> Switches(ExperimentSwitches on) =>
        [(ExperimentIds.Examples, on.Examples), (ExperimentIds.Pca, on.Pca), (ExperimentIds.MutualInformation, on.MutualInformation)];

    /// <summary>One run of the stage: the loaded split and labels, and the cache bookkeeping.</summary>
    private sealed class Work(StageContext context, string stage)
    {
        private readonly ExperimentConfig _c = context.Config;
        private readonly PreparedCache _cache = PreparedCache.Open(context.State.PreparedCache!);
        private int[]? _train, _test, _codes;

        public int Computed { get; private set; }
        public int Reused { get; private set; }
        public DatasetTask Task => _cache.Task(_c.Dataset.MainTask);
        private string Dataset => StudyNames.Dataset(_c);
        private int Threads => _c.Threads ?? Environment.ProcessorCount;
        private int[] Train => _train ??= _cache.TrainIndices().Select(i => (int)i).ToArray();
        private int[] Test => _test ??= _cache.TestIndices().Select(i => (int)i).ToArray();
        private int[] Codes => _codes ??= _cache.LoadCodes(Task.Name).Select(v => (int)v).ToArray();

        /// <summary>Every configured feature; the single (non-concatenated) ones are traced and scored.</summary>
        public IReadOnlyList<FeatureDefinition> Features { get; } = FeatureRegistry.Default.Resolve(string.Join(",", context.Config.Features));
        private IEnumerable<FeatureDefinition> Singles => Features.Where(f => f is not CompositeFeature);

        private string FeatureKey(string name) => context.State.FeaturesHash + name;
        private Matrix LoadFeature(string name) => ProbeData.LoadFeatures(Path.Combine(context.State.FeaturesDir!, name + ".npy"));

        /// <summary>Computes (or reuses) one artefact holding <c>result.json</c>, registers its hash, returns the stored value and the hash.</summary>
        private (T Value, string Hash) Cached<T>(string kind, object options, string inputKey, Func<T> compute)
        {
            string hash = ArtefactCache.Hash(stage, new { kind, options, task = Task.Name }, inputKey, context.State.PreparedHash!);
            string dir = context.Cache.GetOrCompute(stage, hash, d =>
                AtomicFile.WriteAllText(Path.Combine(d, "result.json"), JsonSerializer.Serialize(compute(), JsonSerializerOptions.Web)), context.Force, out bool made);
            if (made) Computed++; else Reused++;
            context.State.ResultHashes.Add(hash);
            return (JsonSerializer.Deserialize<T>(File.ReadAllText(Path.Combine(dir, "result.json")), JsonSerializerOptions.Web)!, hash);
        }

        public void Examples(CancellationToken ct)
        {
            var ids = _cache.Examples();
            int per = _c.Exploration.ExamplesPerClass;
            context.Report(stage, 0, 1, "example spectrograms");
            var (examples, hash) = Cached("examples", new { per }, "", () =>
                Task.Classes.Select((name, k) => (name, k)).SelectMany(cl => Test.Where(i => Codes[i] == cl.k).Take(per).Select(i =>
                    new ExampleSpectrogram(Dataset, Task.Name, cl.name, ids[i].Id, _cache.Mels, _cache.Frames, _cache.ReadMel(i), ""))).ToArray());
            context.Store.PutExamples(examples.Select((e, i) => e with { ArtefactHash = $"{hash}:{i}" }));
            var singles = Singles.ToList();
            for (int f = 0; f < singles.Count; f++)
            {
                ct.ThrowIfCancellationRequested();
                var feature = singles[f];
                context.Report(stage, f, singles.Count, $"class traces of {feature.Name}");
                var (traces, h) = Cached("traces", new { }, FeatureKey(feature.Name), () =>
                {
                    var x = LoadFeature(feature.Name).SelectRows(Train);
                    return ClassTraces.Compute(x.Data, x.Rows, x.Cols, Train.Select(i => Codes[i]).ToArray(), Task.Classes.Count).ToArray();
                });
                context.Store.PutTraces(traces.Select(t => new ClassTraceRecord(Dataset, Task.Name, feature.Name, feature.DimensionFormula,
                    Task.Classes[t.ClassIndex], t.Count, t.Mean, t.Sd, $"{h}:{t.ClassIndex}")));
            }
        }

        public void Projections(CancellationToken ct)
        {
            var options = new PcaOptions { Threads = Threads };
            int max = _c.Exploration.MaxExamples;
            int[] fitRows = EvenSample.Positions(Train.Length, max), shownRows = EvenSample.Positions(Test.Length, max);
            var sources = new List<(Representation Source, string Key, Func<(Matrix Fit, Matrix Shown)> Load)>
            {
                (Representation.Input, "mel", () => (Mel(fitRows.Select(r => Train[r])), Mel(shownRows.Select(r => Test[r])))),
            };
            foreach (var f in Features)
                sources.Add((Representation.Handcrafted(f.Name), FeatureKey(f.Name), () =>
                {
                    var all = LoadFeature(f.Name);
                    return (all.SelectRows(fitRows.Select(r => Train[r]).ToArray()), all.SelectRows(shownRows.Select(r => Test[r]).ToArray()));
                }));
            foreach (var a in context.State.Activations.Where(a => a.Split == DataSplit.Train && a.Source is { Trained: true, Tap: Tap.Conv3, Variant: null, Channel: null }
                                                                   && a.Source.Seed == _c.Seeds[0] && a.Source.TrainTask == Task.Name))
            {
                var test = context.State.Activations.Single(t => t.Split == DataSplit.Test && t.Source == a.Source);
                sources.Add((a.Source, a.Hash + Path.GetFileName(a.Path), () =>
                    (ProbeData.LoadFeatures(a.Path).SelectRows(fitRows), ProbeData.LoadFeatures(test.Path).SelectRows(shownRows))));
            }
            for (int s = 0; s < sources.Count; s++)
            {
                ct.ThrowIfCancellationRequested();
                var (source, key, load) = sources[s];
                context.Report(stage, s, sources.Count, $"PCA of {source.Label}");
                var (p, h) = Cached("pca", new { options.Components, options.Standardize, max }, key, () =>
                {
                    var (fit, shown) = load();
                    var model = PrincipalComponents.Fit(fit.Data, fit.Rows, fit.Cols, options);
                    var scores = Enumerable.Range(0, shown.Rows).Select(i => model.Project(shown.Row(i))).ToArray();
                    return new StoredProjection(scores.Select(v => v[0]).ToArray(), scores.Select(v => v.Length > 1 ? v[1] : 0).ToArray(),
                        shownRows.Select(r => Codes[Test[r]]).ToArray(), model.ExplainedVarianceRatio.ToArray());
                });
                context.Store.PutProjections(h, [new PcaProjection(Dataset, Task.Name, source, p.X, p.Y, p.C, Task.Classes, p.Ratio)]);
            }
        }

        private Matrix Mel(IEnumerable<int> indices)
        {
            var rows = indices.ToArray();
            int width = _cache.Mels * _cache.Frames;
            var data = new float[(long)rows.Length * width];
            using var reader = _cache.OpenMel();
            for (int i = 0; i < rows.Length; i++) reader.ReadRows<float>(rows[i], 1, data.AsSpan(i * width, width));
            return new Matrix(data, rows.Length, width);
        }

        public void MutualInformation(CancellationToken ct)
        {
            var options = new MutualInformationOptions { Neighbors = _c.Exploration.Neighbors, Seed = _c.Exploration.Seed, Threads = Threads };
            var labels = Train.Select(i => Codes[i]).ToArray();
            var singles = Singles.ToList();
            for (int f = 0; f < singles.Count; f++)
            {
                ct.ThrowIfCancellationRequested();
                var feature = singles[f];
                context.Report(stage, f, singles.Count, $"mutual information of {feature.Name}");
                var (mi, h) = Cached("mi", new { options.Neighbors, options.Seed, options.Jitter }, FeatureKey(feature.Name), () =>
                {
                    var x = LoadFeature(feature.Name).SelectRows(Train);
                    return Exploration.MutualInformation.Classify(x.Data, x.Rows, x.Cols, labels, options);
                });
                context.Store.PutMutualInformation(mi.Select((v, j) => new MutualInformationRecord(Dataset, Task.Name, feature.Name, j, v, labels.Length,
                    options.Neighbors, options.Seed, $"{h}:{j}")));
            }
        }
    }
}
