using System.Text.Json.Nodes;
using Concord.Torch.Models;
using static TorchSharp.torch;

namespace Concord.Torch.Training;

/// <summary>The description of a trained model file (<see cref="Trainer.ModelFileName"/>): how to rebuild the model and
/// the input normalisation it was trained with.</summary>
public sealed record TrainedModel(string Path, ModelOptions Model, string Task, long Seed, int Epoch, double InputMean, double InputStd)
{
    /// <summary>Reads the header of a model file written by <see cref="Trainer"/>.</summary>
    public static TrainedModel Read(string path)
    {
        var meta = TensorArchive.ReadMeta(path);
        if (meta["kind"]?.GetValue<string>() != "concord-torch-model") throw ConcordException.InFile(path, "not a Concord model file", "kind");
        try
        {
            return new TrainedModel(path, ModelOptionsJson.FromJson((JsonObject)meta["model"]!, path), meta["task"]!.GetValue<string>(),
                meta["seed"]!.GetValue<long>(), meta["epoch"]!.GetValue<int>(), meta["inputMean"]!.GetValue<double>(), meta["inputStd"]!.GetValue<double>());
        }
        catch (Exception ex) when (ex is NullReferenceException or InvalidOperationException or FormatException)
        {
            throw ConcordException.InFile(path, "incomplete model header");
        }
    }

    /// <summary>Builds the module and loads the saved weights and BatchNorm buffers (CPU).</summary>
    internal nn.Module<Tensor, Tensor> Load()
    {
        var net = ModelFactory.Create(Model, Seed);
        var (_, tensors) = TensorArchive.Read(Path);
        try
        {
            using (no_grad())
                foreach (var (name, t) in net.state_dict())
                {
                    if (!tensors.TryGetValue("model/" + name, out var saved) || !saved.shape.SequenceEqual(t.shape))
                        throw ConcordException.InFile(Path, $"model file lacks or mis-shapes '{name}'");
                    t.copy_(saved);
                }
        }
        finally { foreach (var t in tensors.Values) t.Dispose(); }
        if (Trainer.FirstNonFinite(net) is { } bad)
            throw ConcordException.InFile(Path, $"weight '{bad}' holds NaN or infinite values; the model file is damaged or its training diverged");
        return net;
    }
}
