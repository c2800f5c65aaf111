namespace Concord.IO;

/// <summary>
/// Checks for names that come from user data (an NSynth <c>note_str</c>, a CSV column that becomes a task name) and are
/// joined to a folder as a file name: such a name must be a plain stem, so that the joined path stays inside the folder.
/// </summary>
public static class FileNames
{
    /// <summary>
    /// True when <paramref name="stem"/> is a plain file stem: not empty, not <c>.</c>, no <c>..</c>, no <c>/</c>,
    /// <c>\</c>, <c>:</c> or NUL, not rooted, no control characters.
    /// </summary>
    public static bool IsPlainStem(string stem) =>
        stem.Length > 0 && stem != "." && !stem.Contains("..", StringComparison.Ordinal)
        && stem.IndexOfAny(['/', '\\', ':', '\0']) < 0 && !Path.IsPathRooted(stem) && !stem.Any(char.IsControl);

    /// <summary>
    /// <c>folder/stem + extension</c>, after checking that <paramref name="stem"/> is a plain stem
    /// (<see cref="IsPlainStem"/>); otherwise a <see cref="ConcordException"/> that says what <paramref name="what"/> is.
    /// </summary>
    public static string Inside(string folder, string stem, string extension, string what) =>
        IsPlainStem(stem) ? Path.Combine(folder, stem + extension)
        : throw new ConcordException($"{folder}: {what} '{stem}' cannot be a file name (it must not contain '/', '\\', ':' or '..')");

    /// <summary>A file stem made of <paramref name="id"/>'s ASCII letters, digits, '_' and '-' (anything else becomes '-').</summary>
    public static string SafeStem(string id) =>
        id.Length == 0 ? "-" : new string(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '-').ToArray());
}
