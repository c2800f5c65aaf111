using Concord.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Concord.Torch.Models;

/// <summary>Builds models from options and a seed, and counts parameters, without exposing tensors to callers.</summary>
public static class ModelFactory
{
    // torch.manual_seed sets libtorch's process-wide generator: seeding and construction must not interleave across threads.
    private static readonly Lock SeedLock = new();

    /// <summary>
    /// Seeds torch (<c>torch.manual_seed(seed)</c>, as the authors did before <c>CNN()</c>) and builds the model on the CPU.
    /// Throws <see cref="ConcordException"/> for invalid options (e.g. an input too small for the architecture).
    /// </summary>
    public static nn.Module<Tensor, Tensor> Create(ModelOptions options, long seed)
    {
        var errors = options.Validate().ToList();
        if (errors.Count > 0) throw new ConcordException(string.Join("; ", errors));
        lock (SeedLock)
        {
            torch.manual_seed(seed);
            return options.Architecture == Architecture.FeedForward ? new FeedForwardNet(options) : new ConvNet(options);
        }
    }

    /// <summary>Number of trainable parameters (Σ numel), as in the study's Tables 7–9.</summary>
    public static long ParameterCount(ModelOptions options)
    {
        using var model = Create(options, 0);
        return ParameterCount(model);
    }

    internal static long ParameterCount(nn.Module model) => model.parameters().Sum(p => p.numel());
}
