using Concord.Numerics;

namespace Concord.Tests.Probes;

public class LbfgsMinimizerTests
{
    [Fact]
    public void FindsTheRosenbrockMinimum()
    {
        // f = (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1); a classic curved valley for quasi-Newton methods.
        double F(double[] p, double[] g)
        {
            double x = p[0], y = p[1];
            g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
            g[1] = 200 * (y - x * x);
            return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
        }
        var p = new[] { -1.2, 1.0 };
        var r = LbfgsMinimizer.Minimize(F, p, new LbfgsOptions { GradientTolerance = 1e-8, FunctionTolerance = 0 });
        Assert.Equal(LbfgsStop.GradientTolerance, r.Stop);
        Assert.Equal(1.0, p[0], 1e-6);
        Assert.Equal(1.0, p[1], 1e-6);
    }

    [Fact]
    public void ReportsTheIterationCap()
    {
        double F(double[] p, double[] g) { g[0] = 2 * (p[0] - 3); g[1] = 20 * (p[1] + 1); return (p[0] - 3) * (p[0] - 3) + 10 * (p[1] + 1) * (p[1] + 1); }
        var r = LbfgsMinimizer.Minimize(F, [0.0, 0.0], new LbfgsOptions { MaxIterations = 1, GradientTolerance = 0, FunctionTolerance = 0 });
        Assert.Equal(LbfgsStop.MaxIterations, r.Stop);
        Assert.False(r.Converged);
    }
}
