namespace Concord;

/// <summary>A command line that names something that does not exist (an unknown task id, say): exit code 2, like other usage errors.</summary>
public sealed class UsageException(string message) : ConcordException(message);
