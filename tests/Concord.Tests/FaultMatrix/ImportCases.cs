using System.Text.Json.Nodes;
using Concord.IO;
using Concord.Tests.Infrastructure;
using Google.Protobuf;
using Onnx;
using static Concord.Tests.FaultMatrix.FaultInputs;

namespace Concord.Tests.FaultMatrix;

/// <summary>
/// Issue 16's bad inputs in a study config: an imported network whose file, layers, input size or opset cannot be used,
/// an external feature whose file is wrong, and an arrays dataset whose labels do not match its inputs. Each is refused
/// before the run folder exists, naming the file and the node or field.
/// </summary>
public static class ImportCases
{
    private static string Fixture(string name) => TestPaths.Reference("onnx", name);

    private static Action<JsonObject> Network(string path, params string[] layers) => c =>
        c["networks"] = new JsonArray(new JsonObject
        {
            ["name"] = "tagger", ["onnx"] = path,
            ["layers"] = new JsonArray(layers.Length == 0 ? [JsonValue.Create("auto")] : layers.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
        });

    private static Action<JsonObject> Feature(string npy, string ids) => c =>
        c["features"] = new JsonArray("mean_power", new JsonObject { ["name"] = "mine", ["npy"] = npy, ["ids"] = ids });

    /// <summary>An arrays dataset of four 8 × 8 inputs with <paramref name="labelsCsv"/> and one external feature (no built-in ones).</summary>
    private static Action<JsonObject> ArraysDataset(string d, string labelsCsv) => c =>
    {
        string inputs = Path.Combine(d, "inputs.npy");
        Npy.Write<float>(inputs, new float[4 * 8 * 8], 4, 8, 8);
        c["dataset"] = new JsonObject { ["kind"] = "arrays", ["path"] = inputs, ["labels"] = Text(d, "labels.csv", labelsCsv), ["mainTask"] = "shape" };
        Feature(FloatNpy(d, "f.npy", 4, 1), Text(d, "ids.csv", "id\na\nb\nc\nd\n"))(c);
        c["features"]!.AsArray().RemoveAt(0);
    };

    private static string[] Case(string d, Func<string, Action<JsonObject>> edit) => FaultCases.RunConfig(d, edit(d));

    private static string Copy(string d, string fixture)
    {
        string path = Path.Combine(d, fixture);
        File.Copy(Fixture(fixture), path);
        return path;
    }

    private static string FutureOpset(string d)
    {
        var proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Fixture("study_cnn.onnx")));
        proto.OpsetImport.Single(o => o.Domain == "").Version = 1000;
        string path = Path.Combine(d, "future.onnx");
        File.WriteAllBytes(path, proto.ToByteArray());
        return path;
    }

    private static string FloatNpy(string d, string name, int rows, int cols)
    {
        string path = Path.Combine(d, name);
        Npy.Write<float>(path, Enumerable.Range(0, rows * cols).Select(i => (float)i).ToArray(), rows, cols);
        return path;
    }

    public static IReadOnlyList<FaultCase> All { get; } =
    [
        FaultCases.ConfigCase("import-onnx-input-size", c => { }, "") with
        {
            // cnn.onnx takes [batch, 1, 32, 24]; the study's spectrograms are 128 × 128.
            Setup = d => Case(d, d => Network(Copy(d, "cnn.onnx"))), ErrorContains = "cnn.onnx: field 'input': input 'mel' takes [batch, 1, 32, 24]",
        },
        FaultCases.ConfigCase("import-onnx-unknown-layer", c => { }, "") with
        {
            Setup = d => Case(d, d => Network(Copy(d, "study_cnn.onnx"), "/conv1/Cnv_output_0")),
            ErrorContains = "no tensor named '/conv1/Cnv_output_0' (nearest: /conv1/Conv_output_0",
        },
        FaultCases.ConfigCase("import-onnx-corrupt", c => { }, "") with
        {
            Setup = d => Case(d, d => Network(Text(d, "model.onnx", "this is not a model"))), ErrorContains = "model.onnx: not an ONNX model",
        },
        FaultCases.ConfigCase("import-onnx-opset", c => { }, "") with
        {
            Setup = d => Case(d, d => Network(FutureOpset(d))), ErrorContains = "future.onnx: field 'opset_import': ",
        },
        FaultCases.ConfigCase("import-network-builtin-name", c => { }, "") with
        {
            Setup = d => Case(d, d => c => { Network(Copy(d, "study_cnn.onnx"))(c); c["networks"]![0]!["name"] = "regular"; }),
            ErrorContains = "networks[0].name: 'regular' is the name of a built-in architecture",
        },
        FaultCases.ConfigCase("import-feature-row-count", c => { }, "") with
        {
            Setup = d => Case(d, d => Feature(FloatNpy(d, "f.npy", 3, 2), Text(d, "ids.csv", "id\na\nb\n"))), ErrorContains = "f.npy: 3 rows but",
        },
        FaultCases.ConfigCase("import-feature-duplicate-id", c => { }, "") with
        {
            Setup = d => Case(d, d => Feature(FloatNpy(d, "f.npy", 2, 2), Text(d, "ids.csv", "id\na\na\n"))), ErrorContains = "ids.csv: field 'id': row 3: duplicate id 'a'",
        },
        FaultCases.ConfigCase("import-feature-non-numeric", c => { }, "") with
        {
            Setup = d => Case(d, d =>
            {
                string path = Path.Combine(d, "flags.npy");
                Npy.Write<bool>(path, [true, false], 2, 1);
                return Feature(path, Text(d, "ids.csv", "id\na\nb\n"));
            }),
            ErrorContains = "flags.npy: dtype |b1 is not numeric",
        },
        FaultCases.ConfigCase("import-feature-builtin-name", c => c["features"] = new JsonArray("mean_power", new JsonObject { ["name"] = "rms", ["npy"] = "x.npy", ["ids"] = "ids.csv" }),
            "features[1].name: 'rms' is a built-in feature"),
        FaultCases.ConfigCase("import-arrays-label-count", c => { }, "") with
        {
            Setup = d => Case(d, d => ArraysDataset(d, "id,shape\na,round\nb,square\nc,round\n")),
            ErrorContains = "labels.csv: 3 label rows but",
        },
        FaultCases.ConfigCase("import-arrays-too-small", c => { }, "") with
        {
            // 8 × 8 images: the Regular network's conv3 output would be empty.
            Setup = d => Case(d, d => ArraysDataset(d, "id,shape\na,round\nb,square\nc,round\nd,square\n")),
            ErrorContains = "architectures[0]: 'Regular' cannot take the study's inputs: input 8×8 (mels×frames) is too small",
        },
        FaultCases.ConfigCase("import-arrays-audio-feature", c => c["dataset"] = new JsonObject { ["kind"] = "arrays", ["path"] = "in.npy", ["labels"] = "l.csv", ["mainTask"] = "shape" },
            "features[0]: 'mean_power' is computed from audio, which an arrays dataset does not have"),
    ];
}
