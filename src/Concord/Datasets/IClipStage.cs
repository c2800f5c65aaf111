using Concord.Spectral;

namespace Concord.Datasets;

/// <summary>
/// Work that <see cref="DatasetPreparer"/>'s mel pass does on each clip besides its mel spectrogram, on the samples it has
/// already decoded, so that one decode and one STFT per clip serve both (<c>prepare --features</c>). Its output is committed
/// block by block next to the mel parts, with the same blocks.
/// </summary>
public interface IClipStage
{
    /// <summary>Called once before the first block. <paramref name="examplesSha256"/> identifies the examples in row order and
    /// <paramref name="optionsSha256"/> the prepare options: committed parts of other examples or options are not reused.</summary>
    void Begin(string examplesSha256, string optionsSha256, int count, int mels, int frames);

    /// <summary>The digest of the audio files that block <paramref name="block"/> of <paramref name="rows"/> clips was committed
    /// from, or null when this stage has no complete part for it.</summary>
    string? CommittedInputs(int block, int rows);

    /// <summary>Opens block <paramref name="block"/> of <paramref name="rows"/> clips (on the preparing thread), dropping any
    /// earlier commit of it.</summary>
    void BeginBlock(int block, int rows);

    /// <summary>The dB mel spectrogram of the clip at <paramref name="row"/> of the open block, keeping this stage's output for
    /// it. Called in parallel for different rows.</summary>
    Spectrogram Compute(int row, float[] samples, int sampleRateHz);

    /// <summary>Commits the open block (on the preparing thread), computed from the audio files whose digest is
    /// <paramref name="inputsSha256"/>.</summary>
    void CommitBlock(string inputsSha256);

    /// <summary>Every block is committed and the mel cache is complete, with input digest <paramref name="inputSha256"/>: the
    /// stage writes its own files from its <paramref name="blocks"/> parts.</summary>
    void End(string inputSha256, int blocks);

    /// <summary>The pass stopped on bad input: removes what <see cref="Begin"/> created, as prepare does with its own parts.</summary>
    void Discard();
}
