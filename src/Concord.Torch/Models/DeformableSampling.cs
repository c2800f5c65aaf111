namespace Concord.Torch.Models;

/// <summary>How the deformable convolution samples positions that fall outside the input (METHOD.md §2).</summary>
public enum DeformableSampling
{
    /// <summary>
    /// The authors' layer (4uiiurz1 deform_conv_v2): corners and positions are clamped to [0, L−1] and the bilinear
    /// weights 1+(q_lo−p′), 1−(q_hi−p′) are kept, so an out-of-range tap returns 2× the edge value per clamped dimension.
    /// </summary>
    PaperClamp,
    /// <summary><c>torchvision.ops.deform_conv2d</c> semantics: bilinear interpolation with zeros outside the input.</summary>
    ZeroPad,
}
