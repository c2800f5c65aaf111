using System.Text.Json;
using Concord.IO;
using Concord.Numerics;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Probes;

/// <summary>Reads the committed fixtures written by tests/reference/make_probes.py.</summary>
internal static class ProbeFixtures
{
    public static JsonElement Json(string name) =>
        JsonDocument.Parse(File.ReadAllText(TestPaths.Reference("probes", name + ".json"))).RootElement;

    public static Matrix Features(string name)
    {
        var a = Npy.Read<float>(TestPaths.Reference("probes", name + ".npy"));
        return new Matrix(a.Data, (int)a.Rows, (int)a.RowLength);
    }

    public static long[] Longs(string name) => Npy.Read<long>(TestPaths.Reference("probes", name + ".npy")).Data;
    public static int[] Ints(string name) => Array.ConvertAll(Longs(name), v => (int)v);
    public static double[] Doubles(string name) => Npy.Read<double>(TestPaths.Reference("probes", name + ".npy")).Data;
    public static float[] Floats(string name) => Npy.Read<float>(TestPaths.Reference("probes", name + ".npy")).Data;

    public static double[] Vector(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();
    public static double[] Flat(JsonElement e) => e.EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetDouble())).ToArray();

    public static T[] Take<T>(T[] a, int start, int count) => a.AsSpan(start, count).ToArray();

    public static Matrix RowsOf(Matrix m, int start, int count) => m.SelectRows(Enumerable.Range(start, count).ToArray());

    /// <summary>The wavelet_mean_w25 split: raw train/test features and family labels.</summary>
    public static (Matrix Train, Matrix Test, int[] TrainIndex, int[] TestIndex) Wavelet()
    {
        var x = Features("wavelet_mean_w25");
        var tr = Ints("wavelet_train_index");
        var te = Ints("wavelet_test_index");
        return (x.SelectRows(tr), x.SelectRows(te), tr, te);
    }

    /// <summary>‖a − e‖₂ / ‖e‖₂.</summary>
    public static double RelativeError(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double num = 0, den = 0;
        for (int i = 0; i < expected.Length; i++) { num += (actual[i] - expected[i]) * (actual[i] - expected[i]); den += expected[i] * expected[i]; }
        return Math.Sqrt(num / den);
    }
}
