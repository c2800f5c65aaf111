using Concord.Experiments;
using Concord.Networks;
using Concord.Study.Config;
using Concord.Study.Running;

namespace Concord.Study.Stages;

/// <summary>
/// Derives a study's <see cref="StudyPlan"/> from its config alone (no file is read but the dataset's path is
/// resolved): prepare → features; one train task per network of <see cref="NetworkPlan.For"/>; one extraction per
/// trained network (the Feed-Forward baseline has no taps), per untrained twin (Experiment 3) and for the per-channel
/// CKA network; one probe task per representation; one similarity task per main-task tap; one deep-vs-deep block per
/// left-hand representation; the exploratory figures; collect.
/// </summary>
public static class StudyPlanner
{
    /// <summary>The plan of a resolved config.</summary>
    public static StudyPlan Plan(ExperimentConfig c, string configDirectory)
    {
        ArgumentNullException.ThrowIfNull(c);
        var tasks = new List<StudyTask>();
        var byExperiment = new Dictionary<string, List<StudyTask>>(StringComparer.Ordinal);
        void Measures(string experiment, StudyTask t)
        {
            if (!byExperiment.TryGetValue(experiment, out var l)) byExperiment[experiment] = l = [];
            if (!l.Contains(t)) l.Add(t);
        }
        string main = c.Dataset.MainTask;
        var taskNames = new[] { main }.Concat(c.Dataset.RelatedTasks).ToList();

        var prepare = PrepareTask.For(c, configDirectory);
        var features = FeaturesTask.For(c, prepare, configDirectory);
        tasks.Add(prepare);
        tasks.Add(features);

        var trains = NetworkPlan.For(c).Select(n => TrainTask.For(c, prepare, n)).ToList();
        tasks.AddRange(trains);
        foreach (var t in trains) Measures(ExperimentIds.Training, t);

        var extracts = trains.Where(t => t.Network.Architecture != Architecture.FeedForward).Select(t => ExtractTask.ForTrained(c, prepare, t)).ToList();
        if (c.Experiments.Untrained)
            extracts.AddRange(NetworkPlan.For(c).Where(p => p.Architecture != Architecture.FeedForward && p.Variant is null && p.Task == main)
                .Select(p => ExtractTask.ForUntrained(c, prepare, p)));
        tasks.AddRange(extracts);
        ExtractTask? channels = null;
        if (c.Experiments.ChannelSimilarity)
        {
            var arch = c.AllLayerArchitectures.Count > 0 ? c.AllLayerArchitectures[0] : c.Architectures[0];
            var net = trains.FirstOrDefault(t => t.Network is { Variant: null } n && n.Architecture == arch && n.Seed == c.Seeds[0] && n.Task == main);
            if (net is not null) tasks.Add(channels = ExtractTask.ForChannels(c, prepare, net));
        }

        // Imported networks: one extraction of each graph (trained, and untrained when given); nothing is trained.
        var imported = c.Networks.SelectMany(n => n.UntrainedOnnx is null
            ? new[] { OnnxExtractTask.For(c, prepare, n, true, configDirectory) }
            : [OnnxExtractTask.For(c, prepare, n, true, configDirectory), OnnxExtractTask.For(c, prepare, n, false, configDirectory)]).ToList();
        tasks.AddRange(imported);
        var importedLayers = imported.SelectMany(e => e.Layers.Select(l => (Rep: l, Extract: (ActivationTask)e))).ToList();

        // Every deep representation: one tap of one (trained or untrained) extraction.
        var deep = extracts.SelectMany(e => e.Taps.Select(tap => (Rep: e.Source(tap), Extract: e, Tap: tap))).ToList();
        ActivationTask ExtractOf(Representation r) => r.Kind == RepresentationKind.External
            ? importedLayers.First(d => d.Rep == r).Extract : deep.First(d => d.Rep == r).Extract;

        // Probes, grouped by representation in the order they are first needed.
        var units = new List<(Representation Rep, ProbeUnit Unit)>();
        var features1 = features.Names;
        foreach (string task in taskNames) units.Add((Representation.Chance, new ProbeUnit(ExperimentIds.Decoding, task, false, false)));
        if (c.Experiments.Decoding)
            foreach (string task in taskNames)
            {
                foreach (string f in features1) units.Add((Representation.Handcrafted(f), new ProbeUnit(ExperimentIds.Decoding, task, false, false)));
                foreach (var d in deep.Where(d => d.Rep is { Trained: true, Tap: Tap.Conv3, Variant: null } && d.Rep.TrainTask == main))
                    units.Add((d.Rep, new ProbeUnit(ExperimentIds.Decoding, task, false, task == main && d.Rep.Seed == c.Seeds[0])));
            }
        // Imported layers decode every task (decoding and robustness need no training); untrained graphs join Experiment 3.
        if (c.Experiments.Decoding || c.Experiments.Robustness)
            foreach (var d in importedLayers.Where(d => d.Rep.Trained == true))
                foreach (string task in taskNames)
                    units.Add((d.Rep, new ProbeUnit(task == main ? ExperimentIds.Decoding : ExperimentIds.Robustness, task, false, false)));
        if (c.Experiments.Untrained)
            foreach (var d in importedLayers.Where(d => imported.Any(e => !e.Trained && e.Network == ((OnnxExtractTask)d.Extract).Network)))
                units.Add((d.Rep, new ProbeUnit(ExperimentIds.Untrained, main, true, false)));
        if (c.Experiments.Robustness)
            foreach (var d in deep.Where(d => d.Rep is { Trained: true, Variant: null } && c.AllLayerArchitectures.Contains(d.Rep.Architecture!.Value)))
                foreach (string task in taskNames) units.Add((d.Rep, new ProbeUnit(ExperimentIds.Robustness, task, true, false)));
        if (c.Experiments.Channels)
            foreach (var d in deep.Where(d => d.Rep is { Trained: true, Tap: Tap.Conv3 } && d.Rep.Variant is not null))
                units.Add((d.Rep, new ProbeUnit(ExperimentIds.Channels, main, false, false)));
        if (c.Experiments.Untrained)
            foreach (var d in deep.Where(d => d.Rep.TrainTask == main && d.Rep.Variant is null
                                              && (d.Rep.Trained == false || c.AllLayerArchitectures.Contains(d.Rep.Architecture!.Value))))
                units.Add((d.Rep, new ProbeUnit(ExperimentIds.Untrained, main, true, false)));
        if (c.Experiments.Concatenation)
            foreach (var d in deep.Where(d => d.Rep is { Trained: true, Tap: Tap.Conv3, Variant: null } && d.Rep.TrainTask == main
                                              && c.AllLayerArchitectures.Contains(d.Rep.Architecture!.Value)))
                foreach (string f in features1)
                    units.Add((d.Rep with { Kind = RepresentationKind.Concatenated, FeatureSet = f }, new ProbeUnit(ExperimentIds.Concatenation, main, false, false)));
        foreach (var group in units.GroupBy(u => u.Rep))
        {
            var rep = group.Key;
            var list = group.Select(g => g.Unit).Distinct().ToList();
            ActivationTask? ex = rep.Kind is RepresentationKind.Deep or RepresentationKind.External ? ExtractOf(rep)
                : rep.Kind is RepresentationKind.Concatenated ? ExtractOf(rep with { Kind = RepresentationKind.Deep, FeatureSet = null }) : null;
            FeaturesTask? ft = rep.Kind is RepresentationKind.Handcrafted or RepresentationKind.Concatenated ? features : null;
            var probe = ProbeTask.For(c, prepare, rep, ex, ft, list);
            tasks.Add(probe);
            foreach (var u in list)
            {
                Measures(u.Experiment, probe);
                if (u.Confusion) Measures(ExperimentIds.Exploration, probe);
            }
        }

        // Similarity with the hand-crafted features (Experiment 2; Experiment 3 for untrained layers, with the trained twin):
        // the built-in networks' main-task taps, then the imported networks' layers.
        var mainTaps = deep.Where(d => d.Rep.Variant is null && d.Rep.Channel is null && d.Rep.TrainTask == main).ToList();
        var layers = mainTaps.Select(d => (d.Rep, Extract: (ActivationTask)d.Extract)).Concat(importedLayers).ToList();
        if (c.Experiments.Similarity)
            foreach (var d in layers.Where(d => d.Rep.Trained == true))
            {
                var s = SimilarityTask.For(c, prepare, features, d.Extract, d.Rep, null);
                tasks.Add(s);
                Measures(ExperimentIds.Similarity, s);
            }
        if (c.Experiments.Untrained)
            foreach (var d in layers.Where(d => d.Rep.Trained == false))
            {
                var twin = layers.FirstOrDefault(t => t.Rep == d.Rep with { Trained = true });
                var s = SimilarityTask.For(c, prepare, features, d.Extract, d.Rep, twin.Extract);
                tasks.Add(s);
                Measures(ExperimentIds.Untrained, s);
            }

        if (c.Experiments.DeepVsDeep)
        {
            var builtinSides = mainTaps.Where(d => d.Rep.Trained == true).Select(d => new DeepSide(d.Extract, d.Rep)).ToList();
            var importedSides = importedLayers.Where(d => d.Rep.Trained == true).Select(d => new DeepSide(d.Extract, d.Rep)).ToList();
            var blocks = DeepVsDeepTask.Blocks(builtinSides)
                .Concat(DeepVsDeepTask.ImportedBlocks(importedSides, builtinSides.Where(b => b.Source.Seed == c.Seeds[0]).ToList()));
            foreach (var (left, right) in blocks)
            {
                var t = DeepVsDeepTask.For(c, left, right);
                tasks.Add(t);
                Measures(ExperimentIds.DeepVsDeep, t);
            }
        }
        if (channels is not null)
        {
            var t = ChannelSimilarityTask.For(c, channels);
            tasks.Add(t);
            Measures(ExperimentIds.ChannelSimilarity, t);
        }

        if (ExplorationTask.Switches(c.Experiments).Any(s => s.On))
        {
            var conv3 = extracts.Where(e => e.Mode == ExtractMode.Trained && e.Taps.Contains(Tap.Conv3) && e.Network is { Variant: null } n
                                            && n.Seed == c.Seeds[0] && n.Task == main).ToList();
            var t = ExplorationTask.For(c, prepare, features, conv3);
            tasks.Add(t);
            foreach (var (id, on) in ExplorationTask.Switches(c.Experiments)) if (on) Measures(id, t);
        }

        tasks.Add(CollectTask.For(tasks.ToList()));

        var unplanned = c.Experiments.Enumerate().Where(e => e.On && !byExperiment.ContainsKey(e.Id))
            .Select(e => new ExperimentState(e.Id, StageStatus.NotMeasured, e.Id switch
            {
                ExperimentIds.Robustness => "needs networks trained on the related tasks (dataset.relatedTasks) of an all-layer architecture",
                ExperimentIds.Channels => "no channel variants are configured (channelVariants)",
                ExperimentIds.DeepVsDeep => "needs activations of at least two trained taps, seeds or architectures",
                ExperimentIds.ChannelSimilarity => "no un-averaged activations were extracted (needs a trained network of the first seed on the main task)",
                _ => "no activations or features were available for it",
            })).ToList();
        return new StudyPlan(tasks, byExperiment.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<StudyTask>)kv.Value, StringComparer.Ordinal), unplanned);
    }
}
