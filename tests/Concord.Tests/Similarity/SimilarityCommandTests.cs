using System.Text.Json;
using Concord.Cli;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Similarity;

public class SimilarityCommandTests
{
    private static int Run(params string[] args) => CliSetup.Run(args);

    [Fact]
    public void WritesReportWithGoldenCkaAndPermutationPValue()
    {
        using var t = new TempDir();
        string x = TestPaths.Reference("similarity", "kornblith_x.npy"), y = TestPaths.Reference("similarity", "kornblith_y.npy");
        int rc = Run("similarity", "--x", x, "--y", y, "--measure", "all", "--permutations", "49", "--seed", "2", "--out", t.File("r.json"));
        Assert.Equal(0, rc);
        using var doc = JsonDocument.Parse(File.ReadAllText(t.File("r.json")));
        var root = doc.RootElement;
        Assert.Equal(0.55761, root.GetProperty("LinearCka").GetProperty("Biased").GetDouble(), 5);
        Assert.Equal(0.02, root.GetProperty("Permutation").GetProperty("PBiased").GetDouble(), 12);
        Assert.Equal(10, root.GetProperty("Cca").GetProperty("Denominator").GetInt32());
    }

    [Fact]
    public void BadInputGivesExitCodeOne()
    {
        using var t = new TempDir();
        string x = TestPaths.Reference("similarity", "kornblith_x.npy"), y = TestPaths.Reference("similarity", "study_y.npy");
        Assert.Equal(1, Run("similarity", "--x", x, "--y", y, "--out", t.File("r.json")));
        Assert.False(File.Exists(t.File("r.json")));
        Assert.Equal(1, Run("similarity", "--x", x, "--y", t.File("missing.npy")));
    }
}
