using Concord.IO;
using Spectre.Console.Cli;

namespace Concord.Cli.Commands;

/// <summary>Checks every command's output path (<see cref="ICommandOutput"/>) with <see cref="AtomicFile.Target"/> before the command starts.</summary>
public sealed class OutputGuard : ICommandInterceptor
{
    public void Intercept(CommandContext context, CommandSettings settings)
    {
        if (settings is ICommandOutput { OutputPath: { Length: > 0 } output } o)
            AtomicFile.Target(output, o.InputPaths);
    }

    public void InterceptResult(CommandContext context, CommandSettings settings, ref int result) { }
}
