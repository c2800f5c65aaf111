using Concord.Experiments;
using Concord.Networks;
using Concord.Study.Config;
using Concord.Study.Running;
using Concord.Study.Stages;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Experiments;

/// <summary>Issue 12: the plan is derived from the config alone, every task after its inputs, with stable ids.</summary>
public class StudyPlannerTests
{
    private static string Demo => Path.Combine(TestPaths.RepoRoot(), "configs", "demo.json");
    private static string Paper => Path.Combine(TestPaths.RepoRoot(), "configs", "nsynth-paper.json");

    private static StudyPlan PlanOf(string path, Func<ExperimentConfig, ExperimentConfig>? change = null)
    {
        var c = ExperimentConfigLoader.Load(path);
        return StudyPlanner.Plan(change is null ? c : change(c), Path.GetDirectoryName(path)!);
    }

    [Fact]
    public void DemoPlanIsADagWithUniqueStableIdsAndCollectLast()
    {
        var plan = PlanOf(Demo);
        var seen = new HashSet<StudyTask>();
        foreach (var t in plan.Tasks)
        {
            Assert.All(t.Inputs, i => Assert.Contains(i, seen));     // inputs come first
            Assert.True(seen.Add(t), $"{t.Id} twice");
            Assert.Matches("^[a-z-]+-[0-9a-f]{20}$", t.Id);
            Assert.True(t.EstimatedSeconds > 0, t.Id);
        }
        var collect = Assert.IsType<CollectTask>(plan.Tasks[^1]);
        Assert.Equal(plan.Tasks.Count - 1, collect.Inputs.Count);
        Assert.Equal(plan.Tasks.Select(t => t.Id), PlanOf(Demo).Tasks.Select(t => t.Id));   // stable
        // demo: 5 architectures × 2 seeds + Feed-Forward × 2 + the channel variant × 2 = 14 networks + pitch networks of the all-layer architectures.
        var c = ExperimentConfigLoader.Load(Demo);
        Assert.Equal(NetworkPlan.For(c).Count, plan.Tasks.Count(t => t.Kind == StudyTaskKind.Train));
        Assert.DoesNotContain(plan.Tasks.OfType<ExtractTask>(), e => e.Network.Architecture == Architecture.FeedForward);
        Assert.Single(plan.Tasks.OfType<ChannelSimilarityTask>());
        // One probe task per representation.
        var reps = plan.Tasks.OfType<ProbeTask>().Select(p => p.Source).ToList();
        Assert.Equal(reps.Count, reps.Distinct().Count());
        Assert.Empty(plan.Unplanned);
        foreach (var (id, on) in c.Experiments.Enumerate().Where(e => e.On))
            Assert.True(plan.Experiments.ContainsKey(id), $"no task measures {id}");
    }

    [Fact]
    public void ChangingAnOptionChangesOnlyTheTasksThatDependOnIt()
    {
        var a = PlanOf(Demo);
        var b = PlanOf(Demo, c => c with { Probes = c.Probes with { Epochs = c.Probes.Epochs + 1 } });
        var changed = a.Tasks.Zip(b.Tasks).Where(p => p.First.Id != p.Second.Id).Select(p => p.First.Kind).Distinct().ToList();
        Assert.Equal([StudyTaskKind.Probes, StudyTaskKind.Collect], changed);
        var seeds = PlanOf(Demo, c => c with { Training = c.Training with { Epochs = 1 } });
        Assert.Equal(a.Tasks.Where(t => t.Kind is StudyTaskKind.Prepare or StudyTaskKind.Features).Select(t => t.Id),
            seeds.Tasks.Where(t => t.Kind is StudyTaskKind.Prepare or StudyTaskKind.Features).Select(t => t.Id));
        Assert.NotEqual(a.Tasks.OfType<TrainTask>().First().Id, seeds.Tasks.OfType<TrainTask>().First().Id);

        // float16 activations: the extractions and what reads them change, training does not, and the estimate halves.
        var half = PlanOf(Demo, c => c with { Activations = new ActivationsSection { Storage = Concord.Activations.ActivationStorage.Float16 } });
        Assert.Equal(a.Tasks.OfType<TrainTask>().Select(t => t.Id), half.Tasks.OfType<TrainTask>().Select(t => t.Id));
        Assert.All(half.Tasks.OfType<ExtractTask>(), t => Assert.Equal(Concord.Activations.ActivationStorage.Float16, t.Extraction.Storage));
        Assert.Empty(a.Tasks.OfType<ExtractTask>().Select(t => t.Id).Intersect(half.Tasks.OfType<ExtractTask>().Select(t => t.Id)));
        Assert.Equal(a.Tasks.OfType<ExtractTask>().Sum(t => t.EstimatedBytes!.Value), 2 * half.Tasks.OfType<ExtractTask>().Sum(t => t.EstimatedBytes!.Value));
    }

    [Fact]
    public void PaperPlanNeedsNoDataAndHasACriticalPathShorterThanTheWork()
    {
        var plan = PlanOf(Paper);                                // the NSynth folder does not exist here: the plan never reads it
        var c = ExperimentConfigLoader.Load(Paper);
        Assert.Equal(NetworkPlan.For(c).Count, plan.Tasks.OfType<TrainTask>().Count());
        var (critical, path) = plan.CriticalPath(t => t.EstimatedSeconds);
        double total = plan.Tasks.Sum(t => t.EstimatedSeconds);
        Assert.InRange(critical, path.Max(t => t.EstimatedSeconds), total * 0.5);
        Assert.Equal(StudyTaskKind.Prepare, path[0].Kind);
        Assert.Equal(StudyTaskKind.Collect, path[^1].Kind);
        Assert.True(plan.LevelCount >= 5);
    }

    [Fact]
    public void NearestIdsPreferTheSameKindAndPrefix()
    {
        var plan = PlanOf(Demo);
        var train = plan.Tasks.OfType<TrainTask>().First();
        var nearest = plan.Nearest(train.Id[..^2] + "zz");
        Assert.Equal(train.Id, nearest[0]);
        Assert.All(plan.Nearest("train-0000"), id => Assert.StartsWith("train-", id));
    }
}
