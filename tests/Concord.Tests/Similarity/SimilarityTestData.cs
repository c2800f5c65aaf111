using System.Text.Json;
using Concord.Similarity;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Similarity;

/// <summary>Committed fixtures from tests/reference/make_similarity.py and seeded synthetic matrices.</summary>
internal static class SimilarityTestData
{
    public static Representation Load(string name) => Representation.Load(TestPaths.Reference("similarity", name + ".npy"));

    public static JsonElement Golden(string section)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.Reference("similarity", "golden.json")));
        return doc.RootElement.GetProperty(section).Clone();
    }

    public static double G(this JsonElement e, params string[] path)
    {
        foreach (var p in path) e = e.GetProperty(p);
        return e.GetDouble();
    }

    /// <summary>Seeded uniform values in [−0.5, 0.5) clipped at 0 (half the entries zero, like ReLU activations).</summary>
    public static Representation Relu(int rows, int columns, int seed)
    {
        var rng = new Random(seed);
        var data = new double[rows * columns];
        for (int i = 0; i < data.Length; i++) data[i] = Math.Max(0, rng.NextDouble() - 0.5);
        return Representation.FromRows(data, rows, columns);
    }

    /// <summary>Seeded Gaussian matrix (Box–Muller) with column offsets, row-major.</summary>
    public static double[] Gaussian(int rows, int cols, int seed, double offset = 0)
    {
        var rng = new Random(seed);
        var a = new double[rows * cols];
        for (int i = 0; i < a.Length; i++)
            a[i] = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()) + offset * (i % cols);
        return a;
    }

    public static Representation Random(int rows, int cols, int seed, string name = "r") =>
        Representation.FromRows(Gaussian(rows, cols, seed, 0.5), rows, cols, name);

    /// <summary>A (rows × k) · B (k × cols), row-major.</summary>
    public static double[] Multiply(double[] a, int rows, int k, double[] b, int cols)
    {
        var c = new double[rows * cols];
        for (int i = 0; i < rows; i++) for (int t = 0; t < k; t++) { double v = a[i * k + t]; for (int j = 0; j < cols; j++) c[i * cols + j] += v * b[t * cols + j]; }
        return c;
    }

    /// <summary>A random orthogonal matrix from Gram–Schmidt on a seeded Gaussian one.</summary>
    public static double[] Orthogonal(int p, int seed)
    {
        var q = Gaussian(p, p, seed);
        for (int j = 0; j < p; j++)
        {
            for (int k = 0; k < j; k++)
            {
                double d = 0; for (int i = 0; i < p; i++) d += q[i * p + j] * q[i * p + k];
                for (int i = 0; i < p; i++) q[i * p + j] -= d * q[i * p + k];
            }
            double nrm = 0; for (int i = 0; i < p; i++) nrm += q[i * p + j] * q[i * p + j];
            nrm = Math.Sqrt(nrm); for (int i = 0; i < p; i++) q[i * p + j] /= nrm;
        }
        return q;
    }
}
