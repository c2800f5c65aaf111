using Concord.Numerics;

namespace Concord.Probes;

/// <summary>
/// The part of a least-squares probe that depends on the design only: the training column means and a factorisation
/// of the centred design. Every regression target of one design shares it, and each target's fit is exactly the one
/// it would get on its own. A wide design (d ≥ n) whose rank is provably n − 1 is solved through its Gram matrix
/// (<see cref="CentredGramSolve"/>); any other design, or a fit whose cutoff or ridge penalty that proof does not
/// cover, uses the QR + SVD of <see cref="MinimumNormLeastSquares.Factor(double[], int, int, StorageOrder, int)"/>.
/// </summary>
public sealed class LeastSquaresDesign
{
    private readonly double[] _mean;
    private readonly CentredGramSolve? _gram;
    private readonly Lazy<MinimumNormLeastSquares.Factorisation> _factors;
    private readonly int _columns;

    private LeastSquaresDesign(double[] mean, int rows, CentredGramSolve? gram, Lazy<MinimumNormLeastSquares.Factorisation> factors)
    {
        _mean = mean;
        _columns = mean.Length;
        Rows = rows;
        _gram = gram;
        _factors = factors;
    }

    /// <summary>Training rows of the design.</summary>
    public int Rows { get; }

    /// <summary>Whether fits with the default cutoff and no ridge penalty take the Gram-matrix path.</summary>
    public bool ProvenFullRank => _gram is not null;

    /// <summary>On the Gram path, the proven lower bound on σ_min/σ_max over the non-null directions; otherwise null.</summary>
    public double? ProvenRatio => _gram?.Ratio;

    /// <summary>Centres <paramref name="x"/> with its column means (double) and factors it.</summary>
    /// <param name="x">The (standardised) training design [n, d].</param>
    /// <param name="workers">Threads for the factorisation.</param>
    public static LeastSquaresDesign Of(Matrix x, int workers)
    {
        int n = x.Rows, d = x.Cols;
        var mean = Centring.ColumnMeans(x);
        var a = LargeArrays.Doubles((long)n * d);   // row-major centred design: for a wide design, the QR's Aᵀ as it is
        for (int i = 0; i < n; i++)
        {
            var r = x.Row(i);
            var ai = a.AsSpan((int)((long)i * d), d);
            for (int j = 0; j < d; j++) ai[j] = r[j] - mean[j];
        }
        var gram = CentredGramSolve.TryOf(a, n, d, workers);
        if (gram is null)
        {
            var factors = MinimumNormLeastSquares.Factor(a, n, d, StorageOrder.RowMajor, workers);
            return new LeastSquaresDesign(mean, n, null, new Lazy<MinimumNormLeastSquares.Factorisation>(factors));
        }
        // The Gram path keeps the design; the QR + SVD (which overwrites its input) is made from a copy, only if a fit asks.
        var lazy = new Lazy<MinimumNormLeastSquares.Factorisation>(
            () => MinimumNormLeastSquares.Factor((double[])a.Clone(), n, d, StorageOrder.RowMajor, workers), LazyThreadSafetyMode.ExecutionAndPublication);
        return new LeastSquaresDesign(mean, n, gram, lazy);
    }

    /// <summary>min ‖X_c w − y_c‖² (+ α‖w‖²) with the minimum-norm w, then b = ȳ − x̄·w.</summary>
    internal FittedLinearProbe Fit(ReadOnlySpan<double> y, double? rankTolerance, double alpha)
    {
        var (yc, ym) = Centring.Centre(y);
        double defaultCut = Qr.DefaultTolerance(Rows, _columns);
        double cut = rankTolerance ?? defaultCut;
        // The proof covers cutoffs between the default (which drops the centring's rounding-noise direction) and far
        // below the proven σ_min/σ_max; a ridge penalty or any other cutoff goes through the SVD.
        if (_gram is not null && alpha == 0 && cut >= defaultCut && _gram.Certain(cut))
        {
            var w = _gram.Solve(yc);
            return new FittedLinearProbe(w, Centring.Intercept(ym, _mean, w), _gram.Rank, alpha);
        }
        var sol = _factors.Value.Solve(yc, rankTolerance, alpha);
        return new FittedLinearProbe(sol.X, Centring.Intercept(ym, _mean, sol.X), sol.Rank, alpha);
    }
}
