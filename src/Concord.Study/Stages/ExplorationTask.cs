using System.Globalization;
using Concord.Datasets;
using Concord.Experiments;
using Concord.Exploration;
using Concord.Features;
using Concord.IO;
using Concord.Networks;
using Concord.Numerics;
using Concord.Probes;
using Concord.Study.Config;
using Concord.Study.Running;

namespace Concord.Study.Stages;

/// <summary>
/// <c>exploration</c>: the exploratory figures of the study:
/// <list type="bullet">
/// <item>example spectrograms (Figs. 8, 10): the first <c>exploration.examplesPerClass</c> test examples of each class of the main task;</item>
/// <item>feature traces (Figs. 12–13): per class, mean ± sd of every column of each hand-crafted feature over the training split
/// (<see cref="ClassTraces"/>);</item>
/// <item>PCA scatter by class (Fig. 11): <see cref="PrincipalComponents"/> fitted on at most <c>exploration.maxExamples</c>
/// training rows (evenly spread) of the input mel spectrogram, each hand-crafted feature and the trained conv3 of each
/// architecture (first seed, <see cref="Conv3"/>), projecting as many test rows;</item>
/// <item>mutual information (Fig. 14) of every column of each hand-crafted feature with the main task's class on the
/// training split (<see cref="MutualInformation"/>, scikit-learn's estimator).</item>
/// </list>
/// Concatenated feature sets are traced and scored through their parts. All need a class task: with a regression main
/// task they are reported as not measured.
/// </summary>
public sealed record ExplorationTask : StudyTask
{
    /// <summary>The config.</summary>
    public required ExperimentConfig Config { get; init; }
    /// <summary>The prepared dataset.</summary>
    public required PrepareTask Prepared { get; init; }
    /// <summary>The hand-crafted features.</summary>
    public required FeaturesTask Features { get; init; }
    /// <summary>The trained conv3 extractions projected by PCA (first seed of each architecture, main task).</summary>
    public required IReadOnlyList<ExtractTask> Conv3 { get; init; }

    public override StudyTaskKind Kind => StudyTaskKind.Exploration;
    public override string Label => "exploratory figures";
    public override IReadOnlyList<StudyTask> Inputs => [Prepared, Features, .. Conv3];
    public override double EstimatedSeconds => TaskCostModel.Exploration(Config, Features.Names.Count + Conv3.Count + 1);

    /// <summary>The task a config implies.</summary>
    public static ExplorationTask For(ExperimentConfig c, PrepareTask prepared, FeaturesTask features, IReadOnlyList<ExtractTask> conv3) => new()
    {
        Config = c, Prepared = prepared, Features = features, Conv3 = conv3,
        Hash = ArtefactCache.Hash("exploration", new { c.Exploration, on = Switches(c.Experiments).Where(s => s.On).Select(s => s.Id).ToArray(), pca = new PcaOptions { Threads = c.Threads ?? Environment.ProcessorCount } },
            [prepared.Hash, features.Hash, .. conv3.SelectMany(e => DataSplitNames.Both.Select(s => e.Key(Tap.Conv3, s)))]),
    };

    /// <summary>The experiments this task measures.</summary>
    public static IEnumerable<(string Id, bool On)> Switches(ExperimentSwitches on) =>
        [(ExperimentIds.Examples, on.Examples), (ExperimentIds.Pca, on.Pca), (ExperimentIds.MutualInformation, on.MutualInformation)];

