namespace Concord.Numerics;

/// <summary>Why <see cref="LbfgsMinimizer"/> stopped.</summary>
public enum LbfgsStop
{
    /// <summary>max |gᵢ| ≤ gradient tolerance (scipy L-BFGS-B's <c>gtol</c> test on the projected gradient).</summary>
    GradientTolerance,
    /// <summary>(f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ function tolerance (scipy's <c>factr·ε</c> test).</summary>
    FunctionTolerance,
    /// <summary>The iteration cap was reached before either test passed.</summary>
    MaxIterations,
    /// <summary>The line search found no acceptable step (usually rounding noise at the optimum).</summary>
    LineSearchFailed,
}

/// <summary>The outcome of an L-BFGS run.</summary>
/// <param name="Stop">Which test ended the run.</param>
/// <param name="Iterations">Accepted steps.</param>
/// <param name="FunctionEvaluations">Objective/gradient evaluations, line searches included.</param>
/// <param name="Objective">Final objective value.</param>
/// <param name="GradientMaxAbs">Final max |gᵢ|.</param>
public sealed record LbfgsReport(LbfgsStop Stop, int Iterations, int FunctionEvaluations, double Objective, double GradientMaxAbs)
{
    /// <summary>True when a tolerance test (not the cap, not a line-search failure) ended the run.</summary>
    public bool Converged => Stop is LbfgsStop.GradientTolerance or LbfgsStop.FunctionTolerance;
}

/// <summary>Settings of <see cref="LbfgsMinimizer"/>; defaults are scipy's L-BFGS-B defaults as sklearn calls it.</summary>
public sealed record LbfgsSettings
{
    public double GradientTolerance { get; init; } = 1e-4;
    public double FunctionTolerance { get; init; } = 1e7 * 2.220446049250313e-16;
    public int MaxIterations { get; init; } = 1000;
    /// <summary>Number of correction pairs kept (scipy <c>maxcor</c>).</summary>
    public int Memory { get; init; } = 10;
}

/// <summary>
/// Deterministic limited-memory BFGS (Nocedal &amp; Wright 2006, Alg. 7.4/7.5) with a strong-Wolfe line search
/// (Alg. 3.5/3.6, c₁ = 10⁻⁴, c₂ = 0.9, cubic interpolation). Unconstrained, so the projected gradient of L-BFGS-B is
/// the gradient; the stopping tests are the same as scipy's.
/// </summary>
public static class LbfgsMinimizer
{
    /// <summary>Minimises f starting from <paramref name="x"/> (updated in place).</summary>
    /// <param name="evaluate">Writes ∇f(x) into its second argument and returns f(x).</param>
    /// <param name="x">Start point; holds the minimiser on return.</param>
    /// <param name="settings">Tolerances, cap and memory.</param>
    /// <param name="cancellationToken">Checked once per iteration.</param>
    public static LbfgsReport Minimize(Func<double[], double[], double> evaluate, double[] x, LbfgsSettings settings, CancellationToken cancellationToken = default)
    {
        int n = x.Length, mem = settings.Memory;
        var g = new double[n];
        double f = evaluate(x, g);
        int evals = 1;
        var s = new double[mem][];
        var y = new double[mem][];
        var rho = new double[mem];
        int stored = 0, head = 0;
        var d = new double[n];
        var alphaBuf = new double[mem];
        var xNew = new double[n];
        var gNew = new double[n];
        for (int iter = 0; ; iter++)
        {
            double gmax = MaxAbs(g);
            if (gmax <= settings.GradientTolerance) return new(LbfgsStop.GradientTolerance, iter, evals, f, gmax);
            if (iter >= settings.MaxIterations) return new(LbfgsStop.MaxIterations, iter, evals, f, gmax);
            cancellationToken.ThrowIfCancellationRequested();

            // Two-loop recursion: d = −H g.
            for (int i = 0; i < n; i++) d[i] = -g[i];
            for (int k = 0; k < stored; k++)
            {
                int idx = (head - 1 - k + mem) % mem;
                double a = rho[idx] * Dot(s[idx], d);
                alphaBuf[idx] = a;
                Axpy(-a, y[idx], d);
            }
            double gamma;
            if (stored > 0)
            {
                int last = (head - 1 + mem) % mem;
                gamma = Dot(s[last], y[last]) / Dot(y[last], y[last]);
            }
            else gamma = 1.0 / Math.Max(Math.Sqrt(Dot(g, g)), 1e-300);   // first step of unit length, as L-BFGS-B
            for (int i = 0; i < n; i++) d[i] *= gamma;
            for (int k = stored - 1; k >= 0; k--)
            {
                int idx = (head - 1 - k + mem) % mem;
                double b = rho[idx] * Dot(y[idx], d);
                Axpy(alphaBuf[idx] - b, s[idx], d);
            }
            double dg = Dot(d, g);
            if (!(dg < 0))
            {
                // Not a descent direction (loss of positive definiteness): restart from steepest descent.
                stored = 0;
                gamma = 1.0 / Math.Max(Math.Sqrt(Dot(g, g)), 1e-300);
                for (int i = 0; i < n; i++) d[i] = -gamma * g[i];
                dg = Dot(d, g);
            }

            var (ok, _, fNew, used) = LineSearch(evaluate, x, f, g, d, dg, xNew, gNew);
            evals += used;
            if (!ok) return new(LbfgsStop.LineSearchFailed, iter, evals, f, gmax);

            var sv = s[head] ??= new double[n];
            var yv = y[head] ??= new double[n];
            for (int i = 0; i < n; i++) { sv[i] = xNew[i] - x[i]; yv[i] = gNew[i] - g[i]; }
            double sy = Dot(sv, yv);
            if (sy > 0)   // curvature condition; skip the pair otherwise
            {
                rho[head] = 1.0 / sy;
                head = (head + 1) % mem;
                stored = Math.Min(stored + 1, mem);
            }
            double fOld = f;
            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            f = fNew;
            if ((fOld - f) / Math.Max(Math.Max(Math.Abs(fOld), Math.Abs(f)), 1.0) <= settings.FunctionTolerance)
                return new(LbfgsStop.FunctionTolerance, iter + 1, evals, f, MaxAbs(g));
        }
    }

