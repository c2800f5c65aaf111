namespace Concord.Torch.Models;

/// <summary>The shape (C, H = freq, W = time) of one hooked layer's output for one example.</summary>
public sealed record TapShape(int Channels, int Height, int Width)
{
    /// <summary>C·H·W, the flattened (C-order) width of the tap.</summary>
    public long Size => (long)Channels * Height * Width;

    public override string ToString() => $"{Channels},{Height},{Width}";
}
