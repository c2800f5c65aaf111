using Concord.Probes;

namespace Concord.Tests.Probes;

public class PaperSgdTests
{
    [Fact]
    public void SeededInitialisationEqualsTorchNnLinear()
    {
        var w0 = ProbeFixtures.Floats("paper_sgd_wavelet_w0");
        var b0 = ProbeFixtures.Floats("paper_sgd_wavelet_b0");
        var (w, b) = TorchLinearInit.Create(128, 8, 1);
        Assert.Equal(w0, w);   // bit-exact: torch.manual_seed(1); nn.Linear(128, 8)
        Assert.Equal(b0, b);
    }

    [Fact]
    public void HundredEpochsMatchTorchReimplementation()
    {
        var xtr = ProbeFixtures.Features("paper_sgd_wavelet_xtrain");
        var xte = ProbeFixtures.Features("paper_sgd_wavelet_xtest");
        var ytr = ProbeFixtures.Ints("paper_sgd_wavelet_ytrain");
        var yte = ProbeFixtures.Ints("paper_sgd_wavelet_ytest");
        var j = ProbeFixtures.Json("paper_sgd_wavelet").GetProperty("final");
        var fit = new LogisticProbe(new LogisticProbeOptions { Solver = LogisticSolver.PaperSgd }).Fit(xtr, ytr, xte, yte);
        var f = fit.Sgd!.Final;
        Assert.Equal(100, f.Epoch);
        // Acceptance: 1e-4 in final-epoch accuracy and loss (float32, different summation order from torch's sgemm).
        Assert.InRange(Math.Abs(f.TrainLoss - j.GetProperty("train_loss").GetDouble()), 0, 1e-4);
        Assert.InRange(Math.Abs(f.TestLoss - j.GetProperty("test_loss").GetDouble()), 0, 1e-4);
        Assert.InRange(Math.Abs(f.TrainAccuracy - j.GetProperty("train_accuracy").GetDouble()), 0, 1e-4);
        Assert.InRange(Math.Abs(f.TestAccuracy - j.GetProperty("test_accuracy").GetDouble()), 0, 1e-4);
        var wEnd = ProbeFixtures.Floats("paper_sgd_wavelet_w");
        double rel = ProbeFixtures.RelativeError(Array.ConvertAll(wEnd, v => (double)v), fit.Coefficients);
        Assert.True(rel < 1e-4, $"final weights differ by {rel:E2} relative");
    }

    [Fact]
    public void InitialWeightOverrideIsUsed()
    {
        var xtr = ProbeFixtures.Features("paper_sgd_wavelet_xtrain");
        var ytr = ProbeFixtures.Ints("paper_sgd_wavelet_ytrain");
        var opts = new LogisticProbeOptions { Solver = LogisticSolver.PaperSgd, PaperSgd = new PaperSgdOptions { Epochs = 1 } };
        var seeded = new LogisticProbe(opts).Fit(xtr, ytr);
        var overridden = new LogisticProbe(opts).Fit(xtr, ytr, initialWeights: (ProbeFixtures.Floats("paper_sgd_wavelet_w0"), ProbeFixtures.Floats("paper_sgd_wavelet_b0")));
        Assert.Equal(seeded.Coefficients, overridden.Coefficients);
        var zero = new LogisticProbe(opts).Fit(xtr, ytr, initialWeights: (new float[8 * 128], new float[8]));
        Assert.NotEqual(seeded.Coefficients, zero.Coefficients);
    }
}
