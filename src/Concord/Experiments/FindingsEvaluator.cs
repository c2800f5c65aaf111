using System.Globalization;

namespace Concord.Experiments;

/// <summary>
/// Tests the paper's five findings (METHOD.md, top) on one run's numbers. Pure: the same results give the same verdicts.
/// Every verdict carries the numbers it rests on; a finding whose inputs the run did not produce is "not measured",
/// never guessed. Means are over seeds (and architectures where stated); thresholds come from <see cref="FindingsCriteria"/>.
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
        return [HandcraftedVsDeep(results), Robustness(results), EarlyLayersSimilarity(results), Untrained(results), Initialisations(results)];
    }

    private static string F(double x, int d = 2) => x.ToString("F" + d, Inv);

    private static double? Chance(StudyResults r, string task) =>
        r.Probes.FirstOrDefault(p => p.Task == task && p.Source.Kind == RepresentationKind.Chance && p.Metric == ProbeMetric.AccuracyPercent)?.Test;

    private Finding HandcraftedVsDeep(StudyResults r)
    {
        string crit = $"best hand-crafted mean test accuracy ≥ chance + {F(criteria.AboveChancePoints, 1)} points, and the best trained conv3 mean test accuracy > the best hand-crafted one";
        string task = r.Run.MainTask;
        double? chance = Chance(r, task);
        var hand = r.Probes.Where(p => p.Experiment == ExperimentIds.Decoding && p.Task == task && p.Metric == ProbeMetric.AccuracyPercent
                                       && p.Source.Kind == RepresentationKind.Handcrafted)
            .GroupBy(p => p.Source.FeatureSet!).Select(g => (Name: g.Key, S: SeedSummary.Of(g.Select(p => p.Test)))).ToList();
        var deep = DeepByArchitecture(r, ExperimentIds.Decoding, task, criteria.LastTap, trained: true);
        if (chance is null || hand.Count == 0 || deep.Count == 0)
            return new(1, Statements[0], crit, FindingStatus.NotMeasured,
                $"needs the chance row ({(chance is null ? "missing" : "present")}), hand-crafted decoding ({hand.Count} sets) and trained conv3 decoding ({deep.Count} architectures) of '{task}'");
        var bestHand = hand.MaxBy(h => h.S.Mean);
        var bestDeep = deep.MaxBy(d => d.S.Mean);
        int deepBetter = deep.Count(d => d.S.Mean > bestHand.S.Mean);
        bool holds = bestHand.S.Mean >= chance.Value + criteria.AboveChancePoints && bestDeep.S.Mean > bestHand.S.Mean;
        string ev = $"chance {F(chance.Value)}%; best hand-crafted {bestHand.Name} {bestHand.S.Format()}%; best conv3 {bestDeep.Name} {bestDeep.S.Format()}%; "
                    + $"{deepBetter} of {deep.Count} architectures beat the best hand-crafted set";
        return new(1, Statements[0], crit, holds ? FindingStatus.Holds : FindingStatus.DoesNotHold, ev);
    }

    private List<(string Name, SeedSummary S)> DeepByArchitecture(StudyResults r, string experiment, string task, string tap, bool trained) =>
        r.Probes.Where(p => p.Experiment == experiment && p.Task == task && p.Metric == ProbeMetric.AccuracyPercent
                            && p.Source.Kind == RepresentationKind.Deep && p.Source.Trained == trained && p.Source.Tap == tap
                            && p.Source.Variant is null && (p.Source.TrainTask is null || p.Source.TrainTask == r.Run.MainTask || !trained))
            .GroupBy(p => p.Source.Architecture!).Select(g => (g.Key, SeedSummary.Of(g.Select(p => p.Test)))).ToList();

    private Finding Robustness(StudyResults r)
    {
        string crit = $"at {criteria.LastTap}, for every target task B and training task A ≠ B: accuracy(A→B) ≥ accuracy(B→B) − {F(criteria.RobustnessPoints, 1)} points "
                      + $"(regression: RMSE(A→B) ≤ {F(criteria.RobustnessRmseRatio)} × RMSE(B→B)); means over seeds and architectures";
        var rows = r.Probes.Where(p => p.Experiment == ExperimentIds.Robustness && p.Source.Kind == RepresentationKind.Deep && p.Source.Trained == true
                                       && p.Source.Tap == criteria.LastTap && p.Source.TrainTask is not null && p.Source.Variant is null).ToList();
        var cells = rows.GroupBy(p => (From: p.Source.TrainTask!, To: p.Task, p.Metric))
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
            return new(2, Statements[1], crit, FindingStatus.NotMeasured,
                "needs conv3 decoding from networks trained on at least two tasks (robustness matrix); "
                + $"found {cells.Keys.Select(k => k.From).Distinct().Count()} training task(s)");
        return new(2, Statements[1], crit, all ? FindingStatus.Holds : FindingStatus.DoesNotHold, string.Join("; ", parts));
    }

    private bool IsWaveletOrPower(string? name) =>
        name is not null && criteria.WaveletPowerNames.Any(s => name.Contains(s, StringComparison.OrdinalIgnoreCase));

    private Dictionary<string, SeedSummary> CkaByTap(StudyResults r, bool trained, string? architecture = null) =>
        r.Similarities.Where(s => s.Measure == SimilarityMeasure.LinearCka && s.Split == "train"
                                  && s.Left.Kind == RepresentationKind.Deep && s.Left.Trained == trained && s.Left.Channel is null && s.Left.Variant is null
                                  && s.Right.Kind == RepresentationKind.Handcrafted && IsWaveletOrPower(s.Right.FeatureSet)
                                  && (architecture is null || s.Left.Architecture == architecture))
            .GroupBy(s => s.Left.Tap!)
            .ToDictionary(g => g.Key, g => SeedSummary.Of(g.Select(s => s.Value)));

    private Finding EarlyLayersSimilarity(StudyResults r)
    {
        string crit = $"mean linear CKA with the wavelet/power sets (names containing {string.Join(", ", criteria.WaveletPowerNames)}) "
                      + $"of every early tap ({string.Join(", ", criteria.EarlyTaps)}) > that of {criteria.LastTap}; trained networks, train split, mean over seeds, architectures and sets";
        var byTap = CkaByTap(r, trained: true);
        var early = criteria.EarlyTaps.Where(byTap.ContainsKey).ToList();
        if (early.Count == 0 || !byTap.TryGetValue(criteria.LastTap, out var last))
            return new(3, Statements[2], crit, FindingStatus.NotMeasured,
                $"needs trained-network CKA with wavelet/power sets at {criteria.LastTap} and an early tap; found taps: {(byTap.Count == 0 ? "none" : string.Join(", ", byTap.Keys.Order(StringComparer.Ordinal)))}");
        bool holds = early.All(t => byTap[t].Mean > last.Mean);
        string ev = string.Join("; ", early.Select(t => $"{t} {byTap[t].Format()}")) + $"; {criteria.LastTap} {last.Format()}";
        if (early.Count < criteria.EarlyTaps.Count)
            ev += $" (not measured: {string.Join(", ", criteria.EarlyTaps.Except(early))})";
        return new(3, Statements[2], crit, holds ? FindingStatus.Holds : FindingStatus.DoesNotHold, ev);
    }

    private Finding Untrained(StudyResults r)
    {
        string crit = $"(a) mean |CKA untrained − CKA trained| with the wavelet/power sets over early taps ≤ {F(criteria.UntrainedCkaTolerance)}; "
                      + $"(b) every early tap of the untrained networks decodes '{r.Run.MainTask}' ≥ chance + {F(criteria.AboveChancePoints, 1)} points; "
                      + $"(c) where measured, the change from training (1 − CKA(trained, untrained), or |ΔCKA| with features) is largest at {criteria.LastTap}";
        var trained = CkaByTap(r, trained: true);
        var untrained = CkaByTap(r, trained: false);
        var taps = criteria.EarlyTaps.Where(t => trained.ContainsKey(t) && untrained.ContainsKey(t)).ToList();
        double? chance = Chance(r, r.Run.MainTask);
        var decode = criteria.EarlyTaps.Select(t => (Tap: t, S: SeedSummary.Of(r.Probes.Where(p =>
                p.Task == r.Run.MainTask && p.Metric == ProbeMetric.AccuracyPercent && p.Source.Kind == RepresentationKind.Deep
                && p.Source.Trained == false && p.Source.Tap == t && p.Source.Variant is null).Select(p => p.Test))))
            .Where(x => x.S.N > 0).ToList();
        if (taps.Count == 0 || decode.Count == 0 || chance is null)
            return new(4, Statements[3], crit, FindingStatus.NotMeasured,
                $"needs trained and untrained CKA with wavelet/power sets at early taps ({taps.Count} found), untrained early-tap decoding ({decode.Count} taps) and the chance row ({(chance is null ? "missing" : "present")})");
        double meanDiff = taps.Average(t => Math.Abs(untrained[t].Mean - trained[t].Mean));
        bool a = meanDiff <= criteria.UntrainedCkaTolerance;
        bool b = decode.All(d => d.S.Mean >= chance.Value + criteria.AboveChancePoints);
        var ev = new List<string>
        {
            $"(a) mean |ΔCKA| over {string.Join(", ", taps)} = {F(meanDiff, 3)} ({(a ? "ok" : "fails")})",
            $"(b) chance {F(chance.Value)}%; untrained " + string.Join(", ", decode.Select(d => $"{d.Tap} {d.S.Format()}%")) + $" ({(b ? "ok" : "fails")})",
        };
        bool c = true;
        var change = ChangeFromTraining(r);
        if (change.Count > 0 && change.ContainsKey(criteria.LastTap))
        {
            c = change.All(kv => kv.Key == criteria.LastTap || kv.Value <= change[criteria.LastTap]);
            ev.Add("(c) 1 − CKA(trained, untrained): " + string.Join(", ", change.OrderBy(k => k.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {F(kv.Value)}")) + $" ({(c ? "ok" : "fails")})");
        }
        else if (trained.ContainsKey(criteria.LastTap) && untrained.ContainsKey(criteria.LastTap))
        {
            var delta = trained.Keys.Where(untrained.ContainsKey).ToDictionary(t => t, t => Math.Abs(trained[t].Mean - untrained[t].Mean));
            c = delta.All(kv => kv.Value <= delta[criteria.LastTap]);
            ev.Add("(c) |ΔCKA| with features: " + string.Join(", ", delta.OrderBy(k => k.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {F(kv.Value, 3)}")) + $" ({(c ? "ok" : "fails")})");
        }
        else ev.Add("(c) not measured");
        return new(4, Statements[3], crit, a && b && c ? FindingStatus.Holds : FindingStatus.DoesNotHold, string.Join("; ", ev));
    }

    /// <summary>1 − mean CKA between trained and untrained versions (same architecture, seed and tap), per tap.</summary>
    private static Dictionary<string, double> ChangeFromTraining(StudyResults r) =>
        r.Similarities.Where(s => s.Measure == SimilarityMeasure.LinearCka && s.Split == "train"
                                  && s.Left.Kind == RepresentationKind.Deep && s.Right.Kind == RepresentationKind.Deep
                                  && s.Left.Trained == true && s.Right.Trained == false && s.Left.Tap == s.Right.Tap
                                  && s.Left.Architecture == s.Right.Architecture && s.Left.Seed == s.Right.Seed && s.Left.Channel is null)
            .GroupBy(s => s.Left.Tap!)
            .ToDictionary(g => g.Key, g => 1 - g.Average(s => s.Value));

    private Finding Initialisations(StudyResults r)
    {
        string crit = $"mean linear CKA between different seeds of the same trained architecture at {criteria.LastTap} < {F(criteria.SeedsDifferBelow)} (the paper reports about 0.8–0.9)";
        var pairs = r.Similarities.Where(s => s.Measure == SimilarityMeasure.LinearCka && s.Split == "train"
                                              && s.Left.Kind == RepresentationKind.Deep && s.Right.Kind == RepresentationKind.Deep
                                              && s.Left.Trained == true && s.Right.Trained == true
                                              && s.Left.Tap == criteria.LastTap && s.Right.Tap == criteria.LastTap && s.Left.Channel is null
                                              && s.Left.Architecture == s.Right.Architecture && s.Left.Seed != s.Right.Seed).ToList();
        if (pairs.Count == 0)
            return new(5, Statements[4], crit, FindingStatus.NotMeasured,
                $"needs init × init CKA at {criteria.LastTap} (at least two seeds of one architecture)");
        var s = SeedSummary.Of(pairs.Select(p => p.Value));
        var perArch = pairs.GroupBy(p => p.Left.Architecture!).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {F(g.Average(p => p.Value))}");
        bool holds = s.Mean < criteria.SeedsDifferBelow;
        string inRange = s.Mean is >= 0.8 and <= 0.9 ? "inside" : "outside";
        return new(5, Statements[4], crit, holds ? FindingStatus.Holds : FindingStatus.DoesNotHold,
            $"mean over {pairs.Count} seed pairs {s.Format(3)}, {inRange} the paper's 0.8–0.9; per architecture: {string.Join(", ", perArch)}");
    }
}
