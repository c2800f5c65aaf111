using Concord.Networks;
using System.ComponentModel;
using Concord.Torch.Data;
using Concord.Torch.Models;
using Concord.Torch.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Concord.Cli.Commands;

/// <summary><c>concord train</c>: trains one architecture on one task of a prepared cache, resuming from a checkpoint.</summary>
public sealed class TrainCommand : Command<TrainCommand.Settings>
{
    public sealed class Settings : TorchSettings
    {
        [CommandOption("--arch <ARCH>")]
        [Description("Architecture: regular, deformable, dilated, freq1d, time1d or feedforward.")]
        public string Arch { get; init; } = "regular";

        [CommandOption("--task <NAME>")]
        [Description("Task (label column) of the cache's tasks.json.")]
        public string? Task { get; init; }

        [CommandOption("--epochs <E>")]
        [Description("Epochs (the authors' code ran 100; the paper says 150).")]
        public int Epochs { get; init; } = 100;

        [CommandOption("--batch-size <B>")]
        [Description("Mini-batch size (default 64).")]
        public int BatchSize { get; init; } = 64;

        public override ValidationResult Validate()
        {
            var v = base.Validate();
            if (!v.Successful) return v;
            if (!ArchitectureNames.TryParse(Arch, out _)) return ValidationResult.Error($"--arch must be one of {ArchitectureNames.All}");
            if (string.IsNullOrWhiteSpace(Task)) return ValidationResult.Error("--task is required");
            if (Epochs < 1) return ValidationResult.Error("--epochs must be ≥ 1");
            return BatchSize < 1 ? ValidationResult.Error("--batch-size must be ≥ 1") : ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArchitectureNames.TryParse(settings.Arch, out var arch);
        bool paper = settings.Profile == Profile.Paper;
        var model = new ModelOptions { Architecture = arch, Channels = settings.ParsedChannels()! };
        var training = new TrainingOptions { Epochs = settings.Epochs, BatchSize = settings.BatchSize, Device = settings.Device, Threads = settings.Threads };
        if (paper) { model = model.AsPaper(); training = training.AsPaper(); }
        var trainer = new Trainer(training);
        using var cache = new MelCache(settings.Cache!);
        TrainingResult? result = null;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var bar = ctx.AddTask($"{ArchitectureNames.ToName(arch)} seed {settings.Seed}", maxValue: settings.Epochs);
                var progress = new SyncProgress<TrainingProgress>(p =>
                {
                    bar.Description = $"{ArchitectureNames.ToName(arch)} epoch {p.Epoch}/{p.Epochs} loss {p.Loss:F4} {p.ExamplesPerSecond:F0} ex/s";
                    bar.Value = p.Completed is not null ? p.Epoch : p.Epoch - 1 + (double)p.Batch / Math.Max(1, p.Batches);
                });
                result = trainer.Train(cache, settings.Task!, model, settings.Seed, settings.Out!, progress, cancellationToken);
            });
        var r = result!;
        string metric = r.Model.Head == ModelHead.Regression ? "RMSE" : "accuracy";
        if (r.ResumedFromEpoch > 0) AnsiConsole.MarkupLine($"resumed from epoch {r.ResumedFromEpoch}");
        AnsiConsole.MarkupLine($"{ArchitectureNames.ToName(arch)} ({r.ParameterCount} parameters), epoch {r.Final.Epoch}: train loss {r.Final.TrainLoss:F4} {metric} {r.Final.TrainMetric:F4}, test loss {r.Final.TestLoss:F4} {metric} {r.Final.TestMetric:F4}");
        AnsiConsole.MarkupLine($"model → {Markup.Escape(r.ModelPath)}");
        return 0;
    }
}
