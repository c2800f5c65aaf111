namespace Concord.Torch.Data;

/// <summary>One task of a prepared cache: its name, kind and (for classification) class names.</summary>
public sealed record CacheTask(string Name, TaskKind Kind, IReadOnlyList<string> Classes);
