using System.Globalization;
using Concord.Datasets;
using Concord.Networks;

namespace Concord.Experiments;

/// <summary>
/// Tests the paper's five findings (METHOD.md, top) on one run's numbers. Pure: the same results give the same verdicts.
/// Every verdict carries the numbers it rests on; a finding whose inputs the run did not produce is "not measured",
/// never guessed. Each finding states its preconditions; when they fail the verdict is "not assessable" with the reason:
/// trained networks must have learned their task (final test accuracy ≥ chance + <see cref="FindingsCriteria.LearnedMarginPoints"/>;
/// networks that did not are left out and named), seed claims need two seeds, representations that are identical by
/// construction (<see cref="FindingsCriteria.IdenticalUntrained"/>) count once, and degenerate regression cells
/// (<see cref="ProbeRecord.Degenerate"/>) are never used. Claims resting on a single seed or on a tap whose seeds
/// disagree say so in the evidence. Means are over seeds (and architectures where stated); thresholds come from
/// <see cref="FindingsCriteria"/>.
/// </summary>
public sealed class FindingsEvaluator(FindingsCriteria criteria)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The paper's statements, in METHOD.md's order.</summary>
    public static IReadOnlyList<string> Statements { get; } =
    [
        "Hand-crafted features decode the main task well above chance; deep conv3 features decode it better.",
        "Deep features are robust across tasks: a network trained on task A decodes task B almost as well as a network trained on B.",
        "Early layers (conv1, conv2, pool2) have high linear CKA with the wavelet and power features; conv3 has less.",
        "Untrained networks' early layers are about as similar to hand-crafted features as trained ones, and decode well above chance; training mostly changes the last conv layer.",
        "Features differ across initialisations (CKA about 0.8–0.9 between seeds), so everything is averaged over seeds.",
    ];

    /// <summary>Evaluates all five findings.</summary>
    public IReadOnlyList<Finding> Evaluate(StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var r = results with { Probes = results.Probes.Where(p => !p.Degenerate).ToList() };
        var learning = new Learning(r, criteria);
        return [HandcraftedVsDeep(r, learning), Robustness(r, learning), EarlyLayersSimilarity(r, learning), Untrained(r, learning), Initialisations(r, learning)];
    }

    private static string F(double x, int d = 2) => x.ToString("F" + d, Inv);

    private static string Names(IEnumerable<Tap> taps) => string.Join(", ", taps.Select(t => t.ToName()));

    private static double? Chance(StudyResults r, string task, ProbeMetric metric = ProbeMetric.AccuracyPercent) =>
        r.Probes.FirstOrDefault(p => p.Task == task && p.Source.Kind == RepresentationKind.Chance && p.Metric == metric)?.Test;

    private string LearnedPrecondition(string task) =>
        $"the networks trained on '{task}' learned it (final test accuracy ≥ chance + {F(criteria.LearnedMarginPoints, 1)} points, or RMSE ≤ {F(criteria.LearnedRmseRatio)} × the mean predictor's), each seed on its own; others are left out";

    private static Finding NotAssessable(int n, string crit, string pre, string reason) =>
        new(n, Statements[n - 1], crit, FindingStatus.NotAssessable, "not assessable: " + reason, pre);

    /// <summary>Which trained networks (architecture, training task, seed) learned their task, from each seed's final
    /// training epoch (or, without training records, from the trained conv3 probe on the network's own task). A seed that
    /// did not learn is left out even when the architecture's other seeds did.</summary>
    private sealed class Learning
    {
        private readonly StudyResults _r;
        private readonly FindingsCriteria _c;
        private readonly Dictionary<(Architecture Arch, string Task), Record?> _records = [];

        /// <summary>Final test metric per seed of one (architecture, task), with the chance row.</summary>
        private sealed record Record(ProbeMetric Metric, double Chance, IReadOnlyDictionary<int, double> BySeed);

        public Learning(StudyResults r, FindingsCriteria c) { _r = r; _c = c; }

        private Record? Of(Architecture arch, string task)
        {
            if (_records.TryGetValue((arch, task), out var rec)) return rec;
            var finals = _r.TrainingEpochs.Where(e => e.Architecture == arch && e.Task == task && e.Variant is null)
                .GroupBy(e => e.Seed).Select(g => g.MaxBy(e => e.Epoch)!).ToList();
            ProbeMetric metric;
            Dictionary<int, double> bySeed;
            if (finals.Count > 0) { metric = finals[0].Metric; bySeed = finals.ToDictionary(e => e.Seed, e => e.TestMetric); }
            else
            {
                var own = _r.Probes.Where(p => p.Source.Kind == RepresentationKind.Deep && p.Source.Trained == true && p.Source.Architecture == arch
                                               && p.Source.TrainTask == task && p.Task == task && p.Source.Tap == _c.LastTap && p.Source.Variant is null
                                               && p.Source.Channel is null && p.Source.Seed is not null).ToList();
                metric = own.Count > 0 ? own[0].Metric : default;
                bySeed = own.GroupBy(p => p.Source.Seed!.Value).ToDictionary(g => g.Key, g => g.First().Test);
            }
            rec = bySeed.Count > 0 && Chance(_r, task, metric) is double chance ? new Record(metric, chance, bySeed) : null;
            _records[(arch, task)] = rec;
            return rec;
        }

        /// <summary>False when the network did not learn; a seed without its own record is judged by the mean over seeds;
        /// true when nothing tells.</summary>
        public bool Usable(Architecture arch, string task, int? seed)
        {
            if (Of(arch, task) is not { } rec) return true;
            double value = seed is int s && rec.BySeed.TryGetValue(s, out var v) ? v : rec.BySeed.Values.Average();
            return _c.Learned(rec.Metric, value, rec.Chance);
        }

        /// <summary>The networks among <paramref name="networks"/> that did not learn, with their numbers: an architecture
        /// none of whose seeds learned is named once with its mean over seeds, otherwise each failing seed is named.</summary>
        public List<string> Failed(IEnumerable<(Architecture Arch, string Task, int? Seed)> networks)
        {
            var texts = new List<string>();
            foreach (var g in networks.Distinct().Where(n => !Usable(n.Arch, n.Task, n.Seed)).GroupBy(n => (n.Arch, n.Task)))
            {
                var rec = Of(g.Key.Arch, g.Key.Task)!;
                string unit = rec.Metric == ProbeMetric.AccuracyPercent ? "%" : " RMSE";
                string vs = $"vs {(rec.Metric == ProbeMetric.AccuracyPercent ? "chance" : "mean predictor")} {F(rec.Chance)}{unit}";
                var seeds = g.Select(n => n.Seed).OfType<int>().Where(rec.BySeed.ContainsKey).Distinct().Order().ToList();
                bool allSeeds = seeds.Count == 0 || rec.BySeed.Keys.All(k => !_c.Learned(rec.Metric, rec.BySeed[k], rec.Chance));
                if (allSeeds) texts.Add($"{g.Key.Arch} on '{g.Key.Task}' {F(rec.BySeed.Values.Average())}{unit} {vs}");
                else texts.AddRange(seeds.Select(s => $"{g.Key.Arch} seed {s.ToString(Inv)} on '{g.Key.Task}' {F(rec.BySeed[s])}{unit} {vs}"));
            }
            return texts.Distinct().Order(StringComparer.Ordinal).ToList();
        }

        public List<string> Failed(IEnumerable<Representation> networks, string mainTask) =>
            Failed(networks.Select(n => (n.Architecture!.Value, n.TrainTask ?? mainTask, n.Seed)));

        public bool Usable(Representation network, string mainTask) => Usable(network.Architecture!.Value, network.TrainTask ?? mainTask, network.Seed);
    }

    /// <summary>Trained networks on the left of a similarity that did not learn their task.</summary>
    private static List<string> TrainedFailures(StudyResults r, Learning learning) =>
        learning.Failed(r.Similarities.Where(s => s.Left.Kind == RepresentationKind.Deep && s.Left.Trained == true).Select(s => s.Left), r.Run.MainTask);

    private static string LeftOut(List<string> failed) =>
        failed.Count == 0 ? "" : $"; left out as not learned: {string.Join(", ", failed)}";

    private static string SeedNote(int seeds) => seeds == 1 ? "; rests on a single seed" : "";

    private Finding HandcraftedVsDeep(StudyResults r, Learning learning)
    {
        string crit = $"best hand-crafted mean test accuracy ≥ chance + {F(criteria.AboveChancePoints, 1)} points, and the best trained conv3 mean test accuracy > the best hand-crafted one";
        string task = r.Run.MainTask;
        string pre = LearnedPrecondition(task) + "; the chance row exists";
        double? chance = Chance(r, task);
        var hand = r.Probes.Where(p => p.Experiment == ExperimentIds.Decoding && p.Task == task && p.Metric == ProbeMetric.AccuracyPercent
                                       && p.Source.Kind == RepresentationKind.Handcrafted)
            .GroupBy(p => p.Source.FeatureSet!).Select(g => (Name: g.Key, S: SeedSummary.Of(g.Select(p => p.Test)))).ToList();
        var conv3 = DeepProbes(r, ExperimentIds.Decoding, task, criteria.LastTap, trained: true);
        var all = ByArchitecture(conv3);
        if (chance is null || hand.Count == 0 || all.Count == 0)
            return new(1, Statements[0], crit, FindingStatus.NotMeasured,
                $"needs the chance row ({(chance is null ? "missing" : "present")}), hand-crafted decoding ({hand.Count} sets) and trained conv3 decoding ({all.Count} architectures) of '{task}'", pre);
        var failed = learning.Failed(conv3.Select(p => p.Source), task);
        var deep = ByArchitecture(conv3.Where(p => learning.Usable(p.Source, task)));
        if (deep.Count == 0)
            return NotAssessable(1, crit, pre, $"no trained network learned '{task}': {string.Join(", ", failed)}");
        var bestHand = hand.MaxBy(h => h.S.Mean);
        var bestDeep = deep.MaxBy(d => d.S.Mean);
        int deepBetter = deep.Count(d => d.S.Mean > bestHand.S.Mean);
        bool holds = bestHand.S.Mean >= chance.Value + criteria.AboveChancePoints && bestDeep.S.Mean > bestHand.S.Mean;
        string ev = $"chance {F(chance.Value)}%; best hand-crafted {bestHand.Name} {bestHand.S.Format()}%; best conv3 {bestDeep.Name} {bestDeep.S.Format()}%; "
                    + $"{deepBetter} of {deep.Count} architectures beat the best hand-crafted set" + LeftOut(failed) + SeedNote(bestDeep.S.N);
        return new(1, Statements[0], crit, holds ? FindingStatus.Holds : FindingStatus.DoesNotHold, ev, pre);
    }

    private static List<ProbeRecord> DeepProbes(StudyResults r, string experiment, string task, Tap tap, bool trained) =>
        r.Probes.Where(p => p.Experiment == experiment && p.Task == task && p.Metric == ProbeMetric.AccuracyPercent
                            && p.Source.Kind == RepresentationKind.Deep && p.Source.Trained == trained && p.Source.Tap == tap
                            && p.Source.Variant is null && (p.Source.TrainTask is null || p.Source.TrainTask == r.Run.MainTask || !trained)).ToList();

    private static List<(Architecture Name, SeedSummary S)> ByArchitecture(IEnumerable<ProbeRecord> probes) =>
        probes.GroupBy(p => p.Source.Architecture!.Value).Select(g => (g.Key, SeedSummary.Of(g.Select(p => p.Test)))).ToList();

    private Finding Robustness(StudyResults r, Learning learning)
    {
        string crit = $"at {criteria.LastTap.ToName()}, for every target task B and training task A ≠ B: accuracy(A→B) ≥ accuracy(B→B) − {F(criteria.RobustnessPoints, 1)} points "
                      + $"(regression: RMSE(A→B) ≤ {F(criteria.RobustnessRmseRatio)} × RMSE(B→B)); means over seeds and architectures";
        string pre = "networks trained on A and on B both learned their task (as finding 1); at least two training tasks; degenerate regression cells (p ≥ n) are not used";
        var rows = r.Probes.Where(p => p.Experiment == ExperimentIds.Robustness && p.Source.Kind == RepresentationKind.Deep && p.Source.Trained == true
                                       && p.Source.Tap == criteria.LastTap && p.Source.TrainTask is not null && p.Source.Variant is null).ToList();
        var failed = learning.Failed(rows.Select(p => p.Source), r.Run.MainTask);
        var usable = rows.Where(p => learning.Usable(p.Source, r.Run.MainTask)).ToList();
        var cells = usable.GroupBy(p => (From: p.Source.TrainTask!, To: p.Task, p.Metric))
            .ToDictionary(g => g.Key, g => SeedSummary.Of(g.Select(p => p.Test)));
        var parts = new List<string>();
        bool any = false, all = true;
        foreach (var ((from, to, metric), s) in cells.OrderBy(c => c.Key.To, StringComparer.Ordinal).ThenBy(c => c.Key.From, StringComparer.Ordinal))
        {
            if (from == to || !cells.TryGetValue((to, to, metric), out var own)) continue;
            any = true;
            bool ok = metric == ProbeMetric.AccuracyPercent
                ? s.Mean >= own.Mean - criteria.RobustnessPoints
                : s.Mean <= own.Mean * criteria.RobustnessRmseRatio;
            all &= ok;
            string unit = metric == ProbeMetric.AccuracyPercent ? "%" : " RMSE";
            parts.Add($"{from}→{to} {F(s.Mean)}{unit} vs {to}→{to} {F(own.Mean)}{unit} ({(ok ? "ok" : "fails")})");
        }
        if (!any)
        {
            int tasks = rows.Select(p => p.Source.TrainTask).Distinct().Count();
            if (tasks >= 2 && failed.Count > 0)
                return NotAssessable(2, crit, pre, $"too few networks learned their task to compare two training tasks: {string.Join(", ", failed)}");
            return new(2, Statements[1], crit, FindingStatus.NotMeasured,
                "needs conv3 decoding from networks trained on at least two tasks (robustness matrix); "
                + $"found {tasks} training task(s)", pre);
        }
        int seeds = usable.Select(p => p.Source.Seed).Distinct().Count();
        return new(2, Statements[1], crit, all ? FindingStatus.Holds : FindingStatus.DoesNotHold, string.Join("; ", parts) + LeftOut(failed) + SeedNote(seeds), pre);
    }

    private bool IsWaveletOrPower(string? name) =>
        name is not null && criteria.WaveletPowerNames.Any(s => name.Contains(s, StringComparison.OrdinalIgnoreCase));

    /// <summary>True for an untrained representation that duplicates a kept one by construction (counted once).</summary>
    private bool IsIdenticalDuplicate(Representation s, IReadOnlySet<Architecture> present) =>
        s.Trained == false && s.Tap is Tap tap && criteria.IdenticalUntrainedTaps.Contains(tap)
        && criteria.IdenticalUntrained.Any(p => p.Duplicate == s.Architecture && present.Contains(p.Kept));

    private List<SimilarityRecord> CkaWithFeatures(StudyResults r, bool trained, Learning learning) =>
        r.Similarities.Where(s => s.Measure == SimilarityMeasure.LinearCka && s.Split == DataSplit.Train
                                  && s.Left.Kind == RepresentationKind.Deep && s.Left.Trained == trained && s.Left.Channel is null && s.Left.Variant is null
                                  && s.Right.Kind == RepresentationKind.Handcrafted && IsWaveletOrPower(s.Right.FeatureSet)
                                  && (!trained || learning.Usable(s.Left, r.Run.MainTask))).ToList();

    private Dictionary<Tap, SeedSummary> ByTap(IEnumerable<SimilarityRecord> rows)
    {
        var list = rows.ToList();
        var present = list.Select(s => s.Left.Architecture!.Value).ToHashSet();
        return list.Where(s => !IsIdenticalDuplicate(s.Left, present)).GroupBy(s => s.Left.Tap!.Value)
            .ToDictionary(g => g.Key, g => SeedSummary.Of(g.Select(s => s.Value)));
    }

    /// <summary>Seed-to-seed linear CKA of trained networks per tap (mean over pairs), where measured.</summary>
    private static Dictionary<Tap, double> SeedAgreement(StudyResults r) =>
        r.Similarities.Where(s => s.Measure == SimilarityMeasure.LinearCka && s.Left.Kind == RepresentationKind.Deep && s.Right.Kind == RepresentationKind.Deep
                                  && s.Left.Trained == true && s.Right.Trained == true && s.Left.Tap == s.Right.Tap && s.Left.Channel is null
                                  && s.Left.Architecture == s.Right.Architecture && s.Left.Seed != s.Right.Seed)
            .GroupBy(s => s.Left.Tap!.Value).ToDictionary(g => g.Key, g => g.Average(s => s.Value));

    /// <summary>Notes on taps whose seeds disagree (seed-to-seed CKA below the threshold).</summary>
    private string SeedDisagreementNote(StudyResults r, IEnumerable<Tap> taps)
    {
        var agree = SeedAgreement(r);
        var low = taps.Where(t => agree.TryGetValue(t, out var v) && v < criteria.SeedAgreementBelow).Select(t => $"{t.ToName()} (seed-to-seed CKA {F(agree[t])})").ToList();
        return low.Count == 0 ? "" : $"; caution, seeds disagree (possibly bimodal) at {string.Join(", ", low)}";
    }

    private Finding EarlyLayersSimilarity(StudyResults r, Learning learning)
    {
        string crit = $"mean linear CKA with the wavelet/power sets (names containing {string.Join(", ", criteria.WaveletPowerNames)}) "
                      + $"of every early tap ({Names(criteria.EarlyTaps)}) > that of {criteria.LastTap.ToName()}; trained networks, train split, mean over seeds, architectures and sets";
        string pre = LearnedPrecondition(r.Run.MainTask) + "; a verdict that one seed can flip is reported as such";
        var rows = CkaWithFeatures(r, trained: true, learning);
        var byTap = ByTap(rows);
        var early = criteria.EarlyTaps.Where(byTap.ContainsKey).ToList();
        var failed = TrainedFailures(r, learning);
        if (early.Count == 0 || !byTap.TryGetValue(criteria.LastTap, out var last))
        {
            if (failed.Count > 0 && rows.Count == 0)
                return NotAssessable(3, crit, pre, $"no trained network learned '{r.Run.MainTask}': {string.Join(", ", failed)}");
            return new(3, Statements[2], crit, FindingStatus.NotMeasured,
                $"needs trained-network CKA with wavelet/power sets at {criteria.LastTap.ToName()} and an early tap; found taps: {(byTap.Count == 0 ? "none" : Names(byTap.Keys.Order()))}", pre);
        }
        bool Verdict(Dictionary<Tap, SeedSummary> b) => early.All(t => b.ContainsKey(t) && b.ContainsKey(criteria.LastTap) && b[t].Mean > b[criteria.LastTap].Mean);
        bool holds = Verdict(byTap);
        string ev = string.Join("; ", early.Select(t => $"{t.ToName()} {byTap[t].Format()}")) + $"; {criteria.LastTap.ToName()} {last.Format()}";
        if (early.Count < criteria.EarlyTaps.Count)
            ev += $" (not measured: {Names(criteria.EarlyTaps.Except(early))})";
        var seeds = rows.Select(s => s.Left.Seed).Distinct().Order().ToList();
        ev += LeftOut(failed) + SeedNote(seeds.Count);
        if (seeds.Count > 1)
        {
            var flips = seeds.Where(s => Verdict(ByTap(rows.Where(x => x.Left.Seed != s))) != holds).ToList();
            if (flips.Count > 0) ev += $"; the verdict flips without seed {string.Join(" or ", flips)}";
        }
        ev += SeedDisagreementNote(r, early.Append(criteria.LastTap));
        return new(3, Statements[2], crit, holds ? FindingStatus.Holds : FindingStatus.DoesNotHold, ev, pre);
    }

    private Finding Untrained(StudyResults r, Learning learning)
    {
        string crit = $"(a) mean |CKA untrained − CKA trained| with the wavelet/power sets over early taps ≤ {F(criteria.UntrainedCkaTolerance)}; "
                      + $"(b) every early tap of the untrained networks decodes '{r.Run.MainTask}' ≥ chance + {F(criteria.AboveChancePoints, 1)} points; "
                      + $"(c) where measured, the change from training (1 − CKA(trained, untrained), or |ΔCKA| with features) is largest at {criteria.LastTap.ToName()}";
        string pre = LearnedPrecondition(r.Run.MainTask) + " (a comparison with training needs trained networks that learned); "
                     + $"untrained representations identical by construction ({string.Join(", ", criteria.IdenticalUntrained.Select(p => $"{p.Duplicate} = {p.Kept}"))} at {Names(criteria.IdenticalUntrainedTaps)}) are counted once";
        var trainedRows = CkaWithFeatures(r, trained: true, learning);
        var trained = ByTap(trainedRows);
        var untrained = ByTap(CkaWithFeatures(r, trained: false, learning));
        var taps = criteria.EarlyTaps.Where(t => trained.ContainsKey(t) && untrained.ContainsKey(t)).ToList();
        double? chance = Chance(r, r.Run.MainTask);
        var untrainedProbes = r.Probes.Where(p => p.Task == r.Run.MainTask && p.Metric == ProbeMetric.AccuracyPercent && p.Source.Kind == RepresentationKind.Deep
                                                  && p.Source.Trained == false && p.Source.Variant is null && p.Source.Channel is null).ToList();
        var present = untrainedProbes.Select(p => p.Source.Architecture!.Value).ToHashSet();
        int duplicates = untrainedProbes.Count(p => criteria.EarlyTaps.Contains(p.Source.Tap!.Value) && IsIdenticalDuplicate(p.Source, present));
        var decode = criteria.EarlyTaps.Select(t => (Tap: t, S: SeedSummary.Of(untrainedProbes.Where(p => p.Source.Tap == t && !IsIdenticalDuplicate(p.Source, present))
                .GroupBy(p => (p.Source.Architecture, p.Source.Seed)).Select(g => g.Average(p => p.Test)))))
            .Where(x => x.S.N > 0).ToList();
        var failed = TrainedFailures(r, learning);
        if (taps.Count == 0 || decode.Count == 0 || chance is null)
        {
            if (trainedRows.Count == 0 && failed.Count > 0)
                return NotAssessable(4, crit, pre, $"no trained network learned '{r.Run.MainTask}', so there is nothing to compare the untrained ones with: {string.Join(", ", failed)}");
            return new(4, Statements[3], crit, FindingStatus.NotMeasured,
                $"needs trained and untrained CKA with wavelet/power sets at early taps ({taps.Count} found), untrained early-tap decoding ({decode.Count} taps) and the chance row ({(chance is null ? "missing" : "present")})", pre);
        }
        double meanDiff = taps.Average(t => Math.Abs(untrained[t].Mean - trained[t].Mean));
        bool a = meanDiff <= criteria.UntrainedCkaTolerance;
        bool b = decode.All(d => d.S.Mean >= chance.Value + criteria.AboveChancePoints);
        var ev = new List<string>
        {
            $"(a) mean |ΔCKA| over {Names(taps)} = {F(meanDiff, 3)} ({(a ? "ok" : "fails")})",
            $"(b) chance {F(chance.Value)}%; untrained " + string.Join(", ", decode.Select(d => $"{d.Tap.ToName()} {d.S.Format()}%")) + $" ({(b ? "ok" : "fails")})"
                + (duplicates > 0 ? $" ({duplicates} results identical by construction counted once)" : ""),
        };
        bool c = true;
        var change = ChangeFromTraining(r, learning);
        if (change.Count > 0 && change.ContainsKey(criteria.LastTap))
        {
            c = change.All(kv => kv.Key == criteria.LastTap || kv.Value <= change[criteria.LastTap]);
            ev.Add("(c) 1 − CKA(trained, untrained): " + string.Join(", ", change.OrderBy(k => k.Key).Select(kv => $"{kv.Key.ToName()} {F(kv.Value)}")) + $" ({(c ? "ok" : "fails")})");
        }
        else if (trained.ContainsKey(criteria.LastTap) && untrained.ContainsKey(criteria.LastTap))
        {
            var delta = trained.Keys.Where(untrained.ContainsKey).ToDictionary(t => t, t => Math.Abs(trained[t].Mean - untrained[t].Mean));
            c = delta.All(kv => kv.Value <= delta[criteria.LastTap]);
            ev.Add("(c) |ΔCKA| with features: " + string.Join(", ", delta.OrderBy(k => k.Key).Select(kv => $"{kv.Key.ToName()} {F(kv.Value, 3)}")) + $" ({(c ? "ok" : "fails")})");
        }
        else ev.Add("(c) not measured");
        string tail = LeftOut(failed) + SeedNote(trainedRows.Select(s => s.Left.Seed).Distinct().Count());
        return new(4, Statements[3], crit, a && b && c ? FindingStatus.Holds : FindingStatus.DoesNotHold, string.Join("; ", ev) + tail, pre);
    }

    /// <summary>1 − mean CKA between trained and untrained versions (same architecture, seed and tap), per tap.</summary>
    private static Dictionary<Tap, double> ChangeFromTraining(StudyResults r, Learning learning) =>
        r.Similarities.Where(s => s.Measure == SimilarityMeasure.LinearCka && s.Split == DataSplit.Train
                                  && s.Left.Kind == RepresentationKind.Deep && s.Right.Kind == RepresentationKind.Deep
                                  && s.Left.Trained == true && s.Right.Trained == false && s.Left.Tap == s.Right.Tap
                                  && s.Left.Architecture == s.Right.Architecture && s.Left.Seed == s.Right.Seed && s.Left.Channel is null
                                  && learning.Usable(s.Left, r.Run.MainTask))
            .GroupBy(s => s.Left.Tap!.Value)
            .ToDictionary(g => g.Key, g => 1 - g.Average(s => s.Value));

    private Finding Initialisations(StudyResults r, Learning learning)
    {
        string crit = $"mean linear CKA between different seeds of the same trained architecture at {criteria.LastTap.ToName()} < {F(criteria.SeedsDifferBelow)} (the paper reports about 0.8–0.9)";
        string pre = "at least two seeds of one architecture; " + LearnedPrecondition(r.Run.MainTask) + " (two networks at chance agree or differ for no reason the finding is about)";
        var all = r.Similarities.Where(s => s.Measure == SimilarityMeasure.LinearCka && s.Split == DataSplit.Train
                                            && s.Left.Kind == RepresentationKind.Deep && s.Right.Kind == RepresentationKind.Deep
                                            && s.Left.Trained == true && s.Right.Trained == true
                                            && s.Left.Tap == criteria.LastTap && s.Right.Tap == criteria.LastTap && s.Left.Channel is null
                                            && s.Left.Architecture == s.Right.Architecture && s.Left.Seed != s.Right.Seed).ToList();
        if (all.Count == 0)
        {
            int seeds = r.Run.Seeds.Count;
            return seeds < 2
                ? NotAssessable(5, crit, pre, $"the run has {seeds} seed; a claim about seeds needs at least two")
                : new(5, Statements[4], crit, FindingStatus.NotMeasured, $"needs init × init CKA at {criteria.LastTap.ToName()} (at least two seeds of one architecture)", pre);
        }
        // A seed pair needs both networks to have learned.
        var failed = learning.Failed(all.SelectMany(p => new[] { p.Left, p.Right }), r.Run.MainTask);
        var pairs = all.Where(p => learning.Usable(p.Left, r.Run.MainTask) && learning.Usable(p.Right, r.Run.MainTask)).ToList();
        if (pairs.Count == 0)
            return NotAssessable(5, crit, pre, $"no trained network learned its task: {string.Join(", ", failed)}");
        var s = SeedSummary.Of(pairs.Select(p => p.Value));
        var perArch = pairs.GroupBy(p => p.Left.Architecture!.Value).OrderBy(g => g.Key.ToString(), StringComparer.Ordinal)
            .Select(g => $"{g.Key} {F(g.Average(p => p.Value))}");
        bool holds = s.Mean < criteria.SeedsDifferBelow;
        string inRange = s.Mean is >= 0.8 and <= 0.9 ? "inside" : "outside";
        return new(5, Statements[4], crit, holds ? FindingStatus.Holds : FindingStatus.DoesNotHold,
            $"mean over {pairs.Count} seed pairs {s.Format(3)}, {inRange} the paper's 0.8–0.9; per architecture: {string.Join(", ", perArch)}" + LeftOut(failed), pre);
    }
}
