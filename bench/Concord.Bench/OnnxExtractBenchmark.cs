using System.Diagnostics;
using Concord.Activations;
using Concord.IO;
using Concord.Onnx;
using Concord.Torch;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Concord.Bench;

/// <summary>
/// onnx-extract: examples/s of extracting every Conv, activation and pooling tap of the fixture CNN
/// (tests/Concord.Tests/Reference/onnx/cnn.onnx, 32×24 input, BatchNorm folded into the convolutions by the export)
/// through ONNX Runtime (<see cref="OnnxActivationExtractor"/>) and through the same network rebuilt in TorchSharp with the
/// ONNX file's weights, both reading the same inputs.npy, z-scoring each clip, batches of 64, writing float32 .npy files.
/// Prints both rates, their ratio, and the largest difference between the two outputs.
/// Args: [--examples 4000] [--threads 1] [--batch 64]
/// </summary>
public sealed class OnnxExtractBenchmark : IBenchmark
{
    public string Name => "onnx-extract";
    public string Description => "ONNX Runtime vs TorchSharp extraction of all taps of the fixture CNN (examples/s, ratio)";

    public int Run(string[] args)
    {
        int n = BenchArgs.Int(args, "--examples", 4000), threads = BenchArgs.Int(args, "--threads", 1), batch = BenchArgs.Int(args, "--batch", 64);
        string model = Path.Combine(BenchPaths.RepoRoot(), "tests", "Concord.Tests", "Reference", "onnx", "cnn.onnx");
        string dir = Path.Combine(Path.GetTempPath(), "concord-onnx-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Directory.CreateDirectory(dir);
            const int h = 32, w = 24;
            var rng = new Random(5);
            var data = new float[(long)n * h * w];
            for (long i = 0; i < data.Length; i++) data[i] = (float)(-80 * rng.NextDouble());
            string inputs = Path.Combine(dir, "inputs.npy");
            Npy.Write<float>(inputs, data, n, h, w);

            var options = new OnnxExtractionOptions { Input = new() { Normalization = InputNormalization.PerClipZScore }, BatchSize = batch, Threads = threads };
            var extractor = new OnnxActivationExtractor(options);
            extractor.Extract(model, SpectrogramSource.FromArray(inputs, false), Path.Combine(dir, "warm-onnx"));   // warm-up (session, page cache)
            var sw = Stopwatch.StartNew();
            var onnx = extractor.Extract(model, SpectrogramSource.FromArray(inputs, false), Path.Combine(dir, "onnx"));
            double onnxSeconds = sw.Elapsed.TotalSeconds;

            TorchRuntime.SetThreads(threads);
            var net = TorchNetwork.FromOnnx(model);
            net.Extract(inputs, batch, Path.Combine(dir, "warm-torch"));
            sw.Restart();
            var torchFiles = net.Extract(inputs, batch, Path.Combine(dir, "torch"));
            double torchSeconds = sw.Elapsed.TotalSeconds;

            double maxRel = 0;
            for (int k = 0; k < onnx.Files.Count; k++)
            {
                var a = Npy.Read<float>(onnx.Files[k].Path).Data;
                var b = Npy.Read<float>(torchFiles[k]).Data;
                if (a.Length != b.Length) throw new InvalidOperationException($"{onnx.Files[k].Layer}: {a.Length} vs {b.Length} values");
                double max = a.Max(Math.Abs), err = 0;
                for (int i = 0; i < a.Length; i++) err = Math.Max(err, Math.Abs(a[i] - b[i]));
                maxRel = Math.Max(maxRel, err / max);
            }
            Console.WriteLine($"onnx-extract: {onnx.Files.Count} taps ({string.Join(", ", onnx.Files.Select(f => f.OpType))}) of {n} examples {h}×{w}, batch {batch}, {threads} thread(s)");
            Console.WriteLine($"  ONNX Runtime : {n / onnxSeconds,10:F0} examples/s ({onnxSeconds:F2} s)");
            Console.WriteLine($"  TorchSharp   : {n / torchSeconds,10:F0} examples/s ({torchSeconds:F2} s)");
            Console.WriteLine($"  ratio ONNX Runtime / TorchSharp: {torchSeconds / onnxSeconds:F2}; largest difference {maxRel:G2} of max |value|");
            return 0;
        }
        finally { try { Directory.Delete(dir, true); } catch (IOException) { } }
    }

