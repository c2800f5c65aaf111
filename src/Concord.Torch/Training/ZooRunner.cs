using Concord.Networks;
using Concord.Torch.Activations;
using Concord.Torch.Data;
using Concord.Torch.Models;

namespace Concord.Torch.Training;

/// <summary>
/// Trains every architecture × seed of <see cref="ZooOptions"/> on one task and extracts trained and untrained taps.
/// Layout: <c>OUT/&lt;arch&gt;/seed-&lt;s&gt;/model/</c> (see <see cref="Trainer"/>), <c>…/trained/</c> and
/// <c>…/untrained/</c> (see <see cref="ActivationExtractor"/>). A rerun resumes each training from its checkpoint.
/// This is the library entry point for the demo and the experiments; it contains no math of its own.
/// </summary>
public sealed class ZooRunner
{
    private readonly ZooOptions _options;

    public ZooRunner(ZooOptions options)
    {
        var errors = options.Validate().ToList();
        if (errors.Count > 0) throw new ConcordException(string.Join("; ", errors));
        _options = options;
    }

    public IReadOnlyList<ZooRunResult> Run(string cacheDir, string task, string outDir,
        IProgress<ZooProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var cache = new MelCache(cacheDir);
        cache.Task(task);
        var trainer = new Trainer(_options.Training);
        var extractor = new ActivationExtractor(_options.Extraction);
        var results = new List<ZooRunResult>();
        int runs = _options.Architectures.Count * _options.Seeds.Count, run = 0;
        foreach (var arch in _options.Architectures)
            foreach (long seed in _options.Seeds)
            {
                run++;
                cancellationToken.ThrowIfCancellationRequested();
                string folder = Path.Combine(outDir, ArchitectureNames.ToName(arch), $"seed-{seed}");
                var model = _options.Model with { Architecture = arch };
                int r = run;
                progress?.Report(new ZooProgress(r, runs, arch, seed, "train", null));
                var inner = progress is null ? null : new Relay<TrainingProgress>(p => progress.Report(new ZooProgress(r, runs, arch, seed, "train", p)));
                var trained = trainer.Train(cache, task, model, seed, Path.Combine(folder, "model"), inner, cancellationToken);
                ExtractionResult? fromTrained = null, fromUntrained = null;
                if (arch != Architecture.FeedForward)
                {
                    if (_options.ExtractTrained)
                    {
                        progress?.Report(new ZooProgress(r, runs, arch, seed, "extract-trained", null));
                        fromTrained = extractor.ExtractTrained(trained.ModelPath, cache, Path.Combine(folder, "trained"), null, cancellationToken);
                    }
                    if (_options.ExtractUntrained)
                    {
                        progress?.Report(new ZooProgress(r, runs, arch, seed, "extract-untrained", null));
                        fromUntrained = extractor.ExtractUntrained(trained.Model, seed, cache, Path.Combine(folder, "untrained"), null, cancellationToken);
                    }
                }
                results.Add(new ZooRunResult(arch, seed, folder, trained, fromTrained, fromUntrained));
            }
        return results;
    }

    private sealed class Relay<T>(Action<T> action) : IProgress<T>
    {
        public void Report(T value) => action(value);
    }
}
