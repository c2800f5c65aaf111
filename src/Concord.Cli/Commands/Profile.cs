namespace Concord.Cli.Commands;

/// <summary>The two option profiles: <c>corrected</c> (default) fixes the authors' quirks, <c>paper</c> reproduces them.</summary>
public enum Profile
{
    Corrected,
    Paper,
}
