using Concord.Spectral;

namespace Concord.Datasets;

/// <summary>
/// Work that <see cref="DatasetPreparer"/>'s mel pass does on each clip besides its mel spectrogram, on the samples it has
/// already decoded, so that one decode and one STFT per clip serve both (<c>prepare --features</c>). Its output is committed
/// block by block next to the mel parts, with the same blocks.
/// </summary>
public interface IClipStage
{
    /// <summary>Called once before the first block, when the cache's input and option hashes are known.</summary>
    void Begin(string inputSha256, string optionsSha256, int count, int mels, int frames);

    /// <summary>True when this stage has nothing to compute for block <paramref name="block"/> of <paramref name="rows"/> clips.</summary>
    bool IsCommitted(int block, int rows);

    /// <summary>Opens block <paramref name="block"/> of <paramref name="rows"/> clips (on the preparing thread).</summary>
    void BeginBlock(int block, int rows);

    /// <summary>The dB mel spectrogram of the clip at <paramref name="row"/> of the open block, keeping this stage's output for
    /// it. Called in parallel for different rows.</summary>
    Spectrogram Compute(int row, float[] samples, int sampleRateHz);

    /// <summary>Commits the open block (on the preparing thread).</summary>
    void CommitBlock();

    /// <summary>The pass stopped on bad input: removes what <see cref="Begin"/> created, as prepare does with its own parts.</summary>
    void Discard();
}
