namespace Concord.Onnx;

/// <summary>How a network takes one spectrogram [H = mel bins, W = frames]; declared by the user, never guessed.</summary>
public enum InputLayout
{
    /// <summary>[batch, 1, H, W]: a 2-D convolutional network on a one-channel image.</summary>
    N1hw,
    /// <summary>[batch, H, W]: e.g. a 1-D convolutional network whose channels are the mel bins.</summary>
    Nhw,
    /// <summary>[batch, C, H, W] with C = 1: the same tensor as <see cref="N1hw"/>; the model's channel dimension must be 1.</summary>
    Nchw,
}
