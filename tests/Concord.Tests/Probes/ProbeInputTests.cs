using Concord.IO;
using Concord.Numerics;
using Concord.Probes;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Probes;

public class ProbeInputTests
{
    private static Matrix Small(int rows, int cols, int seed = 1)
    {
        var rng = new Random(seed);
        var m = new Matrix(rows, cols);
        for (int i = 0; i < m.Data.Length; i++) m.Data[i] = (float)rng.NextDouble();
        return m;
    }

    private static readonly ProbeRunner Runner = new(new ProbeOptions());

    [Fact]
    public void MismatchedRowsAreRejected()
    {
        var ex = Assert.Throws<ConcordException>(() => Runner.Classify(Small(10, 3), [0, 1, 0, 1, 0, 1, 0, 1, 0], Small(4, 3), [0, 1, 0, 1]));
        Assert.Contains("10 rows but there are 9 training labels", ex.Message);
        Assert.Throws<ConcordException>(() => Runner.Regress(Small(10, 3), new double[10], Small(4, 2), new double[4]));
    }

    [Fact]
    public void NonFiniteValueNamesRowAndColumn()
    {
        var x = Small(6, 4);
        x[3, 2] = float.NaN;
        var ex = Assert.Throws<ConcordException>(() => Runner.Classify(x, [0, 1, 0, 1, 0, 1], Small(2, 4), [0, 1]));
        Assert.Contains("row 3, column 2", ex.Message);
        using var dir = new TempDir();
        var data = new float[12];
        data[7] = float.PositiveInfinity;
        Npy.Write(dir.File("bad.npy"), data, 3, 4);
        var ex2 = Assert.Throws<ConcordException>(() => ProbeData.LoadFeatures(dir.File("bad.npy")));
        Assert.Contains("bad.npy", ex2.Message);
        Assert.Contains("row 1, column 3", ex2.Message);
    }

    [Fact]
    public void SelectedRowsAreReadAloneAndNamedByTheirRowInTheFile()
    {
        using var dir = new TempDir();
        var m = Small(7, 5, seed: 3);
        Npy.Write(dir.File("x.npy"), m.Data, 7, 5);
        int[] rows = [6, 0, 3, 3];
        var got = ProbeData.LoadFeatures(dir.File("x.npy"), rows);
        Assert.Equal((4, 5), (got.Rows, got.Cols));
        Assert.Equal(m.SelectRows(rows).Data, got.Data);
        Assert.Contains("has 7 rows; row 7 was asked for", Assert.Throws<ConcordException>(() => ProbeData.LoadFeatures(dir.File("x.npy"), [1, 7])).Message);
        m[5, 2] = float.NaN;
        Npy.Write(dir.File("bad.npy"), m.Data, 7, 5);
        ProbeData.LoadFeatures(dir.File("bad.npy"), [0, 6]);                       // the bad row is not read
        var ex = Assert.Throws<ConcordException>(() => ProbeData.LoadFeatures(dir.File("bad.npy"), [0, 5]));
        Assert.Contains("bad.npy", ex.Message);
        Assert.Contains("row 5, column 2", ex.Message);
    }

    [Fact]
    public void OneClassOnlyIsRejected()
    {
        var ex = Assert.Throws<ConcordException>(() => Runner.Classify(Small(5, 2), [4, 4, 4, 4, 4], Small(2, 2), [4, 4]));
        Assert.Contains("only one class", ex.Message);
    }

    [Fact]
    public void EmptyMatrixIsRejected()
    {
        Assert.Throws<ConcordException>(() => Runner.Classify(new Matrix(0, 3), [], Small(2, 3), [0, 1]));
        using var dir = new TempDir();
        Npy.Write(dir.File("empty.npy"), ReadOnlySpan<float>.Empty, 0, 5);
        var ex = Assert.Throws<ConcordException>(() => ProbeData.LoadFeatures(dir.File("empty.npy")));
        Assert.Contains("empty.npy", ex.Message);
        Assert.Contains("empty matrix", ex.Message);
    }

    [Fact]
    public void NonNpyFileIsRejectedNamingIt()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("x.csv"), "1,2,3\n4,5,6\n");
        var ex = Assert.Throws<ConcordException>(() => ProbeData.LoadFeatures(dir.File("x.csv")));
        Assert.Contains("x.csv", ex.Message);
        Assert.DoesNotContain("\n", ex.Message);
    }

    [Fact]
    public void HigherRankArraysAreFlattenedInCOrder()
    {
        using var dir = new TempDir();
        var data = Enumerable.Range(0, 24).Select(i => (float)i).ToArray();
        Npy.Write(dir.File("t.npy"), data, 2, 3, 4);
        var m = ProbeData.LoadFeatures(dir.File("t.npy"));
        Assert.Equal((2, 12), (m.Rows, m.Cols));
        Assert.Equal(12f + 1 * 4 + 3, m[1, 7]);   // element [1, 1, 3]
    }

    [Fact]
    public void FractionalClassLabelIsRejected()
    {
        using var dir = new TempDir();
        Npy.Write(dir.File("y.npy"), [0.0, 1.0, 2.5], 3);
        var ex = Assert.Throws<ConcordException>(() => ProbeData.LoadLabels(dir.File("y.npy")));
        Assert.Contains("row 2", ex.Message);
    }

    [Fact]
    public void UnseenTestLabelsCountAsErrorsByDefaultAndCanBeRejected()
    {
        // Train classes {0, 1}, separable on column 0; the test set adds class 7, which no probe can predict.
        var train = Matrix.FromRows(Enumerable.Range(0, 20).Select(i => new[] { i % 2 == 0 ? -1f - i * 0.01f : 1f + i * 0.01f, 0.5f }).ToList());
        int[] trainY = Enumerable.Range(0, 20).Select(i => i % 2).ToArray();
        var test = Matrix.FromRows([[-1f, 0.5f], [1f, 0.5f], [1.2f, 0.5f], [-0.9f, 0.5f]]);
        int[] testY = [0, 1, 7, 7];
        var eval = Runner.Classify(train, trainY, test, testY);
        Assert.Equal(2, eval.UnseenTestLabels);
        Assert.Equal(0.5, eval.TestScore);
        Assert.Contains(7, eval.Confusion!.Labels);
        var strict = new ProbeRunner(new ProbeOptions { UnseenLabels = UnseenLabelPolicy.Reject });
        var ex = Assert.Throws<ConcordException>(() => strict.Classify(train, trainY, test, testY));
        Assert.Contains("label 7", ex.Message);
    }
}
