namespace Concord.Onnx;

/// <summary>The spectrogram unit a network expects.</summary>
public enum InputScale
{
    /// <summary>Decibels relative to the clip's maximum (librosa <c>power_to_db(S, ref=np.max, top_db=80)</c>), Concord's default mel unit.</summary>
    Decibels,
    /// <summary>Mel power (librosa <c>melspectrogram</c> output, no log).</summary>
    Power,
}
