namespace Concord.Experiments;

/// <summary>One example's dB mel spectrogram shown for its class (Figs. 8, 10). One row of <c>example_spectrograms</c>.</summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Task">The class task.</param>
/// <param name="ClassName">The example's class.</param>
/// <param name="ExampleId">The example's id in the dataset (e.g. an NSynth note name).</param>
/// <param name="Mels">Rows (mel bins, low to high).</param>
/// <param name="Frames">Columns (time frames).</param>
/// <param name="Values">dB values, row-major [Mels, Frames].</param>
/// <param name="ArtefactHash">Content hash (the upsert key).</param>
public sealed record ExampleSpectrogram(string Dataset, string Task, string ClassName, string ExampleId, int Mels, int Frames, IReadOnlyList<float> Values, string ArtefactHash);
