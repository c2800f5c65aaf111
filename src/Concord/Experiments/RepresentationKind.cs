namespace Concord.Experiments;

/// <summary>What a probed or compared representation is.</summary>
public enum RepresentationKind
{
    /// <summary>A hand-crafted feature set (e.g. "wave25", "meanp").</summary>
    Handcrafted,
    /// <summary>Activations of a network layer (tap).</summary>
    Deep,
    /// <summary>A deep tap concatenated with a hand-crafted set (Tables 21–22).</summary>
    Concatenated,
    /// <summary>The end-to-end network itself (its own classifier head), e.g. the Feed-Forward baseline.</summary>
    Network,
    /// <summary>The majority-class / train-mean baseline ("Random Guessing" rows).</summary>
    Chance,
    /// <summary>A Gaussian random baseline matrix (CKA ≈ 0).</summary>
    Random,
    /// <summary>The networks' input, the dB mel spectrogram flattened (mels × frames).</summary>
    Input,
    /// <summary>A tensor of an imported (ONNX) network: <see cref="Representation.Network"/> and <see cref="Representation.Layer"/>.</summary>
    External,
}
