using Concord.Numerics;

namespace Concord.Similarity;

/// <summary>
/// Pivoted QR of both (centred) sides and M = Q_Xᵀ Q_Y, shared by regression, CCA and SVCCA. Degenerate when a side has
/// at least as many columns as the data allow independent directions (n − 1 after centring, n otherwise).
/// </summary>
internal sealed class FactorisedPair
{
    public required CentredMatrix X { get; init; }
    public required CentredMatrix Y { get; init; }
    public required Qr Qx { get; init; }
    public required Qr Qy { get; init; }
    /// <summary>Q_Xᵀ Q_Y, row-major rank_x × rank_y.</summary>
    public required double[] M { get; init; }
    public required bool Degenerate { get; init; }

    /// <summary>Validates options, prepares both sides (centred per options) and factorises them.</summary>
    public static FactorisedPair From(Representation x, Representation y, SimilarityOptions? options, string measure, out SimilarityOptions resolved)
    {
        resolved = options ?? new SimilarityOptions();
        resolved.ThrowIfInvalid();
        return Create(CentredMatrix.Create(x, resolved.CentreInputs, resolved.Threads), CentredMatrix.Create(y, resolved.CentreInputs, resolved.Threads), resolved, measure);
    }

    public static FactorisedPair Create(CentredMatrix x, CentredMatrix y, SimilarityOptions options, string measure)
    {
        CentredMatrix.RequireSameRows(x, y);
        x.RequireVariance(measure); y.RequireVariance(measure);
        int limit = x.Centred ? x.Rows - 1 : x.Rows;
        bool degenerate = x.Columns >= limit || y.Columns >= limit;
        if (degenerate && !options.AllowDegenerate)
            throw new ConcordException(
                $"{(x.Columns >= limit ? x.Name : y.Name)}: {Math.Max(x.Columns, y.Columns)} columns for {x.Rows} examples, so {measure} is trivially 1; " +
                "use more examples or fewer features, or force it (AllowDegenerate / --force)");
        var qx = Qr.Compute(x.Data, x.Rows, x.Columns, options.RankTolerance, options.Threads);
        var qy = Qr.Compute(y.Data, y.Rows, y.Columns, options.RankTolerance, options.Threads);
        var m = new double[(long)qx.Rank * qy.Rank];
        CrossProducts.AccumulateDots(qx.Q, 0, qx.Rank, qy.Q, 0, qy.Rank, x.Rows, m, 0, qy.Rank, options.Threads);
        return new FactorisedPair { X = x, Y = y, Qx = qx, Qy = qy, M = m, Degenerate = degenerate || qx.Rank >= limit || qy.Rank >= limit };
    }

    public SimilarityDimensions Dimensions() =>
        LinearCka.Dimensions(X, Y, null, Qx.Rank, Qy.Rank);

    /// <summary>‖Q_Aᵀ B‖²_F / ‖B‖²_F: the fraction of B's sum of squares in the span of A.</summary>
    public static double Explained(Qr qa, CentredMatrix b, int threads)
    {
        var c = new double[(long)qa.Rank * b.Columns];
        CrossProducts.AccumulateDots(qa.Q, 0, qa.Rank, b.Data, 0, b.Columns, b.Rows, c, 0, b.Columns, threads);
        return CrossProducts.Dot(c, c) / CrossProducts.Dot(b.Data, b.Data);
    }
}
