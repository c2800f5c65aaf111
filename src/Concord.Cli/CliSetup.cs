using Spectre.Console;
using Spectre.Console.Cli;

namespace Concord.Cli;

/// <summary>The composition root: registers every command and maps exceptions to exit codes.</summary>
public static class CliSetup
{
    /// <summary>Exit codes, documented in the README.</summary>
    public static class ExitCodes
    {
        public const int Ok = 0;
        /// <summary>Bad input, configuration or environment (a <see cref="ConcordException"/>).</summary>
        public const int UserError = 1;
        /// <summary>Command-line usage error (unknown option, missing argument).</summary>
        public const int Usage = 2;
        /// <summary>An unexpected internal error (a bug): the stack trace is shown with --verbose.</summary>
        public const int Internal = 70;
        /// <summary>Interrupted (Ctrl+C).</summary>
        public const int Interrupted = 130;
    }

    /// <summary>The tool's entry point (Program.cs and the in-process CLI tests): normalise arguments, configure, run.</summary>
    public static int Run(string[] args)
    {
        args = NormalizeArguments(args);
        var app = new CommandApp();
        app.Configure(config => Configure(config, args));
        return app.Run(args);
    }

    public static void Configure(IConfigurator config, IReadOnlyList<string> args)
    {
        bool verbose = args.Contains("--verbose") || Environment.GetEnvironmentVariable("CONCORD_VERBOSE") == "1";
        config.SetApplicationName("concord");
        config.SetExceptionHandler((ex, _) => HandleException(ex, verbose));
        config.SetInterceptor(new Commands.OutputGuard()); // every output path through AtomicFile.Target before the command runs
        config.UseStrictParsing(); // an unknown or misspelt option is a usage error (exit 2), never silently ignored
        config.AddCommand<DemoCommand>("demo")
            .WithDescription("Run the whole pipeline on the embedded synthetic dataset.");
        config.AddCommand<Commands.MelCommand>("mel").WithDescription("Write the mel spectrogram of one audio file as float32 [[mels, frames]] .npy.");
        config.AddCommand<Commands.FeaturesCommand>("features").WithDescription("Write hand-crafted features (features/<name>.npy, float32 [[N, d]]) of an audio file, mel .npy or dataset cache.");
        config.AddCommand<Commands.SynthDatasetCommand>("synth-dataset").WithDescription("Write the embedded synthetic dataset (NSynth layout, 8 families) to a folder.");
        config.AddCommand<Commands.PrepareCommand>("prepare").WithDescription("Turn an NSynth folder or a recordings/clips CSV into a cache: mel.npy, labels, tasks, splits, manifest.");
        config.AddCommand<Commands.SimilarityCommand>("similarity").WithDescription("CKA (biased and debiased), regression, CCA and SVCCA between two .npy matrices, with permutation p-values.");
        config.AddCommand<Commands.ModelsCommand>("models").WithDescription("List every CNN architecture's parameter count and tap shapes.");
        config.AddCommand<Commands.TrainCommand>("train").WithDescription("Train one CNN architecture on a task of a prepared cache.");
        config.AddCommand<Commands.ExtractCommand>("extract").WithDescription("Stream layer activations of a trained or untrained CNN, or of an ONNX network (--onnx), to .npy.");
        config.AddCommand<Commands.OnnxLayersCommand>("onnx-layers").WithDescription("List every tensor of an ONNX network with its shape for an input size (to choose --layers).");
        config.AddCommand<Commands.RunCommand>("run").WithDescription("Run a study config end to end (resumable; --jobs N in parallel) or one task of its plan (--task ID).");
        config.AddCommand<Commands.PlanCommand>("plan").WithDescription("Print a study's task graph: every task with its inputs, the task count and the critical path's share of the estimated cost.");
        config.AddCommand<Commands.SlurmCommand>("slurm").WithDescription("Write and submit the sbatch job arrays of a study's unfinished tasks (one per graph level) and the collect job.");
        config.AddCommand<Commands.StatusCommand>("status").WithDescription("Show done, running, failed and pending tasks of a run folder, and the results.db fingerprint.");
        config.AddCommand<Commands.ReportCommand>("report").WithDescription("Write report.html and tables/*.md|csv of a run folder from its results.db.");
        config.AddCommand<Commands.ExportCommand>("export").WithDescription("Export a run's results.db tables as CSV or Parquet.");
        config.AddCommand<Commands.ProbeCommand>("probe").WithDescription("Decode a target from a feature matrix with a linear probe (logistic or linear).");
    }

    /// <summary>
    /// Spectre.Console.Cli needs long option names of two or more letters, so the one-letter long forms the docs use
    /// (<c>--x</c>, <c>--y</c> of <c>similarity</c>, <c>--c</c> of <c>probe</c>) are rewritten to their short forms
    /// before parsing (also the <c>--c=1.0</c> form).
    /// <para>
    /// A <c>--</c> ends the options (POSIX): every later argument is a file operand even when it starts with '-'. Every
    /// positional argument of Concord is a path, so such an operand is passed on as <c>./-name</c>, which names the
    /// same file and which the parser cannot mistake for an option; the <c>--</c> itself is dropped.
    /// </para>
    /// </summary>
    public static string[] NormalizeArguments(string[] args)
    {
        int end = Array.IndexOf(args, "--");
        var options = (end < 0 ? args : args[..end]).Select(a => a switch
        {
            "--x" or "--y" or "--c" => a[1..],
            _ when a.StartsWith("--x=", StringComparison.Ordinal) || a.StartsWith("--y=", StringComparison.Ordinal)
                || a.StartsWith("--c=", StringComparison.Ordinal) => a[1..],
            _ => a,
        });
        var operands = end < 0 ? [] : args[(end + 1)..].Select(a => a.StartsWith('-') ? "." + Path.DirectorySeparatorChar + a : a);
        return [.. options, .. operands];
    }

    internal static int HandleException(Exception ex, bool verbose)
    {
        var err = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        err.Profile.Width = int.MaxValue / 2; // never wrap: the error stays on one line even when stderr is a pipe (80 columns)
        switch (ex)
        {
            case CommandAppException cae:
                err.MarkupLine("[red]error:[/] " + Markup.Escape(FirstLine(cae.Message)));
                return ExitCodes.Usage;
            case UsageException ue:
                err.MarkupLine("[red]error:[/] " + Markup.Escape(FirstLine(ue.Message)));
                return ExitCodes.Usage;
            case ConcordException ce:
                err.MarkupLine("[red]error:[/] " + Markup.Escape(FirstLine(ce.Message)));
                if (verbose) err.WriteException(ce);
                return ExitCodes.UserError;
            case OperationCanceledException:
                err.MarkupLine("[yellow]interrupted[/]");
                return ExitCodes.Interrupted;
            default:
                err.MarkupLine("[red]internal error:[/] " + Markup.Escape(ex.GetType().Name + ": " + FirstLine(ex.Message))
                    + (verbose ? "" : " (rerun with --verbose for the stack trace)"));
                if (verbose) err.WriteException(ex);
                return ExitCodes.Internal;
        }
    }

    private static string FirstLine(string s)
    {
        int i = s.IndexOfAny(['\r', '\n']);
        return i < 0 ? s : s[..i];
    }
}
