using Concord.Networks;
using Concord.Torch.Models;

namespace Concord.Torch.Training;

/// <summary>Sweep progress: run <paramref name="Run"/> of <paramref name="Runs"/> (1-based), its stage
/// ("train", "extract-trained", "extract-untrained") and, while training, the trainer's own report.</summary>
public sealed record ZooProgress(int Run, int Runs, Architecture Architecture, long Seed, string Stage, TrainingProgress? Training);