    public override TaskResults Execute(TaskContext context, CancellationToken cancellationToken)
    {
        var on = Config.Experiments;
        var run = new Work(this, context);
        if (run.Task.Kind == Datasets.TaskKind.Regression)
        {
            string reason = $"the main task '{run.Task.Name}' is a regression task; these figures are drawn by class";
            return new TaskResults { NotMeasured = Switches(on).Where(s => s.On).Select(s => new ExperimentState(s.Id, StageStatus.NotMeasured, reason)).ToList(), Note = reason };
        }
        var examples = new List<ExampleSpectrogram>();
        var traces = new List<ClassTraceRecord>();
        var projections = new List<StoredProjection>();
        var mi = new List<MutualInformationRecord>();
        if (on.Examples) run.Examples(examples);
        // Every source's PCA is planned (and its memory held) first, so that the single features' projections are fitted
        // from the training rows their traces and mutual information read: each file is read once.
        var pca = on.Pca ? run.PlanProjections() : null;
        var fitted = on.Examples || on.MutualInformation || pca is not null
            ? run.SingleFeatures(on.Examples ? traces : null, on.MutualInformation ? mi : null, pca, cancellationToken)
            : new Dictionary<int, StoredProjection>();
        if (pca is not null) run.Projections(pca, fitted, projections, cancellationToken);
        return new TaskResults
        {
            Examples = examples, Traces = traces, Projections = projections, MutualInformation = mi,
            Note = $"{run.Features.Count} features, {run.Task.Classes.Count} classes",
        };
    }

    /// <summary>One execution: the loaded split and labels.</summary>
    private sealed class Work(ExplorationTask owner, TaskContext context)
    {
        private readonly ExperimentConfig _c = owner.Config;
        private readonly PreparedCache _cache = PreparedCache.Open(PrepareTask.CachePath(context.Input(owner.Prepared)));
        private readonly string _features = context.Input(owner.Features);
        private int[]? _train, _test, _codes;

        public DatasetTask Task => _cache.Task(_c.Dataset.MainTask);
        private string Dataset => StudyNames.Dataset(_c);
        private int Threads => context.Threads;
        private int[] Train => _train ??= _cache.TrainIndices().Select(i => (int)i).ToArray();
        private int[] Test => _test ??= _cache.TestIndices().Select(i => (int)i).ToArray();
        private int[] Codes => _codes ??= _cache.LoadCodes(Task.Name).Select(v => (int)v).ToArray();

        /// <summary>Every configured feature; the single (non-concatenated) ones are traced and scored.</summary>
        public IReadOnlyList<FeatureColumn> Features { get; } =
        [
            .. (owner.Features.Builtin.Count == 0 ? [] : FeatureRegistry.Default.Resolve(string.Join(",", owner.Features.Builtin)))
                .Select(f => new FeatureColumn(f.Name, f.DimensionFormula, f is CompositeFeature)),
            .. owner.Features.External.Select(e => new FeatureColumn(e.Name, "external", false)),
        ];
        private IEnumerable<FeatureColumn> Singles => Features.Where(f => !f.Composite);

        private string FeatureFile(string name) => FeaturesTask.FeatureFile(_features, name);

        /// <summary>The training rows of a feature (only those are read).</summary>
        private Matrix TrainRows(string feature) => ProbeData.LoadFeatures(FeatureFile(feature), Train);

        /// <summary>Row hash of one result: the task's hash, the kind of result and what it is of.</summary>
        private string RowHash(string kind, string of) => ArtefactCache.Hash("exploration", new { kind, of }, owner.Hash);

        public void Examples(List<ExampleSpectrogram> examples)
        {
            var ids = _cache.Examples();
            int per = _c.Exploration.ExamplesPerClass;
            context.Report(0, 1, "example spectrograms");
            string hash = RowHash("examples", "");
            examples.AddRange(Task.Classes.Select((name, k) => (name, k)).SelectMany(cl => Test.Where(i => Codes[i] == cl.k).Take(per).Select(i =>
                new ExampleSpectrogram(Dataset, Task.Name, cl.name, ids[i].Id, _cache.Mels, _cache.Frames, _cache.ReadMel(i), "")))
                .Select((e, i) => e with { ArtefactHash = $"{hash}:{i}" }));
        }

