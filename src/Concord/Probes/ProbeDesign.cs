using Concord.Numerics;

namespace Concord.Probes;

/// <summary>
/// One representation's training and test matrices, checked and standardised once (<see cref="ProbeRunner.Prepare"/>),
/// with the ridge factorisation of the standardised training design made on first use: every probe of the
/// representation — each task, logistic and linear — reads the same standardised matrices, and every regression target
/// shares one factorisation (<see cref="RidgeFactorisation"/> for ridge-CV, <see cref="LeastSquaresDesign"/> for least
/// squares).
/// </summary>
public sealed class ProbeDesign
{
    private readonly Lazy<RidgeFactorisation> _ridge;
    private readonly Lazy<LeastSquaresDesign> _leastSquares;

    internal ProbeDesign(Matrix rawTrain, Matrix rawTest, StandardizationMode mode, int workers)
    {
        ProbeInputs.CheckDesign(rawTrain, rawTrain.Rows, "training");
        ProbeInputs.CheckDesign(rawTest, rawTest.Rows, "test");
        if (rawTest.Cols != rawTrain.Cols)
            throw new ConcordException($"test features have {rawTest.Cols} columns but training features have {rawTrain.Cols}");
        (Train, Test) = Standardiser.Apply(rawTrain, rawTest, mode);
        Standardization = mode;
        _ridge = new Lazy<RidgeFactorisation>(() => RidgeFactorisation.Of(Train, workers), LazyThreadSafetyMode.ExecutionAndPublication);
        _leastSquares = new Lazy<LeastSquaresDesign>(() => LeastSquaresDesign.Of(Train, workers), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The standardised training matrix [n_train, d].</summary>
    public Matrix Train { get; }
    /// <summary>The standardised test matrix [n_test, d].</summary>
    public Matrix Test { get; }
    /// <summary>How the matrices were standardised.</summary>
    public StandardizationMode Standardization { get; }
    /// <summary>The ridge factorisation of <see cref="Train"/>, made once on first use.</summary>
    internal RidgeFactorisation Ridge => _ridge.Value;
    /// <summary>The least-squares factorisation of <see cref="Train"/> (centred, QR + SVD), made once on first use.</summary>
    internal LeastSquaresDesign LeastSquares => _leastSquares.Value;
}
