using Concord.Datasets;
using Concord.Networks;
using System.Globalization;
using Concord.Experiments;

namespace Concord.Reporting;

/// <summary>
/// Builds the report's sections from a run's results: one section per experiment of the study, each with its tables
/// (every number as mean ± sd over seeds with n) and figures, or a marked "not measured" notice with the reason.
/// Pure: no I/O; the same results give the same sections.
/// </summary>
public static class StudyReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The taps in network order.</summary>
    public static IReadOnlyList<string> TapOrder { get; } = ["conv1", "pool1", "conv2", "pool2", "conv3"];

    /// <summary>All sections, in report order.</summary>
    public static IReadOnlyList<ReportSection> Build(StudyResults r, IReadOnlyList<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(r);
        return
        [
            FindingsSection(findings),
            SetupSection(r),
            TrainingSection(r),
            DecodingSection(r),
            RobustnessSection(r),
            ChannelsSection(r),
            SimilaritySection(r),
            UntrainedSection(r),
            ConcatenationSection(r),
            DeepVsDeepSection(r),
            .. (ImportedSection(r) is { } imported ? new[] { imported } : []),
            ExplorationSection(r),
        ];
    }

    /// <summary>Every table of the report (written to <c>tables/</c>).</summary>
    public static IEnumerable<ResultTable> Tables(IReadOnlyList<ReportSection> sections) =>
        sections.SelectMany(s => s.Blocks).Where(b => b.Table is not null).Select(b => b.Table!);

    private static string F(double x, int d = 2) => double.IsNaN(x) ? "—" : x.ToString("F" + d, Inv);

    private static int Order(string? tap) { int i = TapOrder.ToList().IndexOf(tap ?? ""); return i < 0 ? 99 : i; }
    private static int Order(Tap? tap) => tap is Tap t ? (int)t : 99;
    /// <summary>Display name of an architecture ("" when not a deep representation).</summary>
    private static string A(Architecture? a) => a?.ToString() ?? "";
    /// <summary>Display name of a tap ("" when none).</summary>
    private static string T(Tap? t) => t?.ToName() ?? "";

    /// <summary>A "not measured"/"off" notice for the experiment, or null when it ran.</summary>
    private static ReportBlock? StateNotice(StudyResults r, string experiment)
    {
        var st = r.Run.Experiments.FirstOrDefault(e => e.Experiment == experiment);
        return st?.Status switch
        {
            StageStatus.Off => ReportBlock.NotMeasured($"Switched off in the config ({ExperimentIds.ConfigKey(experiment)} = false)."),
            StageStatus.NotMeasured => ReportBlock.NotMeasured("Not measured: " + st.Reason),
            StageStatus.Failed => ReportBlock.NotMeasured("Failed: " + st.Reason),
            _ => null,
        };
    }

    private static ReportSection Section(StudyResults r, string experiment, string id, string title, List<ReportBlock> blocks)
    {
        var notice = StateNotice(r, experiment);
        if (notice is not null) blocks.Insert(0, notice);
        if (blocks.Count == 0) blocks.Add(ReportBlock.NotMeasured("Not measured: this run produced no results for this experiment."));
        return new ReportSection(id, title, blocks);
    }

    // ---------------------------------------------------------------- findings and setup

    private static ReportSection FindingsSection(IReadOnlyList<Finding> findings)
    {
        var t = new ResultTable("findings", "The paper's five findings on this run",
            ["#", "finding", "verdict", "evidence", "criterion", "preconditions"],
            findings.Select(f => (IReadOnlyList<string>)
            [
                f.Number.ToString(Inv), f.Statement, Verdict(f.Status), f.Evidence, f.Criterion, f.Preconditions,
            ]).ToList(),
            "Verdicts are computed from this run's numbers only; \"not measured\" means the run did not produce the results the test needs; "
            + "\"not assessable\" means the results exist but a precondition fails (the evidence says which), so they neither confirm nor contradict the finding. "
            + "Degenerate regression cells (p ≥ n) are never used.");
        return new ReportSection("findings", "Findings", [ReportBlock.Of(t)]);
    }

    /// <summary>The verdict's words in the findings table (the HTML page colours them).</summary>
    public static string Verdict(FindingStatus s) => s switch
    {
        FindingStatus.Holds => "holds",
        FindingStatus.DoesNotHold => "does not hold",
        FindingStatus.NotAssessable => "not assessable",
        _ => "not measured",
    };

    /// <summary>The Setup section's sentence on what the run kept of its activations.</summary>
    internal static string Retention(ActivationRetention a) => a.Released == 0
        ? $"Activations: every extraction was kept ({a.Artefacts} extraction(s), {Concord.IO.DiskSpace.Format(a.KeptBytes)} in the run folder; activations.keep '{a.Keep}')."
        : $"Activations: activations.keep '{a.Keep}' deleted the activation files of {a.Released} of {a.Artefacts} extraction(s) ({Concord.IO.DiskSpace.Format(a.ReleasedBytes)}) "
          + $"once every task reading them had finished; {Concord.IO.DiskSpace.Format(a.KeptBytes)} of activations remain in the run folder. The results do not depend on it; "
          + "a rerun that needs deleted files (a changed option downstream, --force) recreates them.";

    private static ReportSection SetupSection(StudyResults r)
    {
        var run = r.Run;
        var blocks = new List<ReportBlock>
        {
            ReportBlock.Paragraph($"Config '{run.ConfigName}' on dataset '{run.Dataset}', profile '{run.Profile}', main task '{run.MainTask}'"
                                  + (run.RelatedTasks.Count > 0 ? $", related tasks {string.Join(", ", run.RelatedTasks)}" : "")
                                  + $". Architectures: {string.Join(", ", run.Architectures)}; seeds: {string.Join(", ", run.Seeds)}."
                                  + $" Concord {run.Version} (commit {run.Commit}), started {run.StartedUtc}."),
        };
        blocks.Add(run.DifferencesFromPaper.Count == 0
            ? ReportBlock.Paragraph("Every option equals the paper's setup.")
            : ReportBlock.Of(new ResultTable("setup-differences", $"Options that differ from the paper's setup (profile '{run.Profile}')",
                ["option", "paper", "this run", "meaning"],
                run.DifferencesFromPaper.Select(d => (IReadOnlyList<string>)[d.Key, d.Paper, d.Run, d.Meaning]).ToList())));
        blocks.Add(run.Dropped is null
            ? ReportBlock.NotMeasured("Not measured: which recordings or clips were dropped is not recorded in this prepared cache (written by an older Concord); prepare it again to see them.")
            : run.Dropped.Count == 0
            ? ReportBlock.Paragraph("Nothing of the input was dropped: every recording, clip and example became an example.")
            : ReportBlock.Of(new ResultTable("setup-dropped", $"Dropped from the input: {run.Dropped.Count} item(s) that did not become examples",
                ["item", "reason"], run.Dropped.Select(d => (IReadOnlyList<string>)[d.Item, d.Reason]).ToList())));
        if (run.Activations is { Artefacts: > 0 } act) blocks.Add(ReportBlock.Paragraph(Retention(act)));
        if (SkippedMeasures(r) is { } skipped) blocks.Add(skipped);
        if (run.Experiments.Count > 0)
            blocks.Add(ReportBlock.Of(new ResultTable("setup-experiments", "Experiments requested and measured",
                ["experiment", "status", "reason"],
                run.Experiments.Select(e => (IReadOnlyList<string>)[e.Experiment, Status(e.Status), e.Reason]).ToList())));
        if (run.Stages.Count > 0)
            blocks.Add(ReportBlock.Of(new ResultTable("setup-stages", "Wall time per stage",
                ["stage", "status", "seconds", "computed", "reused", "note"],
                run.Stages.Select(s => (IReadOnlyList<string>)[s.Stage, Status(s.Status), F(s.Seconds, 1), s.Computed.ToString(Inv), s.Reused.ToString(Inv), s.Note]).ToList())));
        blocks.AddRange(CostBlocks(run.Costs));
        return new ReportSection("setup", "Setup: profile, differences from the paper, stages", blocks);
    }

    /// <summary>
    /// The requested measures that some deep × hand-crafted pairs did not get (R²_LR, CCA and SVCCA are skipped where a
    /// side has at least n − 1 columns; the run warned about it when it started): one row per measure with the pairs
    /// skipped and the representations whose pairs lost it. Null when nothing was skipped.
    /// </summary>
    private static ReportBlock? SkippedMeasures(StudyResults r)
    {
        var pairs = r.Similarities
            .Where(s => s.Experiment is ExperimentIds.Similarity or ExperimentIds.Untrained && s.Right.Kind == RepresentationKind.Handcrafted && s.Left.Channel is null)
            .GroupBy(s => (s.Experiment, s.Left, s.Right)).ToList();
        if (pairs.Count == 0) return null;
        var rows = new List<IReadOnlyList<string>>();
        // Measures that lost the same pairs share a row (R²_LR, CCA and SVCCA usually do).
        var lost = r.Run.SimilarityMeasures.Where(m => m != SimilarityMeasure.LinearCka)
            .Select(m => (Measure: m, Missing: pairs.Where(p => p.All(s => s.Measure != m)).ToList()))
            .Where(x => x.Missing.Count > 0)
            .GroupBy(x => string.Join("\n", x.Missing.Select(p => p.First().ArtefactHash).Order(StringComparer.Ordinal)), StringComparer.Ordinal);
        foreach (var g in lost)
        {
            var missing = g.First().Missing;
            var sides = missing.Count == pairs.Count ? "every pair"
                : string.Join("; ", missing.Select(p => p.Key.Left.WithoutSeed()).Distinct()
                    .OrderBy(x => x.Trained == false).ThenBy(x => x.Architecture).ThenBy(x => x.Tap).ThenBy(x => x.Variant, StringComparer.Ordinal).Select(RowLabel));
            rows.Add([string.Join(", ", g.Select(x => MeasureName(x.Measure))), $"{missing.Count} of {pairs.Count}", F(missing.Max(p => p.First().N) - 1, 0), sides]);
        }
        return rows.Count == 0 ? null : ReportBlock.Of(new ResultTable("setup-skipped-measures",
            "Similarity measures not computed for some pairs (R²_LR, CCA and SVCCA need both sides narrower than n − 1 columns; the run warned when it started)",
            ["measure", "pairs without it", "n − 1", "representations whose pairs lack it"], rows,
            "Those pairs are trivially 1 for these measures, so they are left out rather than shown; linear CKA is computed for every pair."));
    }

    /// <summary>Measured cost per task kind, and the costliest tasks, from what each task recorded when it was computed.</summary>
    private static IEnumerable<ReportBlock> CostBlocks(IReadOnlyList<TaskCostRecord> costs)
    {
        if (costs.Count == 0) yield break;
        static string Mb(double bytes) => (bytes / 1048576.0).ToString("F1", Inv);
        var rows = costs.GroupBy(c => c.Kind).OrderByDescending(g => g.Sum(c => c.Seconds)).Select(g =>
        {
            var alone = g.Where(c => c.PeakRssBytes is not null).ToList();
            double cpu = g.Where(c => c.CpuSeconds is not null).Sum(c => c.CpuSeconds!.Value);
            double wallAlone = g.Where(c => c.CpuSeconds is not null).Sum(c => c.Seconds);
            return (IReadOnlyList<string>)
            [
                g.Key, g.Count().ToString(Inv), F(g.Sum(c => c.Seconds), 1), F(g.Max(c => c.Seconds), 1),
                wallAlone > 0 ? $"{F(cpu, 1)} ({F(cpu / wallAlone, 2)} cores)" : "— (ran concurrently)",
                alone.Count > 0 ? Mb(alone.Max(c => c.PeakRssBytes!.Value)) : "— (ran concurrently)",
                Mb(g.Sum(c => (double)c.BytesWritten)),
            ];
        }).ToList();
        yield return ReportBlock.Of(new ResultTable("setup-costs", "Measured cost per task kind (each task as recorded when it was computed)",
            ["kind", "tasks", "wall s (sum)", "wall s (max)", "CPU s (cores busy)", "peak RSS MB (max)", "written MB"], rows,
            "CPU time and peak RSS are measured only for a task that ran alone in its process (not beside others under --jobs); "
            + "peak RSS is the process's, so it includes what the runner itself holds."));
        yield return ReportBlock.Of(new ResultTable("setup-costliest", "The five costliest tasks",
            ["task", "kind", "wall s", "peak RSS MB", "written MB"],
            costs.OrderByDescending(c => c.Seconds).Take(5).Select(c => (IReadOnlyList<string>)
                [c.Label, c.Kind, F(c.Seconds, 1), c.PeakRssBytes is long b ? Mb(b) : "—", Mb(c.BytesWritten)]).ToList()));
    }

    private static string Status(StageStatus s) => s switch
    {
        StageStatus.Done => "done",
        StageStatus.Off => "off",
        StageStatus.NotMeasured => "not measured",
        _ => "failed",
    };

    // ---------------------------------------------------------------- training

    private static ReportSection TrainingSection(StudyResults r)
    {
        var blocks = new List<ReportBlock>();
        var groups = r.TrainingEpochs.GroupBy(e => (e.Task, e.Variant)).OrderBy(g => g.Key.Task, StringComparer.Ordinal).ThenBy(g => g.Key.Variant ?? "", StringComparer.Ordinal);
        var rows = new List<IReadOnlyList<string>>();
        var flags = new List<CellFlag>();
        var learned = new FindingsCriteria();
        foreach (var g in groups)
        {
            var byArch = g.GroupBy(e => e.Architecture).OrderBy(a => a.Key.ToString(), StringComparer.Ordinal).ToList();
            var metric = g.First().Metric;
            string unit = metric == ProbeMetric.AccuracyPercent ? "accuracy (%)" : "RMSE";
            var test = byArch.Select(a => Curve(a.Key.ToString(), a, e => e.TestMetric)).ToList();
            var loss = byArch.Select(a => Curve(a.Key.ToString(), a, e => e.TrainLoss)).ToList();
            string what = $"task '{g.Key.Task}'" + (g.Key.Variant is null ? "" : $", variant {g.Key.Variant}");
            blocks.Add(ReportBlock.Figure($"Test {unit} per epoch, {what} (mean ± sd over seeds).", Figures.Lines(test, $"Test {unit}, {what}", "epoch", unit)));
            blocks.Add(ReportBlock.Figure($"Training loss per epoch, {what} (mean ± sd over seeds).", Figures.Lines(loss, $"Training loss, {what}", "epoch", "loss")));
            foreach (var a in byArch)
            {
                var finals = a.GroupBy(e => e.Seed).Select(s => s.MaxBy(e => e.Epoch)!).ToList();
                // The findings' "learned" precondition, per network (seed), stated where the reader sees the network's numbers.
                double? chance = metric == ProbeMetric.AccuracyPercent
                    ? r.Probes.FirstOrDefault(p => p.Task == g.Key.Task && p.Source.Kind == RepresentationKind.Chance && p.Metric == ProbeMetric.AccuracyPercent)?.Test
                    : MeanPredictor(r, g.Key.Task);
                var failing = chance is double ch ? finals.Where(e => !learned.Learned(metric, e.TestMetric, ch)).OrderBy(e => e.Seed).ToList() : [];
                string? notLearned = null;
                if (failing.Count > 0)
                {
                    string rule = metric == ProbeMetric.AccuracyPercent
                        ? $"below chance {F(chance!.Value)} + {F(learned.LearnedMarginPoints, 0)} points"
                        : $"RMSE above {F(learned.LearnedRmseRatio)} × the mean predictor's {F(chance!.Value)}";
                    notLearned = failing.Count == finals.Count
                        ? $"did not learn ({rule})"
                        : $"{failing.Count} of {finals.Count} seeds did not learn ({string.Join(", ", failing.Select(e => $"seed {e.Seed.ToString(Inv)}: {F(e.TestMetric)}"))}; {rule}); the findings leave {(failing.Count == 1 ? "it" : "them")} out";
                }
                string testCell = SeedSummary.Of(finals.Select(e => e.TestMetric)).Format();
                if (notLearned is not null)
                {
                    flags.Add(new CellFlag(rows.Count, 5, notLearned));
                    testCell += " — " + notLearned;
                }
                rows.Add([g.Key.Task, g.Key.Variant ?? "standard", a.Key.ToString(), finals.Max(e => e.Epoch).ToString(Inv),
                    SeedSummary.Of(finals.Select(e => e.TrainMetric)).Format(), testCell,
                    SeedSummary.Of(a.GroupBy(e => e.Seed).Select(s => s.Sum(e => e.Seconds))).Format(1)]);
            }
        }
        if (rows.Count > 0)
            blocks.Insert(0, ReportBlock.Of(new ResultTable("training-final", "Final-epoch train and test metric of every network (Table 1 network rows, Table 11 times)",
                ["task", "variant", "architecture", "epochs", "train", "test", "training seconds"], rows,
                "mean ± sd (population, ddof = 0) over seeds; n = seeds. Accuracy in %, regression in RMSE. Train is the running metric over the "
                + "final epoch's batches in train mode, while the weights still change (the authors' definition), so early in training it can sit "
                + "below test. A row with a network (seed) that did not learn its task (the findings' precondition) is greyed and names the "
                + "seed; the findings leave that network out.") { Flags = flags }));
        if (r.Run.Diverged.Count > 0)
            blocks.Insert(rows.Count > 0 ? 1 : 0, ReportBlock.Of(new ResultTable("training-diverged",
                $"Diverged: {r.Run.Diverged.Count} network(s) whose training stopped on a non-finite loss or weight",
                ["task", "variant", "architecture", "seed", "diverged at", "what"],
                r.Run.Diverged.Select(d => (IReadOnlyList<string>)[d.Task, d.Variant ?? "standard", d.Architecture.ToString(), d.Seed.ToString(Inv), d.Where, d.Reason]).ToList(),
                "A diverged network has no model: its probes, similarities and other measurements are not measured. Lower training.learningRate or check the inputs.")));
        return Section(r, ExperimentIds.Training, "training", "Training (Table 1 network rows, Table 11, loss curves)", blocks);
    }

    private static Figures.Series Curve(string name, IEnumerable<TrainingEpochRecord> recs, Func<TrainingEpochRecord, double> y)
    {
        var byEpoch = recs.GroupBy(e => e.Epoch).OrderBy(e => e.Key).Select(e => (e.Key, S: SeedSummary.Of(e.Select(y)))).ToList();
        return new Figures.Series(name, byEpoch.Select(e => (double)e.Key).ToList(), byEpoch.Select(e => e.S.Mean).ToList(), byEpoch.Select(e => e.S.Sd).ToList());
    }

    // ---------------------------------------------------------------- experiment 1

    /// <summary>
    /// The report's one vocabulary for a representation: "Regular conv3, trained on pitch, seed 10", "untrained Regular conv1"
    /// (an untrained network was trained on nothing), "Regular conv3 [5-10-10], trained on family"; seeds appear only where
    /// a row is one seed.
    /// </summary>
    public static string RowLabel(Representation s) => s.Kind switch
    {
        RepresentationKind.Deep when s.Trained == false =>
            $"untrained {s.Architecture} {T(s.Tap)}" + (s.Variant is null ? "" : $" [{s.Variant}]") + (s.Channel is int c ? $" channel {c}" : "") + (s.Seed is int u ? $", seed {u}" : ""),
        RepresentationKind.Deep =>
            $"{s.Architecture} {T(s.Tap)}" + (s.Variant is null ? "" : $" [{s.Variant}]") + (s.Channel is int c ? $" channel {c}" : "")
            + (s.TrainTask is null ? "" : $", trained on {s.TrainTask}") + (s.Seed is int t ? $", seed {t}" : ""),
        _ => s.Label,
    };

    /// <summary>The mean predictor's test RMSE of <paramref name="task"/> (the chance row of a regression task), if recorded.</summary>
    private static double? MeanPredictor(StudyResults r, string task) =>
        r.Probes.FirstOrDefault(p => p.Task == task && p.Source.Kind == RepresentationKind.Chance && p.Metric == ProbeMetric.Rmse)?.Test;

    /// <summary>
    /// A decoding table. Regression tables state the mean predictor's RMSE beside them; a degenerate cell (least squares with
    /// p ≥ n) is greyed with its reason, and a test RMSE above the mean predictor's is flagged.
    /// </summary>
    private static ResultTable ProbeTable(StudyResults r, string id, string title, IEnumerable<ProbeRecord> recs, string note)
    {
        var flags = new List<CellFlag>();
        var list = recs.ToList();
        var groups = list.GroupBy(p => (Source: p.Source.WithoutSeed(), p.Metric, p.Task))
            .OrderBy(g => g.Key.Source.Kind switch { RepresentationKind.Chance => 0, RepresentationKind.Handcrafted => 1, RepresentationKind.External => 3, _ => 2 })
            .ThenBy(g => A(g.Key.Source.Architecture), StringComparer.Ordinal).ThenBy(g => Order(g.Key.Source.Tap))
            // an imported network's layers keep the records' (graph) order
            .ThenBy(g => g.Key.Source.Kind == RepresentationKind.External ? "" : RowLabel(g.Key.Source), StringComparer.Ordinal).ToList();
        var rows = new List<IReadOnlyList<string>>();
        var overfitByLeastSquares = new List<string>();
        foreach (var g in groups)
        {
            var test = SeedSummary.Of(g.Select(p => p.Test));
            string testCell = test.Format();
            if (g.Key.Metric == ProbeMetric.Rmse && g.Key.Source.Kind != RepresentationKind.Chance)
            {
                if (g.Any(p => p.Degenerate))
                {
                    testCell += " — degenerate (p ≥ n)";
                    flags.Add(new CellFlag(rows.Count, 3, Concord.Probes.ProbeEvaluation.DegenerateReason));
                }
                else if (MeanPredictor(r, g.Key.Task) is double mp && test.Mean > mp)
                {
                    testCell += $" — worse than the mean predictor ({F(mp)})";
                    flags.Add(new CellFlag(rows.Count, 3, $"test RMSE above the mean predictor's {F(mp)}: the probe fits noise"));
                    if (g.All(p => p.Profile == PaperProfile)) overfitByLeastSquares.Add(RowLabel(g.Key.Source));
                }
            }
            rows.Add(
            [
                RowLabel(g.Key.Source), g.Key.Metric == ProbeMetric.AccuracyPercent ? "accuracy %" : "RMSE",
                SeedSummary.Of(g.Select(p => p.Train)).Format(), testCell,
                g.First().NTrain.ToString(Inv) + " / " + g.First().NTest.ToString(Inv),
            ]);
        }
        var regressionTasks = list.Where(p => p.Metric == ProbeMetric.Rmse).Select(p => p.Task).Distinct().Order(StringComparer.Ordinal).ToList();
        if (regressionTasks.Count > 0)
            note = string.Join(" ", regressionTasks.Select(t => MeanPredictor(r, t) is double mp
                       ? $"Mean predictor (the training mean) on '{t}': test RMSE {F(mp)}."
                       : $"Mean predictor on '{t}': not recorded.")) + " " + note;
        if (overfitByLeastSquares.Count > 0)
            note += $" Worse than the mean predictor: {string.Join(", ", overfitByLeastSquares)}. The paper profile's regression probe is " +
                "unregularised least squares (the authors' LinearRegression, scipy's lstsq), which fits noise in nearly collinear " +
                "columns and extrapolates on test rows; the corrected profile fits ridge with α chosen by cross-validation.";
        return new ResultTable(id, title, ["representation", "metric", "train", "test", "examples (train / test)"], rows, note) { Flags = flags };
    }

    /// <summary>The profile name results record for the authors' setup (<c>ProbeRecord.Profile</c>).</summary>
    private const string PaperProfile = "paper";

    private const string SeedNote = "mean ± sd (population, ddof = 0) over seeds; n = number of seeds (or probe initialisations) per cell.";

    /// <summary>
    /// Under the paper's quirk the all-layer probes (robustness, untrained) z-score the test features with their own
    /// statistics while Experiment 1's decoding uses the training statistics, so one representation shows two test
    /// accuracies; the report says so wherever both appear.
    /// </summary>
    private static ReportBlock? TwoAccuraciesNote(StudyResults r) =>
        r.Run.DifferencesFromPaper.Any(d => d.Key == "quirks.testSelfStandardisation") ? null
            : ReportBlock.Paragraph("Note: in this run the all-layer probes (robustness matrix, untrained networks) standardise the test features with the test "
                                    + "set's own statistics (quirks.testSelfStandardisation, as the paper's code), while Experiment 1's decoding tables use the "
                                    + "training statistics. The same representation (e.g. Regular conv3, trained on the main task) therefore shows two different "
                                    + "test accuracies in the two tables; neither is a typo.");

    private static ReportSection DecodingSection(StudyResults r)
    {
        var blocks = new List<ReportBlock>();
        var dec = r.Probes.Where(p => p.Experiment == ExperimentIds.Decoding).ToList();
        var tasks = dec.Select(p => p.Task).Distinct().OrderBy(t => t == r.Run.MainTask ? 0 : 1).ThenBy(t => t, StringComparer.Ordinal);
        foreach (string task in tasks)
        {
            var recs = dec.Where(p => p.Task == task).ToList();
            bool main = task == r.Run.MainTask;
            bool regression = recs.All(p => p.Metric == ProbeMetric.Rmse);
            string title = main ? $"Decoding the main task '{task}' (Table 1, Tables 13–14)"
                : regression ? $"RMSE of decoding '{task}' (Tables 17–18)" : $"Decoding the related task '{task}' (Tables 19–20)";
            blocks.Add(ReportBlock.Of(ProbeTable(r, $"exp1-decoding-{task}", title, recs, SeedNote)));
            var bars = recs.Where(p => p.Source.Kind is RepresentationKind.Handcrafted or RepresentationKind.Deep or RepresentationKind.Network)
                .GroupBy(p => p.Source.WithoutSeed()).Select(g => (Label: RowLabel(g.Key), S: SeedSummary.Of(g.Select(p => p.Test)))).ToList();
            if (bars.Count > 0)
            {
                var chance = recs.FirstOrDefault(p => p.Source.Kind == RepresentationKind.Chance);
                blocks.Add(ReportBlock.Figure($"Test {(regression ? "RMSE" : "accuracy")} decoding '{task}', mean ± sd over seeds.",
                    Figures.Bars(bars.Select(b => b.Label).ToList(), bars.Select(b => b.S.Mean).ToList(), bars.Select(b => b.S.Sd).ToList(),
                        $"Decoding '{task}'", regression ? "test RMSE" : "test accuracy (%)", chance?.Test, regression ? "train-mean baseline" : "chance")));
            }
        }
        return Section(r, ExperimentIds.Decoding, "exp1", "Experiment 1: decoding (Table 1, Tables 13–14, 17–20)", blocks);
    }

    private static ReportSection RobustnessSection(StudyResults r)
    {
        var blocks = new List<ReportBlock>();
        var rob = r.Probes.Where(p => p.Experiment == ExperimentIds.Robustness && p.Source.Kind == RepresentationKind.Deep).ToList();
        foreach (var target in rob.GroupBy(p => p.Task).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var metric = target.First().Metric;
            var series = target.GroupBy(p => (p.Source.Architecture, p.Source.TrainTask)).OrderBy(g => A(g.Key.Architecture), StringComparer.Ordinal)
                .Select(g =>
                {
                    var byTap = g.GroupBy(p => p.Source.Tap).OrderBy(t => Order(t.Key)).Select(t => (Tap: Order(t.Key), S: SeedSummary.Of(t.Select(p => p.Test)))).ToList();
                    return new Figures.Series($"{g.Key.Architecture} trained on {g.Key.TrainTask}", byTap.Select(t => (double)t.Tap).ToList(),
                        byTap.Select(t => t.S.Mean).ToList(), byTap.Select(t => t.S.Sd).ToList());
                }).ToList();
            string unit = metric == ProbeMetric.AccuracyPercent ? "test accuracy (%)" : "test RMSE";
            blocks.Add(ReportBlock.Figure($"Decoding '{target.Key}' from each layer of networks trained on each task (Fig. 1), mean ± sd over seeds.",
                Figures.Lines(series, $"Target '{target.Key}' by layer", "layer", unit, TapOrder)));
            blocks.Add(ReportBlock.Of(ProbeTable(r, $"exp1-robustness-{target.Key}", $"Robustness matrix: target '{target.Key}' (Table 16)", target, SeedNote)));
        }
        if (blocks.Count > 0 && TwoAccuraciesNote(r) is { } two) blocks.Insert(0, two);
        return Section(r, ExperimentIds.Robustness, "robustness", "Experiment 1: robustness across tasks (Fig. 1, Table 16)", blocks);
    }

    private static ReportSection ChannelsSection(StudyResults r)
    {
        var recs = r.Probes.Where(p => p.Experiment == ExperimentIds.Channels).ToList();
        var blocks = new List<ReportBlock>();
        if (recs.Count > 0) blocks.Add(ReportBlock.Of(ProbeTable(r, "exp1-channels", "Channel-count variants (Table 10)", recs, SeedNote)));
        return Section(r, ExperimentIds.Channels, "channels", "Experiment 1: channel-count variants (Table 10)", blocks);
    }

    // ---------------------------------------------------------------- similarity helpers

    private static string MeasureName(SimilarityMeasure m) => m switch
    {
        SimilarityMeasure.LinearCka => "linear CKA",
        SimilarityMeasure.R2Lr => "R²_LR",
        SimilarityMeasure.R2Cca => "R²_CCA",
        SimilarityMeasure.MeanRhoCca => "mean ρ CCA",
        SimilarityMeasure.SvccaR2 => "SVCCA R²",
        _ => "SVCCA mean ρ",
    };

    /// <summary>Heatmap (mean over seeds) plus a detail table (mean ± sd, n, mean CI, max p) of records laid out by row and column keys.</summary>
    private static IEnumerable<ReportBlock> Grid(IReadOnlyList<SimilarityRecord> recs, Func<SimilarityRecord, string> row, Func<SimilarityRecord, string> col,
        IComparer<string> rowOrder, IComparer<string> colOrder, string id, string title)
    {
        if (recs.Count == 0) yield break;
        var rows = recs.Select(row).Distinct().Order(rowOrder).ToList();
        var cols = recs.Select(col).Distinct().Order(colOrder).ToList();
        var cells = recs.GroupBy(s => (row(s), col(s))).ToDictionary(g => g.Key, g => g.ToList());
        var values = new double[rows.Count, cols.Count];
        var detail = new List<IReadOnlyList<string>>();
        for (int i = 0; i < rows.Count; i++)
        for (int j = 0; j < cols.Count; j++)
        {
            if (!cells.TryGetValue((rows[i], cols[j]), out var c)) { values[i, j] = double.NaN; continue; }
            var s = SeedSummary.Of(c.Select(x => x.Value));
            values[i, j] = s.Mean;
            var lo = c.Where(x => x.CiLow is not null).Select(x => x.CiLow!.Value).ToList();
            var hi = c.Where(x => x.CiHigh is not null).Select(x => x.CiHigh!.Value).ToList();
            var p = c.Where(x => x.PValue is not null).Select(x => x.PValue!.Value).ToList();
            detail.Add([rows[i], cols[j], s.Format(3),
                lo.Count > 0 ? $"[{F(lo.Average(), 3)}, {F(hi.Average(), 3)}] ({c[0].BootstrapSamples} resamples)" : "—",
                p.Count > 0 ? PCell(p.Max(), c[0].Permutations) : "—",
                c[0].N.ToString(Inv)]);
        }
        double max = Math.Max(1, recs.Max(x => double.IsNaN(x.Value) ? 0 : x.Value));
        double min = Math.Min(0, recs.Min(x => double.IsNaN(x.Value) ? 0 : x.Value));
        if (rows.Count * cols.Count == 1)
            yield return ReportBlock.Paragraph($"{title}: {rows[0]} × {cols[0]} = {F(values[0, 0], 3)} (mean over seeds; one cell, so no heatmap).");
        else
            yield return ReportBlock.Figure(title + " (mean over seeds; cell text = value).", Figures.Heatmap(values, rows, cols, title, min, max));
        yield return ReportBlock.Of(new ResultTable(id, title, ["row", "column", "value: mean ± sd (n)", "bootstrap CI (mean of bounds)", "permutation p (max over seeds)", "examples"],
            detail, "n = seeds averaged; CI = percentile bootstrap over examples; p = one-sided permutation p-value of linear CKA (rows " +
                "shuffled): \"moments\" = the Pearson type III tail fitted to the exact mean, variance and skewness over all shuffles " +
                "(similarity.null = moments), \"N permutations\" = N random shuffles (similarity.null = permutations). " +
                $"\"—\" = not computed: the bootstrap CI and random permutations cost n·p² per resample and are computed for pairs whose wider side " +
                $"has at most {SimilarityRecord.MaxCalibratedColumns.ToString("N0", Inv)} columns; the moment-based p-value also for wider pairs of at most " +
                $"{SimilarityRecord.MaxWideMomentRows.ToString("N0", Inv)} examples."));
    }

    /// <summary>
    /// A p-value cell: below 0.0001 it is shown as a bound rather than as 0.0000, and it names its null: the moments (no
    /// permutation was drawn) or the number of random permutations, whose smallest possible p is 1/(N + 1).
    /// </summary>
    internal static string PCell(double p, int permutations) =>
        (p < 1e-4 ? "< 0.0001" : F(p, 4)) + (permutations > 0 ? $" ({permutations.ToString("N0", Inv)} permutations)" : " (moments)");

    private static readonly IComparer<string> Ordinal = StringComparer.Ordinal;
    private static readonly IComparer<string> ByTap = Comparer<string>.Create((a, b) => Order(a) != Order(b) ? Order(a).CompareTo(Order(b)) : string.CompareOrdinal(a, b));

    private static string Id(string s) => new(s.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());

    private static IEnumerable<ReportBlock> DeepVsFeatures(IReadOnlyList<SimilarityRecord> sims, bool trained, string prefix, string what)
    {
        var set = sims.Where(s => s.Left.Kind == RepresentationKind.Deep && s.Left.Trained == trained && s.Left.Channel is null && s.Left.Variant is null
                                  && s.Right.Kind is RepresentationKind.Handcrafted or RepresentationKind.Random && s.Split == DataSplit.Train).ToList();
        foreach (var m in set.GroupBy(s => s.Measure).OrderBy(g => g.Key))
        {
            var conv3 = m.Where(s => s.Left.Tap == Tap.Conv3).ToList();
            foreach (var b in Grid(conv3, s => A(s.Left.Architecture), s => s.Right.Label, Ordinal, Ordinal,
                         $"{prefix}-{Id(MeasureName(m.Key))}-arch-features", $"{MeasureName(m.Key)}: {what} conv3 × hand-crafted features"))
                yield return b;
            foreach (var arch in m.GroupBy(s => A(s.Left.Architecture)).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var layers = arch.ToList();
                if (layers.Select(s => s.Left.Tap).Distinct().Count() < 2) continue;
                foreach (var b in Grid(layers, s => T(s.Left.Tap), s => s.Right.Label, ByTap, Ordinal,
                             $"{prefix}-{Id(MeasureName(m.Key))}-{Id(arch.Key)}-layers-features", $"{MeasureName(m.Key)}: {what} {arch.Key} layers × hand-crafted features"))
                    yield return b;
            }
        }
    }

    // ---------------------------------------------------------------- experiments 2 and 3

    private static ReportSection SimilaritySection(StudyResults r)
    {
        var sims = r.Similarities.Where(s => s.Experiment == ExperimentIds.Similarity).ToList();
        var blocks = DeepVsFeatures(sims, trained: true, "exp2", "trained").ToList();
        if (sims.Count > 0)
            foreach (var m in r.Run.SimilarityMeasures.Where(m => !sims.Any(s => s.Measure == m)))
                blocks.Add(ReportBlock.NotMeasured($"Not measured: {MeasureName(m)} (Figs. 26–30): no pair could be measured. R²_LR, CCA and SVCCA are computed only when both sides have fewer columns than the "
                    + $"{sims.Max(s => s.N)} training examples minus one (otherwise they are trivially 1); every pair of this run had a wider side. Linear CKA is shown for all pairs."));
        return Section(r, ExperimentIds.Similarity, "exp2", "Experiment 2: similarity with hand-crafted features (Figs. 2–4, 19–30)", blocks);
    }

    private static ReportSection UntrainedSection(StudyResults r)
    {
        var blocks = new List<ReportBlock>();
        var probes = r.Probes.Where(p => p.Experiment == ExperimentIds.Untrained && p.Source.Kind == RepresentationKind.Deep).ToList();
        foreach (var task in probes.GroupBy(p => p.Task).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var series = task.GroupBy(p => (p.Source.Architecture, p.Source.Trained)).OrderBy(g => A(g.Key.Architecture), StringComparer.Ordinal)
                .Select(g =>
                {
                    var byTap = g.GroupBy(p => p.Source.Tap).OrderBy(t => Order(t.Key)).Select(t => (Tap: Order(t.Key), S: SeedSummary.Of(t.Select(p => p.Test)))).ToList();
                    return new Figures.Series($"{(g.Key.Trained == false ? "untrained" : "trained")} {g.Key.Architecture}", byTap.Select(t => (double)t.Tap).ToList(),
                        byTap.Select(t => t.S.Mean).ToList(), byTap.Select(t => t.S.Sd).ToList());
                }).ToList();
            string unit = task.First().Metric == ProbeMetric.AccuracyPercent ? "test accuracy (%)" : "test RMSE";
            blocks.Add(ReportBlock.Figure($"Decoding '{task.Key}' from each layer of untrained networks (Fig. 5), mean ± sd over seeds.",
                Figures.Lines(series, $"Untrained networks, '{task.Key}' by layer", "layer", unit, TapOrder)));
            blocks.Add(ReportBlock.Of(ProbeTable(r, $"exp3-decoding-{task.Key}", $"Untrained networks decoding '{task.Key}' by layer (Fig. 5)", task, SeedNote)));
        }
        var sims = r.Similarities.Where(s => s.Experiment == ExperimentIds.Untrained).ToList();
        blocks.AddRange(DeepVsFeatures(sims, trained: false, "exp3", "untrained"));
        var tvu = sims.Where(s => s.Left.Kind == RepresentationKind.Deep && s.Right.Kind == RepresentationKind.Deep && s.Left.Trained == true && s.Right.Trained == false
                                  && s.Measure == SimilarityMeasure.LinearCka).ToList();
        blocks.AddRange(Grid(tvu, s => A(s.Left.Architecture), s => T(s.Left.Tap), Ordinal, ByTap, "exp3-trained-vs-untrained",
            "linear CKA between trained and untrained networks, per layer (Fig. 40)"));
        return Section(r, ExperimentIds.Untrained, "exp3", "Experiment 3: untrained networks (Figs. 5–6, 31–40)", blocks);
    }

    // ---------------------------------------------------------------- concatenation, deep vs deep, exploration

    private static ReportSection ConcatenationSection(StudyResults r)
    {
        var recs = r.Probes.Where(p => p.Experiment == ExperimentIds.Concatenation).ToList();
        var blocks = new List<ReportBlock>();
        foreach (var task in recs.GroupBy(p => p.Task).OrderBy(g => g.Key, StringComparer.Ordinal))
            blocks.Add(ReportBlock.Of(ProbeTable(r, $"concat-{task.Key}", $"Deep conv3 + hand-crafted set, decoding '{task.Key}' (Tables 21–22)", task, SeedNote)));
        return Section(r, ExperimentIds.Concatenation, "concat", "Concatenation: deep conv3 + hand-crafted (Tables 21–22)", blocks);
    }

    /// <summary>A sub-heading, then the part's off / not-measured notice (or a notice when it produced nothing), then its content.</summary>
    private static IEnumerable<ReportBlock> Part(StudyResults r, string experiment, string heading, IReadOnlyList<ReportBlock> content)
    {
        yield return ReportBlock.Heading(heading);
        var notice = StateNotice(r, experiment);
        if (notice is not null) yield return notice;
        else if (content.Count == 0) yield return ReportBlock.NotMeasured("Not measured: this run produced no results for this part.");
        foreach (var b in content) yield return b;
    }

    private static ReportSection DeepVsDeepSection(StudyResults r)
    {
        var sims = r.Similarities.Where(s => s.Experiment == ExperimentIds.DeepVsDeep && s.Measure == SimilarityMeasure.LinearCka && s.Split == DataSplit.Train).ToList();
        var deep = sims.Where(s => s.Left.Kind == RepresentationKind.Deep && s.Right.Kind == RepresentationKind.Deep && s.Left.Channel is null).ToList();
        var blocks = new List<ReportBlock>();
        foreach (var g in deep.Where(s => s.Left.Architecture == s.Right.Architecture && s.Left.Tap == s.Right.Tap && s.Left.Seed != s.Right.Seed)
                     .GroupBy(s => (s.Left.Architecture, s.Left.Tap)).OrderBy(g => A(g.Key.Architecture), StringComparer.Ordinal).ThenBy(g => Order(g.Key.Tap)))
            blocks.AddRange(Grid(g.ToList(), s => "seed " + s.Left.Seed, s => "seed " + s.Right.Seed, Ordinal, Ordinal,
                $"dvd-init-{Id(A(g.Key.Architecture))}-{T(g.Key.Tap)}", $"linear CKA, initialisation × initialisation, {g.Key.Architecture} {T(g.Key.Tap)} (Figs. 41–44)"));
        foreach (var g in deep.Where(s => s.Left.Architecture != s.Right.Architecture && s.Left.Tap == s.Right.Tap && s.Left.Seed == s.Right.Seed)
                     .GroupBy(s => s.Left.Tap).OrderBy(g => Order(g.Key)))
            blocks.AddRange(Grid(g.ToList(), s => A(s.Left.Architecture), s => A(s.Right.Architecture), Ordinal, Ordinal,
                $"dvd-arch-{g.Key}", $"linear CKA, architecture × architecture at {g.Key} (Fig. 45)"));
        foreach (var g in deep.Where(s => s.Left.Seed == s.Right.Seed && s.Left.Trained == s.Right.Trained)
                     .GroupBy(s => (A(s.Left.Architecture), A(s.Right.Architecture))).OrderBy(g => g.Key.Item1, StringComparer.Ordinal).ThenBy(g => g.Key.Item2, StringComparer.Ordinal))
        {
            var list = g.ToList();
            if (list.Select(s => s.Left.Tap).Distinct().Count() < 2) continue;
            string fig = g.Key.Item1 == g.Key.Item2 ? "Fig. 48" : "Fig. 49";
            blocks.AddRange(Grid(list, s => T(s.Left.Tap), s => T(s.Right.Tap), ByTap, ByTap,
                $"dvd-layers-{Id(g.Key.Item1!)}-{Id(g.Key.Item2!)}", $"linear CKA, {g.Key.Item1} layers × {g.Key.Item2} layers ({fig})"));
        }
        return new ReportSection("deep-vs-deep", "Deep vs deep (Figs. 41–49)",
        [
            .. Part(r, ExperimentIds.DeepVsDeep, "Initialisations, architectures and layers (Figs. 41–45, 48–49)", blocks),
            .. Part(r, ExperimentIds.ChannelSimilarity, "Channel × channel within a layer (Figs. 46–47)", ChannelBlocks(r)),
        ]);
    }

    // ---------------------------------------------------------------- imported networks

    /// <summary>What imported networks are not measured on, and why (they are analysed as given, never trained here).</summary>
    public const string ImportedNotApplicable =
        "Not applicable to imported networks, which are analysed as given and never trained here: training curves and accuracy (Training), "
        + "channel-count variants (Table 10), networks trained on the related tasks (the robustness matrix's other rows), concatenation with "
        + "hand-crafted features, per-channel CKA and the exploration's conv3 projections.";

    /// <summary>
    /// Imported (ONNX) networks, per network: each layer decoding every task (beside chance), similarity of each layer
    /// with the hand-crafted features, CKA against the built-in networks' taps and between its own layers, and, when its
    /// untrained graph was given, the trained-vs-untrained comparison. Null when the run has no imported network.
    /// </summary>
    private static ReportSection? ImportedSection(StudyResults r)
    {
        var probes = r.Probes.Where(p => p.Source.Kind == RepresentationKind.External).ToList();
        var sims = r.Similarities.Where(s => s.Left.Kind == RepresentationKind.External || s.Right.Kind == RepresentationKind.External).ToList();
        var networks = probes.Select(p => p.Source.Network).Concat(sims.SelectMany(s => new[] { s.Left.Network, s.Right.Network }))
            .OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        if (networks.Count == 0) return null;
        var layerOrder = probes.Select(p => p.Source.Layer).Concat(sims.SelectMany(s => new[] { s.Left.Layer, s.Right.Layer })).OfType<string>()
            .Distinct().Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var byLayer = Comparer<string>.Create((a, b) => Rank(a).CompareTo(Rank(b)) is var c && c != 0 ? c : string.CompareOrdinal(a, b));
        int Rank(string label) => layerOrder.TryGetValue(label.StartsWith("untrained ", StringComparison.Ordinal) ? label[10..] : label, out int i) ? i : int.MaxValue;
        string Side(Representation x) => x.Kind == RepresentationKind.External ? $"{(x.Trained == false ? "untrained " : "")}{x.Network} {x.Layer}" : RowLabel(x.WithoutSeed());

        var blocks = new List<ReportBlock> { ReportBlock.Paragraph(ImportedNotApplicable) };
        foreach (string net in networks)
        {
            blocks.Add(ReportBlock.Heading($"Imported network '{net}'"));
            var own = probes.Where(p => p.Source.Network == net && p.Source.Trained == true && p.Experiment != ExperimentIds.Untrained).ToList();
            foreach (var task in own.GroupBy(p => p.Task).OrderBy(g => g.Key == r.Run.MainTask ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal))
            {
                var chance = r.Probes.Where(p => p.Task == task.Key && p.Source.Kind == RepresentationKind.Chance);
                var rows = chance.Concat(task.OrderBy(p => Rank(p.Source.Layer!)));
                blocks.Add(ReportBlock.Of(ProbeTable(r, $"imported-{Id(net)}-decoding-{Id(task.Key)}", $"{net}: each layer decoding '{task.Key}'", rows,
                    "one probe per layer (no seeds: the network is given); the chance row is the majority class or the training mean.")));
            }
            var features = sims.Where(s => s.Left.Network == net && s.Left.Trained == true && s.Right.Kind is RepresentationKind.Handcrafted && s.Split == DataSplit.Train).ToList();
            foreach (var m in features.GroupBy(s => s.Measure).OrderBy(g => g.Key))
                blocks.AddRange(Grid(m.ToList(), s => s.Left.Layer!, s => s.Right.Label, byLayer, Ordinal,
                    $"imported-{Id(net)}-{Id(MeasureName(m.Key))}-features", $"{MeasureName(m.Key)}: {net} layers × hand-crafted features"));
            var deep = sims.Where(s => s.Experiment == ExperimentIds.DeepVsDeep && s.Left.Network == net && s.Measure == SimilarityMeasure.LinearCka).ToList();
            var vsOwn = deep.Where(s => s.Right.Network == net).ToList();
            blocks.AddRange(Grid(vsOwn, s => s.Left.Layer!, s => s.Right.Layer!, byLayer, byLayer, $"imported-{Id(net)}-layers", $"linear CKA, {net} layers × {net} layers"));
            var vsOthers = deep.Where(s => s.Right.Network != net).ToList();
            var columns = vsOthers.Select(s => s.Right).Distinct().OrderBy(x => x.Kind == RepresentationKind.External ? 1 : 0)
                .ThenBy(x => A(x.Architecture), StringComparer.Ordinal).ThenBy(x => Order(x.Tap)).ThenBy(x => x.Network, StringComparer.Ordinal)
                .Select(Side).Distinct().Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
            var byColumn = Comparer<string>.Create((a, b) => columns[a].CompareTo(columns[b]));
            blocks.AddRange(Grid(vsOthers, s => s.Left.Layer!, s => Side(s.Right), byLayer, byColumn, $"imported-{Id(net)}-vs-networks",
                $"linear CKA, {net} layers × other networks' layers (built-in: seed {vsOthers.Select(s => s.Right.Seed).OfType<int>().DefaultIfEmpty().Min()}, trained on the main task)"));
            var untrainedProbes = probes.Where(p => p.Source.Network == net && p.Experiment == ExperimentIds.Untrained).ToList();
            var twins = sims.Where(s => s.Experiment == ExperimentIds.Untrained && s.Left.Network == net && s.Right.Network == net && s.Left.Trained != s.Right.Trained).ToList();
            if (untrainedProbes.Count == 0 && twins.Count == 0)
                blocks.Add(ReportBlock.NotMeasured($"Not applicable: trained vs untrained '{net}' needs its graph with initial weights (networks[].untrainedOnnx), which the config does not give."));
            else
            {
                blocks.Add(ReportBlock.Of(ProbeTable(r, $"imported-{Id(net)}-untrained", $"{net}: trained vs untrained layers decoding '{r.Run.MainTask}' (Experiment 3)",
                    untrainedProbes.OrderBy(p => Rank(p.Source.Layer!)).ThenBy(p => p.Source.Trained == false), SeedNote)));
                blocks.AddRange(Grid(twins, s => s.Left.Trained == true ? s.Left.Layer! : s.Right.Layer!, _ => "trained × untrained", byLayer, Ordinal,
                    $"imported-{Id(net)}-trained-vs-untrained", $"linear CKA, trained × untrained {net}, layer by layer"));
                var untrainedFeatures = sims.Where(s => s.Left.Network == net && s.Left.Trained == false && s.Right.Kind == RepresentationKind.Handcrafted
                                                        && s.Measure == SimilarityMeasure.LinearCka).ToList();
                blocks.AddRange(Grid(untrainedFeatures, s => s.Left.Layer!, s => s.Right.Label, byLayer, Ordinal,
                    $"imported-{Id(net)}-untrained-features", $"linear CKA: untrained {net} layers × hand-crafted features"));
            }
        }
        return new ReportSection("imported", "Imported networks", blocks);
    }

    /// <summary>Per-channel grids: the stored upper triangle mirrored to the full channel × channel matrix.</summary>
    private static List<ReportBlock> ChannelBlocks(StudyResults r)
    {
        var recs = r.Similarities.Where(s => s.Experiment == ExperimentIds.ChannelSimilarity && s.Left.Channel is not null && s.Right.Channel is not null).ToList();
        var blocks = new List<ReportBlock>();
        foreach (var g in recs.GroupBy(s => (s.Left.Architecture, s.Left.Seed, s.Left.Tap)).OrderBy(g => A(g.Key.Architecture), StringComparer.Ordinal).ThenBy(g => Order(g.Key.Tap)))
        {
            var full = g.Concat(g.Where(s => s.Left.Channel != s.Right.Channel).Select(s => s with { Left = s.Right, Right = s.Left })).ToList();
            string fig = g.Key.Tap is Tap.Conv1 or Tap.Pool1 ? "Fig. 46" : "Fig. 47";
            blocks.AddRange(Grid(full, s => "ch " + s.Left.Channel!.Value.ToString("D2", Inv), s => "ch " + s.Right.Channel!.Value.ToString("D2", Inv), Ordinal, Ordinal,
                $"dvd-channels-{Id(A(g.Key.Architecture))}-{T(g.Key.Tap)}",
                $"linear CKA between the channels of {g.Key.Architecture} {T(g.Key.Tap)}, seed {g.Key.Seed}, on {g.First().N} training examples ({fig})"));
        }
        return blocks;
    }

    private static ReportSection ExplorationSection(StudyResults r)
    {
        var confusions = r.Confusions.OrderBy(c => c.Task, StringComparer.Ordinal).ThenBy(c => c.Source.Label, StringComparer.Ordinal)
            .Select(c => ReportBlock.Figure($"Confusion matrix, '{c.Task}', {c.Source.Label}{(c.Source.Seed is int s ? $" (seed {s})" : "")}: rows = true class, colour = row share, text = count (Figs. 16–18).",
                Figures.ConfusionMatrix(c.Counts, c.Classes, $"{c.Source.Label}: '{c.Task}'"))).ToList();
        return new ReportSection("exploration", "Exploration (Figs. 8–18)",
        [
            .. Part(r, ExperimentIds.Examples, "Example spectrograms by class (Figs. 8, 10)", ExampleBlocks(r)),
            .. Part(r, ExperimentIds.Pca, "PCA by class (Fig. 11)", PcaBlocks(r)),
            .. Part(r, ExperimentIds.Examples, "Hand-crafted features by class (Figs. 12–13)", TraceBlocks(r)),
            .. Part(r, ExperimentIds.MutualInformation, "Mutual information of each feature with the class (Fig. 14)", MutualInformationBlocks(r)),
            .. Part(r, ExperimentIds.Exploration, "Confusion matrices of the conv3 probes (Figs. 16–18)", confusions),
        ]);
    }

    /// <summary>Panels per figure (the legend takes the ninth cell of a 3 × 3 grid).</summary>
    private const int PanelsPerFigure = 8;

    private static List<ReportBlock> ExampleBlocks(StudyResults r)
    {
        var blocks = new List<ReportBlock>();
        foreach (var chunk in r.Examples.Chunk(9))
            blocks.Add(ReportBlock.Figure($"Example dB mel spectrograms of '{chunk[0].Task}' by class (test split; Figs. 8, 10). Colour = dB relative to the clip's maximum.",
                Figures.Spectrograms(chunk.Select(e => new Figures.SpectrogramPanel($"{e.ClassName}: {e.ExampleId}", e.Mels, e.Frames, e.Values)).ToList(), "dB")));
        return blocks;
    }

    private static int SourceOrder(Representation s) => s.Kind switch { RepresentationKind.Input => 0, RepresentationKind.Handcrafted => 1, _ => 2 };

    private static List<ReportBlock> PcaBlocks(StudyResults r)
    {
        var blocks = new List<ReportBlock>();
        var list = r.Projections.OrderBy(p => SourceOrder(p.Source)).ThenBy(p => p.Source.Label, StringComparer.Ordinal).ToList();
        if (list.Count == 0) return blocks;
        foreach (var chunk in list.Chunk(PanelsPerFigure))
            blocks.Add(ReportBlock.Figure($"First two principal components (standardised columns, fitted on training examples) of the test examples, coloured by '{chunk[0].Task}' (Fig. 11).",
                Figures.ClassScatters(chunk.Select(p => new Figures.ScatterPanel(p.Source.Label + (p.Source.Seed is int s ? $" (seed {s})" : ""), p.X, p.Y, p.ClassIndex,
                    $"PC1 ({F(100 * Ratio(p, 0), 1)}%)", $"PC2 ({F(100 * Ratio(p, 1), 1)}%)")).ToList(), chunk[0].Classes)));
        blocks.Add(ReportBlock.Of(new ResultTable("exploration-pca", "Explained variance of the first two principal components (Fig. 11)",
            ["representation", "PC1 (%)", "PC2 (%)", "test points shown"],
            list.Select(p => (IReadOnlyList<string>)[RowLabel(p.Source) + (p.Source.Seed is int s ? $" (seed {s})" : ""), F(100 * Ratio(p, 0), 1), F(100 * Ratio(p, 1), 1), p.X.Count.ToString(Inv)]).ToList(),
            "Share of the total variance of the standardised columns; one seed per architecture (the first).")));
        return blocks;
    }

    private static double Ratio(PcaProjection p, int k) => p.ExplainedVarianceRatio.Count > k ? p.ExplainedVarianceRatio[k] : double.NaN;

    private static List<ReportBlock> TraceBlocks(StudyResults r)
    {
        var blocks = new List<ReportBlock>();
        var byFeature = r.Traces.GroupBy(t => t.FeatureSet).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (byFeature.Count == 0) return blocks;
        var classes = r.Traces.Select(t => t.ClassName).Distinct().ToList();
        var order = r.Examples.Select(e => e.ClassName).Distinct().ToList();
        classes = [.. order.Where(classes.Contains), .. classes.Where(c => !order.Contains(c)).Order(StringComparer.Ordinal)];
        foreach (var chunk in byFeature.Chunk(PanelsPerFigure))
            blocks.Add(ReportBlock.Figure($"Mean ± sd (band) of each hand-crafted feature per class over the training examples, by column (Figs. 12–13).",
                Figures.LinePanels(chunk.Select(g => new Figures.LinePanel(g.Key, AxisName(g.First().Axis), "value",
                    g.OrderBy(t => classes.IndexOf(t.ClassName)).Select(t => new Figures.BandLine(classes.IndexOf(t.ClassName), t.Mean, t.Sd)).ToList())).ToList(), classes)));
        blocks.Add(ReportBlock.Of(new ResultTable("exploration-traces", "Training examples per class behind the feature traces",
            ["class", "examples"], classes.Select(c => (IReadOnlyList<string>)[c, r.Traces.First(t => t.ClassName == c).Count.ToString(Inv)]).ToList())));
        return blocks;
    }

    private static string AxisName(string axis) => axis switch { "mels" => "mel bin", "frames" => "frame", _ => "column" };

    private static List<ReportBlock> MutualInformationBlocks(StudyResults r)
    {
        var blocks = new List<ReportBlock>();
        var byFeature = r.MutualInformation.GroupBy(m => m.FeatureSet).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (byFeature.Count == 0) return blocks;
        var stats = byFeature.Select(g =>
        {
            var v = g.OrderBy(m => m.Column).ToList();
            var best = v.MaxBy(m => m.Value)!;
            return (Name: g.Key, Mean: v.Average(m => m.Value), Sd: SeedSummary.Of(v.Select(m => m.Value)).Sd, Best: best, Values: v);
        }).ToList();
        var first = byFeature[0].First();
        blocks.Add(ReportBlock.Figure($"Mutual information (nats) of each hand-crafted feature with '{first.Task}', mean ± sd over the feature's columns (Fig. 14).",
            Figures.Bars(stats.Select(s => s.Name).ToList(), stats.Select(s => s.Mean).ToList(), stats.Select(s => s.Sd).ToList(),
                $"Mutual information with '{first.Task}'", "nats (mean over columns)")));
        foreach (var chunk in stats.Chunk(9))
            blocks.Add(ReportBlock.Figure($"Mutual information (nats) of each column with '{first.Task}' (Fig. 14).",
                Figures.LinePanels(chunk.Select(s => new Figures.LinePanel(s.Name, AxisName(r.Traces.FirstOrDefault(t => t.FeatureSet == s.Name)?.Axis ?? ""), "nats",
                    [new Figures.BandLine(0, s.Values.Select(m => m.Value).ToList())])).ToList(), null)));
        blocks.Add(ReportBlock.Of(new ResultTable("exploration-mutual-information", $"Mutual information with '{first.Task}' per hand-crafted feature (Fig. 14)",
            ["feature", "columns", "mean (nats)", "max (nats)", "at column", "examples", "k"],
            stats.Select(s => (IReadOnlyList<string>)[s.Name, s.Values.Count.ToString(Inv), F(s.Mean, 4), F(s.Best.Value, 4), s.Best.Column.ToString(Inv),
                s.Best.N.ToString(Inv), s.Best.Neighbors.ToString(Inv)]).ToList(),
            "k-nearest-neighbour estimate (scikit-learn's mutual_info_classif: k neighbours, 1e-10 jitter with the stated seed) on the training split; chance level is 0.")));
        return blocks;
    }
}
