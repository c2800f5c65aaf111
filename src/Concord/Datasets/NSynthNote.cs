namespace Concord.Datasets;

/// <summary>
/// One note of an NSynth-format dataset: the 13 fields of an <c>examples.json</c> entry, typed
/// (Engel et al. 2017, <see href="https://magenta.tensorflow.org/datasets/nsynth"/>).
/// </summary>
/// <param name="Note">Unique integer id of the note (<c>note</c>).</param>
/// <param name="NoteStr">Unique string id (<c>note_str</c>), also the audio file stem: <c>audio/&lt;note_str&gt;.wav</c>.</param>
/// <param name="Instrument">Instrument id (<c>instrument</c>).</param>
/// <param name="InstrumentStr">Instrument name (<c>instrument_str</c>).</param>
/// <param name="Pitch">MIDI pitch 0–127 (<c>pitch</c>).</param>
/// <param name="Velocity">MIDI velocity 0–127 (<c>velocity</c>); NSynth uses {25, 50, 75, 100, 127}.</param>
/// <param name="SampleRate">Sample rate in Hz (<c>sample_rate</c>), 16000 in NSynth.</param>
/// <param name="Qualities">The 10 binary sonic qualities (<c>qualities</c>).</param>
/// <param name="QualitiesStr">Names of the qualities that are set (<c>qualities_str</c>).</param>
/// <param name="InstrumentFamily">Family id 0–10 (<c>instrument_family</c>); see <see cref="NSynthFamilies"/>.</param>
/// <param name="InstrumentFamilyStr">Family name (<c>instrument_family_str</c>).</param>
/// <param name="InstrumentSource">0 acoustic, 1 electronic, 2 synthetic (<c>instrument_source</c>).</param>
/// <param name="InstrumentSourceStr">Source name (<c>instrument_source_str</c>).</param>
public sealed record NSynthNote(
    int Note,
    string NoteStr,
    int Instrument,
    string InstrumentStr,
    int Pitch,
    int Velocity,
    int SampleRate,
    IReadOnlyList<int> Qualities,
    IReadOnlyList<string> QualitiesStr,
    int InstrumentFamily,
    string InstrumentFamilyStr,
    int InstrumentSource,
    string InstrumentSourceStr);