        /// <summary>
        /// One pass over the single features' training rows (each file read once): the class traces (when
        /// <paramref name="traces"/> is given), the mutual information with the class (when <paramref name="mi"/> is) and the
        /// feature's PCA (when <paramref name="pca"/> is), fitted on the planned training rows taken from those in memory;
        /// returns those projections by their index in the plan.
        /// </summary>
        public Dictionary<int, StoredProjection> SingleFeatures(List<ClassTraceRecord>? traces, List<MutualInformationRecord>? mi, PcaPlan? pca, CancellationToken ct)
        {
            var options = new MutualInformationOptions { Neighbors = _c.Exploration.Neighbors, Seed = _c.Exploration.Seed, Threads = Threads };
            var labels = Train.Select(i => Codes[i]).ToArray();
            var singles = Singles.ToList();
            var fitted = new Dictionary<int, StoredProjection>();
            for (int f = 0; f < singles.Count; f++)
            {
                ct.ThrowIfCancellationRequested();
                var feature = singles[f];
                context.Report(f, singles.Count, $"class traces, mutual information and PCA of {feature.Name}");
                var x = TrainRows(feature.Name);
                if (traces is not null)
                {
                    string h = RowHash("traces", feature.Name);
                    traces.AddRange(ClassTraces.Compute(x.Data, x.Rows, x.Cols, labels, Task.Classes.Count)
                        .Select(t => new ClassTraceRecord(Dataset, Task.Name, feature.Name, feature.DimensionFormula,
                            Task.Classes[t.ClassIndex], t.Count, t.Mean, t.Sd, $"{h}:{t.ClassIndex}")));
                }
                if (mi is not null)
                {
                    var values = Concord.Exploration.MutualInformation.Classify(x.Data, x.Rows, x.Cols, labels, options);
                    string h = RowHash("mi", feature.Name);
                    mi.AddRange(values.Select((v, j) => new MutualInformationRecord(Dataset, Task.Name, feature.Name, j, v, labels.Length,
                        options.Neighbors, options.Seed, $"{h}:{j}")));
                }
                if (pca is not null)
                {
                    int s = pca.Sources.FindIndex(source => source.SingleFeature == feature.Name);
                    var fit = pca.FitRows.Length == x.Rows ? x : x.SelectRows(pca.FitRows);
                    string file = FeatureFile(feature.Name);
                    fitted[s] = Project(RowHash("pca", $"{s}:{pca.Sources[s].Source.Label}"), pca.Sources[s].Source,
                        () => (fit, ProbeData.LoadFeatures(file, pca.ShownTest)), pca.ShownRows, pca.Options);
                    context.ReleaseTransients();
                }
            }
            return fitted;
        }

        /// <summary>
        /// The PCA sources in the order their projections are stored (the input, every feature, each network's conv3), the
        /// training rows each is fitted on and the test rows shown (evenly spaced, at most exploration.maxExamples of each),
        /// and the memory of the widest, held in the run's budget (or the task refused) before anything is read.
        /// </summary>
        public PcaPlan PlanProjections()
        {
            int max = _c.Exploration.MaxExamples;
            int[] fitRows = EvenSample.Positions(Train.Length, max), shownRows = EvenSample.Positions(Test.Length, max);
            int[] fitTrain = fitRows.Select(r => Train[r]).ToArray(), shownTest = shownRows.Select(r => Test[r]).ToArray();
            var sources = new List<PcaSource>
            {
                new(Representation.Input, (long)_cache.Mels * _cache.Frames, null, () => (Mel(fitTrain), Mel(shownTest))),
            };
            foreach (var f in Features)
            {
                string file = FeatureFile(f.Name);
                sources.Add(new(Representation.Handcrafted(f.Name), Npy.ReadHeader(file).RowLength, f.Composite ? null : f.Name,
                    () => (ProbeData.LoadFeatures(file, fitTrain), ProbeData.LoadFeatures(file, shownTest))));
            }
            foreach (var e in owner.Conv3)
            {
                string folder = context.Input(e);
                string train = e.File(folder, Tap.Conv3, DataSplit.Train), test = e.File(folder, Tap.Conv3, DataSplit.Test);
                sources.Add(new(e.Source(Tap.Conv3), Npy.ReadHeader(train).RowLength, null,
                    () => (ProbeData.LoadFeatures(train, fitRows), ProbeData.LoadFeatures(test, shownRows))));
            }
            var options = new PcaOptions { Threads = Threads };
            var widest = sources.MaxBy(s => s.Columns)!;
            var need = new MemoryEstimate(
            [
                new($"{widest.Source.Label}, float32", (long)(fitRows.Length + shownRows.Length) * widest.Columns * sizeof(float)),
                .. PrincipalComponents.Memory(fitRows.Length, widest.Columns, options).Parts,
            ]);
            context.RequireMemory(need, string.Create(CultureInfo.InvariantCulture,
                $"PCA of {fitRows.Length:#,0} training rows × {widest.Columns:#,0} columns ({widest.Source.Label}; exploration.maxExamples)"));
            return new PcaPlan(sources, fitRows, shownRows, shownTest, options);
        }