    /// <summary>The fixture CNN in TorchSharp: conv(4,3×3) → ReLU → max-pool 2 → conv(6,3×3,pad 1) → ReLU → avg-pool 2, weights
    /// read from the ONNX file's initialisers (BatchNorm already folded in).</summary>
    private sealed class TorchNetwork(nn.Module<Tensor, Tensor>[] layers)
    {
        public static TorchNetwork FromOnnx(string path)
        {
            var proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
            var init = proto.Graph.Initializer.ToDictionary(t => t.Name);
            var convs = proto.Graph.Node.Where(node => node.OpType == "Conv").ToList();
            nn.Module<Tensor, Tensor> Conv(NodeProto node, long padding)
            {
                var weight = init[node.Input[1]];
                var bias = init[node.Input[2]];
                var conv = nn.Conv2d(weight.Dims[1], weight.Dims[0], (weight.Dims[2], weight.Dims[3]), padding: (padding, padding));
                using (no_grad())
                {
                    conv.weight!.copy_(tensor(Floats(weight), weight.Dims.ToArray()));
                    conv.bias!.copy_(tensor(Floats(bias), bias.Dims.ToArray()));
                }
                return conv;
            }
            return new TorchNetwork([Conv(convs[0], 0), nn.ReLU(), nn.MaxPool2d(2), Conv(convs[1], 1), nn.ReLU(), nn.AvgPool2d(2)]);
        }

        private static float[] Floats(TensorProto t) =>
            t.FloatData.Count > 0 ? t.FloatData.ToArray() : System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray();

        /// <summary>Streams the six taps of every example of the [N, H, W] file to OUT/tap{k}.npy; returns the paths.</summary>
        public List<string> Extract(string inputs, int batch, string outDir)
        {
            Directory.CreateDirectory(outDir);
            using var reader = new NpyReader(inputs);
            int n = (int)reader.Header.Shape[0], h = (int)reader.Header.Shape[1], w = (int)reader.Header.Shape[2], len = h * w;
            var writers = new ActivationRowWriter?[layers.Length];
            var paths = Enumerable.Range(0, layers.Length).Select(k => Path.Combine(outDir, $"tap{k}.npy")).ToList();
            try
            {
                using var noGrad = no_grad();
                var buf = new float[batch * len];
                for (int b = 0; b < n; b += batch)
                {
                    using var scope = NewDisposeScope();
                    int m = Math.Min(batch, n - b);
                    reader.ReadRows(b, m, buf.AsSpan(0, m * len));
                    for (int r = 0; r < m; r++) ZScore(buf.AsSpan(r * len, len));
                    var x = tensor(buf.AsSpan(0, m * len).ToArray(), [m, 1, h, w]);
                    for (int k = 0; k < layers.Length; k++)
                    {
                        x = layers[k].call(x);
                        var values = x.contiguous().data<float>().ToArray();
                        writers[k] ??= new ActivationRowWriter(paths[k], n, values.Length / m, ActivationStorage.Float32);
                        writers[k]!.Write(values);
                    }
                }
                foreach (var wr in writers) wr!.Commit();
                return paths;
            }
            finally { foreach (var wr in writers) wr?.Dispose(); }
        }

        private static void ZScore(Span<float> row)
        {
            double s = 0, s2 = 0;
            foreach (float v in row) { s += v; s2 += (double)v * v; }
            double mean = s / row.Length, sd = Math.Sqrt(Math.Max(0, s2 / row.Length - mean * mean));
            for (int i = 0; i < row.Length; i++) row[i] = (float)((row[i] - mean) / sd);
        }
    }
}
