namespace Concord.Torch.Data;

/// <summary>The kind of a label column in a prepared cache's tasks.json.</summary>
public enum TaskKind
{
    Classification,
    Regression,
    Group,
}