        /// <summary>Every projection in the plan's order: those <see cref="SingleFeatures"/> fitted (<paramref name="fitted"/>)
        /// and the rest, each read and fitted here.</summary>
        public void Projections(PcaPlan pca, IReadOnlyDictionary<int, StoredProjection> fitted, List<StoredProjection> projections, CancellationToken ct)
        {
            for (int s = 0; s < pca.Sources.Count; s++)
            {
                if (fitted.TryGetValue(s, out var done)) { projections.Add(done); continue; }
                ct.ThrowIfCancellationRequested();
                var source = pca.Sources[s];
                context.Report(s, pca.Sources.Count, $"PCA of {source.Source.Label}");
                projections.Add(Project(RowHash("pca", $"{s}:{source.Source.Label}"), source.Source, source.Load, pca.ShownRows, pca.Options));
                context.ReleaseTransients();   // one source's rows and standardised copy at a time
            }
        }

        /// <summary>Fits one source's PCA and projects its shown rows; nothing but the scores outlives the call.</summary>
        private StoredProjection Project(string hash, Representation source, Func<(Matrix Fit, Matrix Shown)> load, int[] shownRows, PcaOptions options)
        {
            var (fit, shown) = load();
            var model = PrincipalComponents.Fit(fit.Data, fit.Rows, fit.Cols, options);
            var scores = Enumerable.Range(0, shown.Rows).Select(i => model.Project(shown.Row(i))).ToArray();
            return new StoredProjection(hash, new PcaProjection(Dataset, Task.Name, source,
                scores.Select(v => v[0]).ToArray(), scores.Select(v => v.Length > 1 ? v[1] : 0).ToArray(),
                shownRows.Select(r => Codes[Test[r]]).ToArray(), Task.Classes, model.ExplainedVarianceRatio.ToArray()));
        }

        private Matrix Mel(int[] rows)
        {
            int width = _cache.Mels * _cache.Frames;
            var data = new float[(long)rows.Length * width];
            using var reader = _cache.OpenMel();
            for (int i = 0; i < rows.Length; i++) reader.ReadRows<float>(rows[i], 1, data.AsSpan(i * width, width));
            return new Matrix(data, rows.Length, width);
        }
    }

    /// <summary>A feature as the figures need it: name, dimension formula ("external" for a feature computed elsewhere) and
    /// whether it concatenates others (composites are not traced one by one).</summary>
    private sealed record FeatureColumn(string Name, string DimensionFormula, bool Composite);

    /// <summary>One PCA source: what it is, its width, the single feature it is (fitted from the rows the traces read), and
    /// how its fitted and shown rows are read otherwise.</summary>
    private sealed record PcaSource(Representation Source, long Columns, string? SingleFeature, Func<(Matrix Fit, Matrix Shown)> Load);

    /// <summary>The planned projections of one execution.</summary>
    private sealed record PcaPlan(List<PcaSource> Sources, int[] FitRows, int[] ShownRows, int[] ShownTest, PcaOptions Options);
}
