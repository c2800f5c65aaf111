namespace Concord.Audio;

/// <summary>Containers recognised from a file's magic bytes.</summary>
internal enum AudioContainer { Unknown, Wav, BigEndianWav, Ogg, Mp3, Flac }
