namespace Concord.Similarity;

/// <summary>
/// One Y of a <see cref="LinearCkaGrid"/>: a single <c>.npy</c> file, or the column concatenation of several (a composite
/// such as "Wavelet Combined" = hstack of six 128-d statistics). Composites reuse their parts' cross products with X:
/// ‖Xᵀ[F₁ … F_k]‖²_F = Σ_j ‖XᵀF_j‖²_F, so a part shared by several composites is multiplied against X once.
/// </summary>
public sealed record GridFeature(string Name, IReadOnlyList<string> Parts)
{
    /// <summary>A feature stored in one file, named by its path.</summary>
    public static GridFeature File(string path) => new(path, [path]);
}
