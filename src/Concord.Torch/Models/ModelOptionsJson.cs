using Concord.Networks;
using System.Text.Json.Nodes;

namespace Concord.Torch.Models;

/// <summary>(De)serialises <see cref="ModelOptions"/> into model and checkpoint headers.</summary>
internal static class ModelOptionsJson
{
    public static JsonObject ToJson(ModelOptions o) => new()
    {
        ["architecture"] = o.Architecture.ToString(),
        ["mels"] = o.Mels,
        ["frames"] = o.Frames,
        ["classes"] = o.Classes,
        ["head"] = o.Head.ToString(),
        ["channels"] = new JsonArray(o.Channels.Conv1, o.Channels.Conv2, o.Channels.Conv3),
        ["softmaxInModel"] = o.SoftmaxInModel,
        ["deformableSampling"] = o.DeformableSampling.ToString(),
    };

    public static ModelOptions FromJson(JsonObject j, string path)
    {
        try
        {
            var ch = j["channels"]!.AsArray();
            return new ModelOptions
            {
                Architecture = Enum.Parse<Architecture>(j["architecture"]!.GetValue<string>()),
                Mels = j["mels"]!.GetValue<int>(),
                Frames = j["frames"]!.GetValue<int>(),
                Classes = j["classes"]!.GetValue<int>(),
                Head = Enum.Parse<ModelHead>(j["head"]!.GetValue<string>()),
                Channels = new ChannelCounts(ch[0]!.GetValue<int>(), ch[1]!.GetValue<int>(), ch[2]!.GetValue<int>()),
                SoftmaxInModel = j["softmaxInModel"]!.GetValue<bool>(),
                DeformableSampling = Enum.Parse<DeformableSampling>(j["deformableSampling"]!.GetValue<string>()),
            };
        }
        catch (Exception ex) when (ex is NullReferenceException or ArgumentException or InvalidOperationException or FormatException)
        {
            throw ConcordException.InFile(path, "model options are missing or invalid", "model");
        }
    }
}
