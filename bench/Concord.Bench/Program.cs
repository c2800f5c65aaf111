using Concord.Bench;

// The same process-wide allocator setting as the CLI (docs/torch.md, "Allocator"); CONCORD_ALLOCATOR=system turns it off.
var allocator = Concord.Torch.NativeAllocator.Configure();

// Usage: dotnet run --project bench/Concord.Bench -c Release -- <benchmark> [args]
// Each benchmark prints its measured figure(s) and, where the issue names a reference, the ratio against it.
IBenchmark[] all =
[
    new MelBenchmark(),
    new FeaturesBenchmark(),
    new SynthDatasetBenchmark(),
    new SimilarityBenchmark(),
    new TorchTrainBenchmark(),
    new TorchZooBenchmark(),
    new ProbesBenchmark(),
];

if (args.Length == 0 || args[0] is "-h" or "--help" || !all.Any(b => b.Name == args[0]))
{
    Console.WriteLine("usage: concord-bench <benchmark> [args]\n\nbenchmarks:");
    foreach (var b in all) Console.WriteLine($"  {b.Name,-24} {b.Description}");
    return args.Length == 0 || args[0] is "-h" or "--help" ? 0 : 2;
}
Console.WriteLine(allocator.Description);
return all.First(b => b.Name == args[0]).Run(args[1..]);
