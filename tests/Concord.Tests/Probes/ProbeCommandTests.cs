using System.Text.Json;
using Concord.Cli;
using Concord.Cli.Commands;
using Concord.IO;
using Concord.Probes;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Probes;

public class ProbeCommandTests
{
    private static int Run(params string[] args) => CliSetup.Run(args);

    private static string[] WriteInputs(TempDir dir)
    {
        var x = ProbeFixtures.Features("planted_logistic_x");
        var y = ProbeFixtures.Longs("planted_logistic_y");
        Npy.Write(dir.File("a.npy"), x.Data.AsSpan(0, 300 * 20), 300, 4, 5);   // rank 3: flattened to [300, 20]
        Npy.Write(dir.File("b.npy"), x.Data.AsSpan(300 * 20), 200, 20);
        Npy.Write(dir.File("ya.npy"), y.AsSpan(0, 300), 300);
        Npy.Write(dir.File("yb.npy"), y.AsSpan(300), 200);
        return ["probe", "--train-x", dir.File("a.npy"), "--train-y", dir.File("ya.npy"), "--test-x", dir.File("b.npy"), "--test-y", dir.File("yb.npy")];
    }

    [Fact]
    public void ProbeRunsOnNpyInputs()
    {
        using var dir = new TempDir();
        var args = WriteInputs(dir);
        Assert.Equal(0, Run(args));
        Assert.Equal(0, Run([.. args, "--kind", "linear", "--json"]));
        Assert.Equal(0, Run([.. args, "--solver", "paper-sgd", "--standardize", "test-self"]));
        Assert.Equal(0, Run([.. args, "--c", "0.5"]));
    }

    [Fact]
    public void BadInputsGiveExitCodeOneAndBadOptionsUsageErrors()
    {
        using var dir = new TempDir();
        var args = WriteInputs(dir);
        File.WriteAllText(dir.File("notnpy.npy"), "hello");
        var bad = (string[])args.Clone();
        bad[2] = dir.File("notnpy.npy");
        Assert.Equal(CliSetup.ExitCodes.UserError, Run(bad));
        Assert.NotEqual(0, Run([.. args, "--solver", "adam"]));
        Assert.NotEqual(0, Run([.. args, "--c", "-1"]));
    }

    [Fact]
    public void JsonCarriesTheMetricBaselineAndShape()
    {
        var x = ProbeFixtures.Features("planted_logistic_x");
        var y = ProbeFixtures.Ints("planted_logistic_y");
        var e = new ProbeRunner(new ProbeOptions()).Classify(ProbeFixtures.RowsOf(x, 0, 300), y[..300], ProbeFixtures.RowsOf(x, 300, 200), y[300..]);
        var j = JsonDocument.Parse(ProbeCommand.ToJson(e)).RootElement;
        Assert.Equal(e.TestScore, j.GetProperty("test").GetDouble());
        Assert.Equal(e.Baseline, j.GetProperty("baseline").GetDouble());
        Assert.Equal(300, j.GetProperty("n_train").GetInt32());
        Assert.Equal(20, j.GetProperty("d").GetInt32());
        Assert.True(j.GetProperty("convergence").GetProperty("converged").GetBoolean());
    }
}
