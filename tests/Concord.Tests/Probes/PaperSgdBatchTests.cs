using Concord.Numerics;
using Concord.Probes;

namespace Concord.Tests.Probes;

/// <summary>
/// Issue 13 §2: paper-SGD probes of one design trained together (weights stacked into one [ΣK, d] matrix) equal the
/// same probes trained one by one, bit for bit: weights, biases, every epoch's history and the predictions.
/// </summary>
public class PaperSgdBatchTests
{
    // d = 37 is not a multiple of any SIMD width, n_train = 203 not a multiple of the batch size 16.
    private const int D = 37, NTrain = 203, NTest = 61, Batch = 16, Epochs = 6;

    /// <summary>Class-mean-plus-noise features: each task's labels shift a few columns, so every probe learns something.</summary>
    private static (Matrix Train, Matrix Test, int[][] TrainY, int[][] TestY) Data(int[] classCounts)
    {
        var rng = new Random(5);
        int n = NTrain + NTest;
        var y = classCounts.Select(k => Enumerable.Range(0, n).Select(_ => rng.Next(k)).ToArray()).ToArray();
        var x = new float[n * D];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < D; j++)
                x[i * D + j] = (float)(rng.NextDouble() * 2 - 1) + 0.3f * y[j % y.Length][i] * ((j * 7 % 5) - 2);
        var all = new Matrix(x, n, D);
        var train = all.SelectRows(Enumerable.Range(0, NTrain).ToArray());
        var test = all.SelectRows(Enumerable.Range(NTrain, NTest).ToArray());
        var trainY = y.Select(v => v[..NTrain]).ToArray();
        var testY = y.Select(v => v[NTrain..]).ToArray();
        // The second task's test split holds a label that training never saw.
        testY[1][3] = 99;
        return (train, test, trainY, testY);
    }

    private static LogisticProbeOptions Options(bool doubleSoftmax) => new()
    {
        Solver = LogisticSolver.PaperSgd,
        PaperSgd = new PaperSgdOptions { Epochs = Epochs, BatchSize = Batch, LearningRate = 0.05, Seed = 3, DoubleSoftmax = doubleSoftmax },
    };

    [Theory]
    [InlineData(true, new[] { 2, 5, 11 })]
    [InlineData(false, new[] { 2, 5, 11 })]
    [InlineData(true, new[] { 11, 2, 5, 3 })]   // other offsets in the stacked matrix: a probe's rows fall in other groups of four
    public void BatchedProbesEqualProbesFittedOneByOne(bool doubleSoftmax, int[] classCounts)
    {
        var (train, test, trainY, testY) = Data(classCounts);
        int?[] seeds = [1, 7, null, 23];
        var targets = trainY.Select((y, m) => new ClassificationTarget { Labels = y, TestLabels = testY[m], Seed = seeds[m] }).ToList();
        var probe = new LogisticProbe(Options(doubleSoftmax));
        var batched = probe.Fit(train, targets, test);
        Assert.Equal(targets.Count, batched.Count);
        for (int m = 0; m < targets.Count; m++)
        {
            var alone = new LogisticProbe(Options(doubleSoftmax) with { PaperSgd = Options(doubleSoftmax).PaperSgd with { Seed = seeds[m] ?? 3 } })
                .Fit(train, trainY[m], test, testY[m]);
            Assert.Equal(classCounts[m], batched[m].Classes.Count);
            Assert.Equal(alone.Coefficients, batched[m].Coefficients);
            Assert.Equal(alone.Intercepts, batched[m].Intercepts);
            Assert.Equal(alone.Sgd!.History, batched[m].Sgd!.History);
            Assert.Equal(alone.Predict(test), batched[m].Predict(test));
            Assert.Equal(alone.Predict(train), batched[m].Predict(train));
        }
        // The unseen test label is counted wrong and left out of the loss, in the batch as alone.
        Assert.All(batched[1].Sgd!.History, e => Assert.True(e.TestAccuracy < 1 && double.IsFinite(e.TestLoss)));
        // The probes did train and the seeds were used: the first epoch's loss differs from the last, and seeds 1 and 7
        // start the two-class probe differently from the options' seed 3.
        Assert.NotEqual(batched[0].Sgd!.History[0].TrainLoss, batched[0].Sgd!.Final.TrainLoss);
        var seedThree = probe.Fit(train, [targets[0] with { Seed = null }], test);
        Assert.NotEqual(seedThree[0].Coefficients, batched[0].Coefficients);
    }

    [Fact]
    public void RunnerClassifiesSeveralTasksOnOneDesignAsOneByOne()
    {
        var (train, test, trainY, testY) = Data([2, 5, 11]);
        var runner = new ProbeRunner(new ProbeOptions { Logistic = Options(doubleSoftmax: true), Standardization = StandardizationMode.TestSelf });
        var design = runner.Prepare(train, test);
        var targets = trainY.Select((y, m) => new ClassificationTarget { Labels = y, TestLabels = testY[m] }).ToList();
        var batched = runner.Classify(design, targets);
        for (int m = 0; m < targets.Count; m++)
        {
            var alone = runner.Classify(design, trainY[m], testY[m]);
            Assert.Equal(alone.TestScore, batched[m].TestScore);
            Assert.Equal(alone.TrainScore, batched[m].TrainScore);
            Assert.Equal(alone.MacroF1, batched[m].MacroF1);
            Assert.Equal(alone.Baseline, batched[m].Baseline);
            Assert.Equal(alone.Confusion!.Counts.SelectMany(r => r), batched[m].Confusion!.Counts.SelectMany(r => r));
            Assert.Equal(alone.Sgd!.History, batched[m].Sgd!.History);
            Assert.Equal(m == 1 ? 1 : 0, batched[m].UnseenTestLabels);
        }
        Assert.Throws<ArgumentException>(() => runner.Classify(design, [targets[0] with { TestLabels = null }]));
    }
}
