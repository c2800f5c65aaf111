using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Concord.IO;
using Concord.Similarity;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Concord.Cli.Commands;

/// <summary><c>concord similarity</c>: CKA, regression, CCA and SVCCA between two .npy matrices, with calibration.</summary>
public sealed class SimilarityCommand : Command<SimilarityCommand.Settings>
{
    private static readonly Dictionary<string, SimilarityMeasure[]> MeasureNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cka"] = [SimilarityMeasure.LinearCka],
        ["cka-debiased"] = [SimilarityMeasure.LinearCka],
        ["cka-rbf"] = [SimilarityMeasure.RbfCka],
        ["lr"] = [SimilarityMeasure.LinearRegression],
        ["cca"] = [SimilarityMeasure.Cca],
        ["svcca"] = [SimilarityMeasure.Svcca],
        ["all"] = Enum.GetValues<SimilarityMeasure>(),
    };

    public sealed class Settings : CommandSettings, ICommandOutput
    {
        string? ICommandOutput.OutputPath => Out;
        IEnumerable<string?> ICommandOutput.InputPaths => [X, Y];

        [CommandOption("-x <NPY>")]
        [Description("First matrix (rows = examples; ranks above 2 are flattened C-order). For CCA/LR 'paper' semantics, the deep features.")]
        public string X { get; init; } = "";

        [CommandOption("-y <NPY>")]
        [Description("Second matrix, same number of rows.")]
        public string Y { get; init; } = "";

        [CommandOption("--measure <MEASURE>")]
        [Description("cka | cka-debiased | cka-rbf | lr | cca | svcca | all (default cka; CKA always shows biased and debiased).")]
        public string Measure { get; init; } = "cka";

        [CommandOption("--permutations <N>")]
        [Description("Row permutations for the CKA p-value, (k+1)/(N+1).")]
        public int Permutations { get; init; }

        [CommandOption("--bootstrap <N>")]
        [Description("Bootstrap resamples for a 95% percentile interval of CKA.")]
        public int Bootstrap { get; init; }

        [CommandOption("--seed <S>")]
        [Description("Seed for permutations and bootstrap (default 0).")]
        public int Seed { get; init; }

        [CommandOption("--normalizer <NAME>")]
        [Description("CCA/SVCCA denominator: min (min rank, default) or first (p_x, the study's code).")]
        public string Normalizer { get; init; } = "min";

        [CommandOption("--rbf-threshold <T>")]
        [Description("RBF bandwidth as a multiple of the median distance (default 0.5).")]
        public double RbfThreshold { get; init; } = 0.5;

        [CommandOption("--force")]
        [Description("Compute CCA/SVCCA/LR even when p ≥ n (then trivially 1; flagged degenerate).")]
        public bool Force { get; init; }

        [CommandOption("--threads <N>")]
        [Description("Worker threads (default 2).")]
        public int Threads { get; init; } = 2;

        [CommandOption("--json")]
        [Description("Print the full report as JSON.")]
        public bool Json { get; init; }

        [CommandOption("-o|--out <FILE>")]
        [Description("Also write the JSON report to this file (atomically).")]
        public string? Out { get; init; }

        [CommandOption("--verbose")]
        [Description("Show stack traces on errors.")]
        public bool Verbose { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrEmpty(X) || string.IsNullOrEmpty(Y)) return ValidationResult.Error("--x and --y are required");
            if (!MeasureNames.ContainsKey(Measure)) return ValidationResult.Error($"--measure: unknown '{Measure}' (cka, cka-debiased, cka-rbf, lr, cca, svcca, all)");
            if (Normalizer is not ("min" or "first")) return ValidationResult.Error($"--normalizer: expected min or first, got '{Normalizer}'");
            if (Permutations < 0 || Bootstrap < 0) return ValidationResult.Error("--permutations and --bootstrap must be ≥ 0");
            return ValidationResult.Success();
        }

        internal SimilarityOptions ToOptions() => new()
        {
            Measures = MeasureNames[Measure],
            Permutations = Permutations,
            Bootstrap = Bootstrap,
            Seed = Seed,
            CcaNormalizer = Normalizer == "first" ? CcaNormalizer.FirstDimension : CcaNormalizer.MinDimension,
            RbfThreshold = RbfThreshold,
            AllowDegenerate = Force,
            Threads = Threads,
        };
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        var report = CkaOnly(options)
            ? StreamingReport(settings.X, settings.Y, options)
            : SimilarityAnalysis.Compute(Representation.Load(settings.X), Representation.Load(settings.Y), options);
        string json = JsonSerializer.Serialize(report, JsonOptions);
        if (settings.Out is { } outPath) AtomicFile.WriteAllText(outPath, json + "\n");
        if (settings.Json) { Console.Out.WriteLine(json); return 0; }
        Print(report);
        return 0;
    }

    /// <summary>Plain linear CKA streams from the files, so inputs larger than memory work.</summary>
    private static bool CkaOnly(SimilarityOptions o) =>
        o.Measures.All(m => m == SimilarityMeasure.LinearCka) && o.Permutations == 0 && o.Bootstrap == 0;

    private static SimilarityReport StreamingReport(string x, string y, SimilarityOptions o)
    {
        var r = LinearCkaGrid.ComputePair(x, y, o);
        return new SimilarityReport(x, y, r.Dimensions, r, null, null, null, null, null, null);
    }

    private static void Print(SimilarityReport r)
    {
        static string F(double v) => v.ToString("F5", CultureInfo.InvariantCulture);
        var d = r.Dimensions;
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(r.NameX)}[/] vs [bold]{Markup.Escape(r.NameY)}[/]: n = {d.N}, p_x = {d.ColumnsX}, p_y = {d.ColumnsY}" +
            (d.RankX is { } rx ? $", rank_x = {rx}, rank_y = {d.RankY}" : "") + $"; {Markup.Escape(d.Precision)}");
        if (d.DroppedColumnsX.Count + d.DroppedColumnsY.Count > 0)
            AnsiConsole.MarkupLine($"[yellow]dropped constant columns:[/] x {d.DroppedColumnsX.Count}, y {d.DroppedColumnsY.Count}");
        var t = new Table().AddColumns("measure", "value", "debiased / other", "note");
        if (r.LinearCka is { } c) t.AddRow("linear CKA", F(c.Biased), F(c.Debiased), c.Form.ToString());
        if (r.RbfCka is { } k) t.AddRow("RBF CKA", F(k.Biased), F(k.Debiased), Markup.Escape(k.Kernel));
        if (r.Regression is { } lr) t.AddRow("R²_LR (x|y, y|x)", F(lr.XGivenY), F(lr.YGivenX), lr.Degenerate ? "[red]degenerate[/]" : "");
        if (r.Cca is { } cc) t.AddRow("CCA (R², ρ̄)", F(cc.R2), F(cc.Rho), $"÷{cc.Denominator} ({cc.Normalizer})" + (cc.Degenerate ? " [red]degenerate[/]" : ""));
        if (r.Svcca is { } s) t.AddRow("SVCCA (R², ρ̄)", F(s.R2), F(s.Rho), $"kept {s.KeptX}/{s.KeptY}, var {s.RetainedVarianceX:P1}/{s.RetainedVarianceY:P1}");
        if (r.Permutation is { } p) t.AddRow($"p-value ({p.Permutations} perms)", F(p.PBiased), F(p.PDebiased), $"null mean {F(p.NullMeanBiased)}");
        if (r.Bootstrap is { } b) t.AddRow($"{b.Level:P0} CI ({b.Resamples})", $"{F(b.BiasedLow)}–{F(b.BiasedHigh)}", $"{F(b.DebiasedLow)}–{F(b.DebiasedHigh)}", "");
        AnsiConsole.Write(t);
    }
}
