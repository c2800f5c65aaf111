namespace Concord.Cli.Commands;

/// <summary>
/// Settings of a command that writes an output (<c>-o</c>/<c>--out</c>). Before the command runs,
/// <see cref="OutputGuard"/> passes them to <see cref="Concord.IO.AtomicFile.Target"/>, the one routine that decides
/// whether an output path is acceptable (not a device, FIFO or socket, not one of <see cref="InputPaths"/>, symbolic
/// links resolved).
/// </summary>
public interface ICommandOutput
{
    /// <summary>The output file or folder, or null when the command writes nothing this time.</summary>
    string? OutputPath { get; }

    /// <summary>The command's input files and folders.</summary>
    IEnumerable<string?> InputPaths { get; }
}
