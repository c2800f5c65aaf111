namespace Concord;

/// <summary>
/// A user-facing error: bad input, bad configuration or a failed environment precondition.
/// The message is one line that names the offending file, row, field or key; the CLI prints it
/// without a stack trace and exits non-zero.
/// </summary>
public class ConcordException : Exception
{
    public ConcordException(string message) : base(message) { }
    public ConcordException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Builds an error that names a file (and optionally a field within it).</summary>
    public static ConcordException InFile(string path, string problem, string? field = null) =>
        new(field is null ? $"{path}: {problem}" : $"{path}: field '{field}': {problem}");
}
