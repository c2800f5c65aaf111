using Concord.Experiments;

namespace Concord.Tests.Experiments;

public class FindingsEvaluatorTests
{
    private static IReadOnlyList<Finding> Eval(StudyResults r) => new FindingsEvaluator(new FindingsCriteria()).Evaluate(r);

    [Fact]
    public void AllFiveHoldOnTheSample()
    {
        var f = Eval(SampleStudy.Create());
        Assert.Equal([1, 2, 3, 4, 5], f.Select(x => x.Number));
        Assert.All(f, x => Assert.True(x.Status == FindingStatus.Holds, $"finding {x.Number}: {x.Status}: {x.Evidence}"));
        Assert.Contains("wave25", f[0].Evidence);
        Assert.Contains("0.850", f[4].Evidence);
    }

    [Fact]
    public void ContradictingNumbersDoNotHold()
    {
        // Seeds nearly identical (finding 5) and conv3 more similar than early layers (finding 3).
        var f = Eval(SampleStudy.Create(seedCka: 0.99, conv3Cka: 0.95));
        Assert.Equal(FindingStatus.DoesNotHold, f[2].Status);
        Assert.Equal(FindingStatus.DoesNotHold, f[4].Status);
    }

    [Fact]
    public void DeepWorseThanHandcraftedFailsFindingOne()
    {
        var r = SampleStudy.Create();
        r = r with { Probes = r.Probes.Select(p => p.Source.Kind == RepresentationKind.Deep && p.Experiment == ExperimentIds.Decoding ? p with { Test = 40 } : p).ToList() };
        Assert.Equal(FindingStatus.DoesNotHold, Eval(r)[0].Status);
    }

    [Fact]
    public void EmptyRunIsNotMeasuredEverywhere()
    {
        var r = new StudyResults { Run = SampleStudy.Create().Run };
        var f = Eval(r);
        Assert.All(f, x => Assert.Equal(FindingStatus.NotMeasured, x.Status));
        Assert.All(f, x => Assert.False(string.IsNullOrWhiteSpace(x.Evidence)));
    }

    [Fact]
    public void CriteriaValidateRejectsBadThresholds()
    {
        var errors = new FindingsCriteria { SeedsDifferBelow = 1.5, RobustnessRmseRatio = 0.5 }.Validate().ToList();
        Assert.Equal(2, errors.Count);
    }
}
