using System.ComponentModel;
using System.Text.Json;
using Concord.Probes;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Concord.Cli.Commands;

/// <summary><c>concord probe</c>: decode one target from one feature matrix (train/test .npy files).</summary>
public sealed class ProbeCommand : Command<ProbeCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--train-x <NPY>")]
        [Description("Training features [[n, d]] (.npy, float or int; higher ranks are flattened C-order).")]
        public string TrainX { get; init; } = "";

        [CommandOption("--train-y <NPY>")]
        [Description("Training targets [[n]] (.npy): integer class labels, or numbers for --kind linear.")]
        public string TrainY { get; init; } = "";

        [CommandOption("--test-x <NPY>")]
        [Description("Test features [[m, d]] (.npy).")]
        public string TestX { get; init; } = "";

        [CommandOption("--test-y <NPY>")]
        [Description("Test targets [[m]] (.npy).")]
        public string TestY { get; init; } = "";

        [CommandOption("--kind <KIND>")]
        [Description("logistic (classification, accuracy) or linear (regression, RMSE). Default logistic.")]
        public string Kind { get; init; } = "logistic";

        [CommandOption("--solver <SOLVER>")]
        [Description("Logistic solver: lbfgs (exact L2 optimum, default) or paper-sgd (the study's SGD recipe).")]
        public string Solver { get; init; } = "lbfgs";

        [CommandOption("-c|--inverse-c <C>")]
        [Description("Inverse L2 strength C for lbfgs, as sklearn (default 1.0). Also accepted as --c.")]
        public double C { get; init; } = 1.0;

        [CommandOption("--ridge <ALPHA>")]
        [Description("Ridge penalty for --kind linear (default 0: ordinary least squares, minimum norm).")]
        public double Ridge { get; init; }

        [CommandOption("--standardize <MODE>")]
        [Description("train (fit on train, default) or test-self (paper quirk: test z-scored with its own statistics).")]
        public string Standardize { get; init; } = "train";

        [CommandOption("--json")]
        [Description("Print one JSON object instead of text.")]
        public bool Json { get; init; }

        [CommandOption("--verbose")]
        [Description("Show stack traces on errors.")]
        public bool Verbose { get; init; }

        public override ValidationResult Validate()
        {
            foreach (var (name, value) in new[] { ("--train-x", TrainX), ("--train-y", TrainY), ("--test-x", TestX), ("--test-y", TestY) })
                if (string.IsNullOrWhiteSpace(value)) return ValidationResult.Error($"{name} is required");
            if (ParseKind(Kind) is null) return ValidationResult.Error($"--kind must be logistic or linear, not '{Kind}'");
            if (ParseSolver(Solver) is null) return ValidationResult.Error($"--solver must be lbfgs or paper-sgd, not '{Solver}'");
            if (ParseStandardize(Standardize) is null) return ValidationResult.Error($"--standardize must be train or test-self, not '{Standardize}'");
            if (!(C > 0) || !double.IsFinite(C)) return ValidationResult.Error("--c must be a finite number > 0");
            if (!(Ridge >= 0) || !double.IsFinite(Ridge)) return ValidationResult.Error("--ridge must be a finite number ≥ 0");
            return ValidationResult.Success();
        }

        internal ProbeKind KindValue => ParseKind(Kind)!.Value;

        internal ProbeOptions ToOptions() => new()
        {
            Standardization = ParseStandardize(Standardize)!.Value,
            Logistic = new LogisticProbeOptions { Solver = ParseSolver(Solver)!.Value, InverseRegularization = C },
            Linear = new LinearProbeOptions { Ridge = Ridge },
        };

        private static ProbeKind? ParseKind(string s) => s.ToLowerInvariant() switch
        {
            "logistic" => ProbeKind.Logistic, "linear" => ProbeKind.Linear, _ => null,
        };

        private static LogisticSolver? ParseSolver(string s) => s.ToLowerInvariant() switch
        {
            "lbfgs" => LogisticSolver.Lbfgs, "paper-sgd" => LogisticSolver.PaperSgd, _ => null,
        };

        private static StandardizationMode? ParseStandardize(string s) => s.ToLowerInvariant() switch
        {
            "train" => StandardizationMode.TrainFit, "test-self" => StandardizationMode.TestSelf, _ => null,
        };
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var trainX = ProbeData.LoadFeatures(settings.TrainX);
        var testX = ProbeData.LoadFeatures(settings.TestX);
        var runner = new ProbeRunner(settings.ToOptions());
        ProbeEvaluation eval;
        if (settings.KindValue == ProbeKind.Logistic)
        {
            int[] trainY = ProbeData.LoadLabels(settings.TrainY), testY = ProbeData.LoadLabels(settings.TestY);
            ProbeData.CheckRows(trainX, settings.TrainX, trainY.Length, settings.TrainY);
            ProbeData.CheckRows(testX, settings.TestX, testY.Length, settings.TestY);
            ProbeData.CheckClasses(trainY, settings.TrainY);
            eval = runner.Classify(trainX, trainY, testX, testY, cancellationToken);
        }
        else
        {
            double[] trainY = ProbeData.LoadTargets(settings.TrainY), testY = ProbeData.LoadTargets(settings.TestY);
            ProbeData.CheckRows(trainX, settings.TrainX, trainY.Length, settings.TrainY);
            ProbeData.CheckRows(testX, settings.TestX, testY.Length, settings.TestY);
            eval = runner.Regress(trainX, trainY, testX, testY);
        }
        if (settings.Json) Console.Out.WriteLine(ToJson(eval));
        else WriteText(eval);
        return 0;
    }

    private static void WriteText(ProbeEvaluation e)
    {
        string metric = e.Kind == ProbeKind.Logistic ? "accuracy" : "RMSE";
        AnsiConsole.MarkupLine($"[bold]{metric}[/] {e.TestScore:F4}  (baseline {e.Baseline:F4}; train {e.TrainScore:F4})");
        AnsiConsole.MarkupLine($"n_train {e.TrainRows}  n_test {e.TestRows}  d {e.Features}  method {e.Method}  standardize {e.Standardization}");
        if (e.Majority is { } m) AnsiConsole.MarkupLine($"majority class {m.Class} (train share {m.TrainShare:F4})  macro-F1 {e.MacroF1:F4}");
        if (e.R2 is { } r2) AnsiConsole.MarkupLine($"R² {r2:F4}  rank {e.Rank}");
        if (e.UnseenTestLabels > 0) AnsiConsole.MarkupLine($"[yellow]{e.UnseenTestLabels} test examples have labels absent from training (counted as errors)[/]");
        if (e.Convergence is { } c)
            AnsiConsole.MarkupLine($"L-BFGS: {c.Stop} after {c.Iterations} iterations ({c.FunctionEvaluations} evaluations), max|grad| {c.GradientMaxAbs:E2}"
                + (c.Converged ? "" : " [yellow](not converged)[/]"));
        if (e.Sgd is { } s) AnsiConsole.MarkupLine($"paper-sgd: final epoch {s.Final.Epoch}, train loss {s.Final.TrainLoss:F5}, train accuracy {s.Final.TrainAccuracy:F4}");
    }

    internal static string ToJson(ProbeEvaluation e)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("kind", e.Kind == ProbeKind.Logistic ? "logistic" : "linear");
            w.WriteString("method", e.Method.ToString());
            w.WriteString("standardize", e.Standardization == StandardizationMode.TrainFit ? "train" : "test-self");
            w.WriteString("metric", e.Kind == ProbeKind.Logistic ? "accuracy" : "rmse");
            w.WriteNumber("test", e.TestScore);
            w.WriteNumber("train", e.TrainScore);
            w.WriteNumber("baseline", e.Baseline);
            w.WriteNumber("n_train", e.TrainRows);
            w.WriteNumber("n_test", e.TestRows);
            w.WriteNumber("d", e.Features);
            if (e.MacroF1 is { } f1) w.WriteNumber("macro_f1", f1);
            if (e.Majority is { } m) { w.WriteNumber("majority_class", m.Class); w.WriteNumber("majority_train_share", m.TrainShare); }
            if (e.R2 is { } r2) w.WriteNumber("r2", r2);
            if (e.Rank is { } rank) w.WriteNumber("rank", rank);
            w.WriteNumber("unseen_test_labels", e.UnseenTestLabels);
            if (e.Convergence is { } c)
            {
                w.WriteStartObject("convergence");
                w.WriteString("stop", c.Stop.ToString());
                w.WriteBoolean("converged", c.Converged);
                w.WriteNumber("iterations", c.Iterations);
                w.WriteNumber("evaluations", c.FunctionEvaluations);
                w.WriteNumber("objective", c.Objective);
                w.WriteNumber("grad_max_abs", c.GradientMaxAbs);
                w.WriteEndObject();
            }
            if (e.Sgd is { } s)
            {
                w.WriteStartObject("paper_sgd_final_epoch");
                w.WriteNumber("epoch", s.Final.Epoch);
                w.WriteNumber("train_loss", s.Final.TrainLoss);
                w.WriteNumber("train_accuracy", s.Final.TrainAccuracy);
                w.WriteEndObject();
            }
            if (e.Confusion is { } cm)
            {
                w.WriteStartArray("confusion_labels");
                foreach (int l in cm.Labels) w.WriteNumberValue(l);
                w.WriteEndArray();
                w.WriteStartArray("confusion");
                foreach (var row in cm.Counts) { w.WriteStartArray(); foreach (int v in row) w.WriteNumberValue(v); w.WriteEndArray(); }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }
}
