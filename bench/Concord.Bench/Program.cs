using Concord.Bench;

// The same process-wide settings as the CLI (docs/torch.md, "Process settings"), before the first torch call;
// CONCORD_ALLOCATOR=system and CONCORD_OMP_WAIT=default turn them off.
var settings = Concord.Torch.TorchRuntime.ConfigureProcess();

// Usage: dotnet run --project bench/Concord.Bench -c Release -- <benchmark> [args]
// Each benchmark prints its measured figure(s) and, where the issue names a reference, the ratio against it.
IBenchmark[] all =
[
    new MelBenchmark(),
    new FeaturesBenchmark(),
    new SynthDatasetBenchmark(),
    new SimilarityBenchmark(),
    new TorchTrainBenchmark(),
    new TorchProfileBenchmark(),
    new ConvKernelsBenchmark(),
    new TorchZooBenchmark(),
    new ProbesBenchmark(),
    new ExplorationBenchmark(),
    new OnnxExtractBenchmark(),
    new StudyJobsBenchmark(),
    new StudyFloat16Benchmark(),
    new CorruptRerunBenchmark(),
    new StudyScaleBenchmark(),
];

if (args.Length == 0 || args[0] is "-h" or "--help" || !all.Any(b => b.Name == args[0]))
{
    Console.WriteLine("usage: concord-bench <benchmark> [args]\n\nbenchmarks:");
    foreach (var b in all) Console.WriteLine($"  {b.Name,-24} {b.Description}");
    return args.Length == 0 || args[0] is "-h" or "--help" ? 0 : 2;
}
Console.WriteLine(settings.Description);
return all.First(b => b.Name == args[0]).Run(args[1..]);
