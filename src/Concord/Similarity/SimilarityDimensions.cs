namespace Concord.Similarity;

/// <summary>
/// What a similarity value was computed on. <c>ColumnsX/Y</c> count the columns used (after dropping zero-variance ones,
/// whose original indices are listed). <c>RankX/Y</c> are numerical ranks from pivoted QR (null when no QR was needed);
/// <c>ParticipationRatioX/Y</c> = (tr C)² / ‖C‖²_F of the centred covariance, an effective dimensionality that costs nothing.
/// </summary>
public sealed record SimilarityDimensions(
    int N,
    int ColumnsX,
    int ColumnsY,
    IReadOnlyList<int> DroppedColumnsX,
    IReadOnlyList<int> DroppedColumnsY,
    int? RankX,
    int? RankY,
    double? ParticipationRatioX,
    double? ParticipationRatioY,
    string Precision);
