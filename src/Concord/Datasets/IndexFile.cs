namespace Concord.Datasets;

/// <summary>An index file a dataset was read from (examples.json, a CSV, a mapping file), with the SHA-256 (lower-case hex) of
/// the bytes that were parsed, so the cache's input digest needs no second read of it.</summary>
public sealed record IndexFile(string Path, string Sha256);