    private static (bool Ok, double Step, double F, int Evals) LineSearch(Func<double[], double[], double> evaluate,
        double[] x, double f0, double[] g0, double[] d, double dg0, double[] xNew, double[] gNew)
    {
        const double c1 = 1e-4, c2 = 0.9;
        const int maxEvals = 40;
        int evals = 0;
        double aPrev = 0, fPrev = f0, dgPrev = dg0;
        double a = 1.0;
        double Eval(double step, out double dgStep)
        {
            for (int i = 0; i < x.Length; i++) xNew[i] = x[i] + step * d[i];
            double fv = evaluate(xNew, gNew);
            evals++;
            dgStep = Dot(gNew, d);
            return fv;
        }
        for (int i = 0; evals < maxEvals; i++)
        {
            double fa = Eval(a, out double dga);
            if (!double.IsFinite(fa)) { a = 0.5 * (aPrev + a); continue; }
            if (fa > f0 + c1 * a * dg0 || (i > 0 && fa >= fPrev))
                return Zoom(aPrev, fPrev, dgPrev, a, fa, dga);
            if (Math.Abs(dga) <= -c2 * dg0) return (true, a, fa, evals);
            if (dga >= 0) return Zoom(a, fa, dga, aPrev, fPrev, dgPrev);
            aPrev = a; fPrev = fa; dgPrev = dga;
            a *= 2;
        }
        return (false, 0, f0, evals);

        (bool, double, double, int) Zoom(double lo, double flo, double dglo, double hi, double fhi, double dghi)
        {
            while (evals < maxEvals)
            {
                double aj = CubicMin(lo, flo, dglo, hi, fhi, dghi);
                double lo2 = Math.Min(lo, hi), hi2 = Math.Max(lo, hi), w = hi2 - lo2;
                if (!(aj > lo2 + 0.1 * w && aj < hi2 - 0.1 * w)) aj = 0.5 * (lo + hi);
                double fj = Eval(aj, out double dgj);
                if (fj > f0 + c1 * aj * dg0 || fj >= flo) { hi = aj; fhi = fj; dghi = dgj; }
                else
                {
                    if (Math.Abs(dgj) <= -c2 * dg0) return (true, aj, fj, evals);
                    if (dgj * (hi - lo) >= 0) { hi = lo; fhi = flo; dghi = dglo; }
                    lo = aj; flo = fj; dglo = dgj;
                }
                if (Math.Abs(hi - lo) <= 1e-16 * Math.Max(1, Math.Abs(lo))) break;
            }
            // Accept the best sufficient-decrease point found, if any (rounding noise near the optimum).
            if (lo > 0 && flo < f0)
            {
                double fv = Eval(lo, out _);
                return (true, lo, fv, evals);
            }
            return (false, 0, f0, evals);
        }
    }

    private static double CubicMin(double a, double fa, double ga, double b, double fb, double gb)
    {
        double d1 = ga + gb - 3 * (fa - fb) / (a - b);
        double disc = d1 * d1 - ga * gb;
        if (disc < 0) return double.NaN;
        double d2 = Math.Sign(b - a) * Math.Sqrt(disc);
        return b - (b - a) * (gb + d2 - d1) / (gb - ga + 2 * d2);
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static void Axpy(double alpha, double[] x, double[] y)
    {
        for (int i = 0; i < x.Length; i++) y[i] += alpha * x[i];
    }

    private static double MaxAbs(double[] a)
    {
        double m = 0;
        foreach (var v in a) m = Math.Max(m, Math.Abs(v));
        return m;
    }
}
