using Concord.Features;
using Concord.IO;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Features;

/// <summary>External features are aligned to the dataset by example id, whatever their row order, and every
/// mismatch is a one-line error naming the file and the id, row or column.</summary>
public sealed class ExternalFeaturesTests
{
    private static readonly string[] DatasetIds = ["n0", "n1", "n2", "n3"];

    private static ExternalFeature Write(TempDir dir, double[] data, long[] shape, string[] ids)
    {
        string npy = dir.File("f.npy"), csv = dir.File("ids.csv");
        Npy.Write<double>(npy, data, shape);
        File.WriteAllText(csv, "id\n" + string.Join('\n', ids) + "\n");
        return new ExternalFeature("mfcc_mean", npy, csv);
    }

    [Fact]
    public void RowsAreReorderedToTheDatasetsIds()
    {
        using var dir = new TempDir();
        // rows given in the order n2, n0, n3, n1; value = 10·example + column
        var f = Write(dir, [20, 21, 0, 1, 30, 31, 10, 11], [4, 2], ["n2", "n0", "n3", "n1"]);
        var (data, width) = ExternalFeatures.Align(f, DatasetIds);
        Assert.Equal(2, width);
        Assert.Equal([0f, 1, 10, 11, 20, 21, 30, 31], data);
    }

    [Theory]
    [InlineData("missing", "ids.csv: field 'id': dataset example 'n3' is missing")]
    [InlineData("extra", "id 'zz' is not in the dataset")]
    [InlineData("duplicate", "duplicate id 'n1'")]
    [InlineData("rows", "f.npy: 5 rows but ")]
    [InlineData("nan", "f.npy: row 2, column 1: NaN")]
    [InlineData("inf", "f.npy: row 0, column 0: an infinite value")]
    [InlineData("dtype", "f.npy: dtype |b1 is not numeric")]
    public void MismatchesAreOneLineErrors(string kind, string expected)
    {
        using var dir = new TempDir();
        double[] data = [0, 1, 2, 3, 4, 5, 6, 7];
        string[] ids = ["n0", "n1", "n2", "n3"];
        long[] shape = [4, 2];
        switch (kind)
        {
            case "missing": ids = ["n0", "n1", "n2", "n2b"]; break;
            case "extra": ids = ["n0", "n1", "n2", "n3", "zz"]; data = [.. data, 8, 9]; shape = [5, 2]; break;
            case "duplicate": ids = ["n0", "n1", "n2", "n1"]; break;
            case "rows": data = [.. data, 8, 9]; shape = [5, 2]; break;
            case "nan": data[5] = double.NaN; break;
            case "inf": data[0] = double.PositiveInfinity; break;
        }
        var f = Write(dir, data, shape, ids);
        if (kind == "dtype") Npy.Write<bool>(f.Npy, new bool[8], 4, 2);
        var ex = Assert.Throws<ConcordException>(() => ExternalFeatures.Align(f, DatasetIds));
        Assert.Contains(expected, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
